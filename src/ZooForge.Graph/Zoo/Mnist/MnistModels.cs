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

    /// <summary>The architectures by name.</summary>
    public static ZooArchitectures Architectures { get; } = new("zoo",
    [
        ("mnist_vgg", "plain VGG-style 3x3 stacks", MnistVgg.Create),
        ("mnist_lenet5", "LeNet-5 with 5x5 kernels", MnistLeNet5.Create),
        ("mnist_resnet", "residual (ResNet basic blocks)", MnistResNet.Create),
        ("mnist_mobilenetv2", "inverted residual with depthwise 3x3 (MobileNetV2)", MnistMobileNetV2.Create),
        ("mnist_mnasnet", "MnasNet-style stacks with depthwise 3x3 and 5x5", MnistMnasNet.Create),
    ]);

    /// <summary>Architecture names, in presentation order.</summary>
    public static IReadOnlyList<string> Names => Architectures.Names;

    /// <summary>The family each architecture represents.</summary>
    public static string FamilyOf(string name) => Architectures.FamilyOf(name);

    /// <summary>Builds the named architecture (case-insensitive); unknown names throw a <see cref="GraphException"/>.</summary>
    public static Network Create(string name) => Architectures.Create(name);

    /// <summary>Whether <paramref name="name"/> is one of this zoo's architectures.</summary>
    public static bool Contains(string name) => Architectures.Contains(name);
}
