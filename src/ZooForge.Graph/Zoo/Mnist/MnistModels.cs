using ZooForge.Graph.Model;

namespace ZooForge.Graph.Zoo.Mnist;

/// <summary>
/// The project's own zoo for 1×28×28 digits: one small architecture per family the search
/// draws from. They are sized to train on two CPU cores in minutes and to fit an FPGA
/// accelerator's on-chip weight budget, while reaching ≥ 96% on the held-out digits.
/// </summary>
public static class MnistModels
{
    /// <summary>Ten digit classes.</summary>
    public const int Classes = 10;

    /// <summary>One grey 28×28 digit.</summary>
    public static TensorShape Input { get; } = new(1, 28, 28);

    private static readonly (string Name, string Family, Func<Network> Create)[] Factories =
    [
        ("mnist_vgg", "plain VGG-style 3x3 stacks", MnistVgg.Create),
        ("mnist_lenet5", "LeNet-5 with 5x5 kernels", MnistLeNet5.Create),
        ("mnist_resnet", "residual (ResNet basic blocks)", MnistResNet.Create),
        ("mnist_mobilenetv2", "inverted residual with depthwise 3x3 (MobileNetV2)", MnistMobileNetV2.Create),
        ("mnist_mnasnet", "MnasNet-style stacks with depthwise 3x3 and 5x5", MnistMnasNet.Create),
    ];

    /// <summary>Architecture names, in presentation order.</summary>
    public static IReadOnlyList<string> Names { get; } = Factories.Select(f => f.Name).ToArray();

    /// <summary>The family each architecture represents.</summary>
    public static string FamilyOf(string name) => Find(name).Family;

    /// <summary>Builds the named architecture (case-insensitive); unknown names throw a <see cref="GraphException"/>.</summary>
    public static Network Create(string name) => Find(name).Create();

    /// <summary>Whether <paramref name="name"/> is a zoo architecture.</summary>
    public static bool Contains(string name) =>
        Factories.Any(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    private static (string Name, string Family, Func<Network> Create) Find(string name) =>
        Factories.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase)) is { Create: not null } f
            ? f
            : throw new GraphException($"unknown zoo model '{name}'; zoo models: {string.Join(", ", Factories.Select(x => x.Name))}");
}
