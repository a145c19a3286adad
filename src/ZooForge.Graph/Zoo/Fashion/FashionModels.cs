using ZooForge.Graph.Model;
using ZooForge.Graph.Zoo.Mnist;

namespace ZooForge.Graph.Zoo.Fashion;

/// <summary>
/// The project's zoo for 1×28×28 Fashion-MNIST clothes: the MNIST zoo's architectures, built by
/// the same builders under <c>fashion_*</c> names, so both zoos have the same sizes, MAC counts
/// and hardware costs and differ only in their trained weights.
/// </summary>
public static class FashionModels
{
    /// <summary>Ten clothing classes.</summary>
    public const int Classes = 10;

    private static readonly (string Name, string Family, Func<Network> Create)[] Factories =
    [
        ("fashion_vgg", "plain VGG-style 3x3 stacks", () => MnistVgg.Create("fashion_vgg")),
        ("fashion_lenet5", "LeNet-5 with 5x5 kernels", () => MnistLeNet5.Create("fashion_lenet5")),
        ("fashion_resnet", "residual (ResNet basic blocks)", () => MnistResNet.Create("fashion_resnet")),
    ];

    /// <summary>Architecture names, in presentation order.</summary>
    public static IReadOnlyList<string> Names { get; } = Factories.Select(f => f.Name).ToArray();

    /// <summary>The family each architecture represents.</summary>
    public static string FamilyOf(string name) => Find(name).Family;

    /// <summary>Builds the named architecture (case-insensitive); unknown names throw a <see cref="GraphException"/>.</summary>
    public static Network Create(string name) => Find(name).Create();

    /// <summary>Whether <paramref name="name"/> is a Fashion zoo architecture.</summary>
    public static bool Contains(string name) =>
        Factories.Any(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    private static (string Name, string Family, Func<Network> Create) Find(string name) =>
        Factories.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase)) is { Create: not null } f
            ? f
            : throw new GraphException($"unknown Fashion-MNIST zoo model '{name}'; models: {string.Join(", ", Factories.Select(x => x.Name))}");
}
