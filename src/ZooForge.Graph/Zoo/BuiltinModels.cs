using System.Diagnostics.CodeAnalysis;
using ZooForge.Graph.Model;

namespace ZooForge.Graph.Zoo;

/// <summary>
/// Registry of the built-in torchvision ImageNet classifiers. Every model is defined at one
/// 3×224×224 image, and its layer names are torchvision's module names, so a layer reported
/// here can be matched against a PyTorch <c>state_dict</c> or profiler trace.
/// </summary>
public static class BuiltinModels
{
    /// <summary>ImageNet-1k classes: the width of every built-in classifier head.</summary>
    public const int ImageNetClasses = 1000;

    /// <summary>The input every built-in model is defined at: one RGB 224×224 image.</summary>
    public static TensorShape ImageNetInput { get; } = new(3, 224, 224);

    // Declared before Names: static initializers run in textual order.
    private static readonly (string Name, Func<Network> Create)[] Factories =
    [
        ("alexnet", AlexNet.Create),
        ("vgg16", Vgg.Vgg16),
        ("resnet18", ResNet.ResNet18),
        ("resnet34", ResNet.ResNet34),
        ("resnet50", ResNet.ResNet50),
        ("mobilenet_v2", MobileNetV2.Create),
        ("mnasnet0_5", () => MnasNet.Create(0.5)),
        ("mnasnet1_0", () => MnasNet.Create(1.0)),
        ("squeezenet1_1", SqueezeNet.SqueezeNet1_1),
    ];

    /// <summary>Names accepted by <see cref="Create"/>, in presentation order.</summary>
    public static IReadOnlyList<string> Names { get; } = Array.AsReadOnly(Factories.Select(f => f.Name).ToArray());

    /// <summary>
    /// Builds the named model (case-insensitive). Throws a <see cref="GraphException"/> listing
    /// the built-in names if <paramref name="name"/> is unknown.
    /// </summary>
    public static Network Create(string name) =>
        TryCreate(name, out var network)
            ? network
            : throw new GraphException($"unknown model '{name}'; built-in models: {string.Join(", ", Names)}");

    /// <summary>Builds the named model (case-insensitive), or returns false if the name is unknown.</summary>
    public static bool TryCreate(string name, [NotNullWhen(true)] out Network? network)
    {
        foreach (var (known, create) in Factories)
        {
            if (string.Equals(known, name, StringComparison.OrdinalIgnoreCase))
            {
                network = create();
                return true;
            }
        }
        network = null;
        return false;
    }
}
