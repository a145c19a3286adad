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

    /// <summary>The architectures by name.</summary>
    public static ZooArchitectures Architectures { get; } = new("Fashion-MNIST zoo",
    [
        ("fashion_vgg", "plain VGG-style 3x3 stacks", () => MnistVgg.Create("fashion_vgg")),
        ("fashion_lenet5", "LeNet-5 with 5x5 kernels", () => MnistLeNet5.Create("fashion_lenet5")),
        ("fashion_resnet", "residual (ResNet basic blocks)", () => MnistResNet.Create("fashion_resnet")),
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
