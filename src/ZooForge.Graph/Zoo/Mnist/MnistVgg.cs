using ZooForge.Graph.Model;

namespace ZooForge.Graph.Zoo.Mnist;

/// <summary>A plain VGG-style network: pairs of 3×3 conv + batch-norm + ReLU, halved by max pooling.</summary>
public static class MnistVgg
{
    /// <summary>Builds <c>mnist_vgg</c>.</summary>
    public static Network Create() => Create("mnist_vgg");

    /// <summary>Builds the same architecture under another name (the Fashion-MNIST zoo reuses it).</summary>
    public static Network Create(string name)
    {
        var b = new NetworkBuilder(name, MnistModels.Input);
        string x = b.Input;
        int index = 0;
        foreach (var (channels, pool) in new[] { (16, false), (16, true), (32, false), (32, true), (64, false) })
        {
            x = b.Conv($"features.{index}", x, channels, kernel: 3, padding: 1, bias: false);
            x = b.BatchNorm($"features.{index + 1}", x);
            x = b.Relu($"features.{index + 2}", x);
            index += 3;
            if (pool)
            {
                x = b.MaxPool($"features.{index}", x, kernel: 2);
                index++;
            }
        }
        x = b.AdaptiveAvgPool("avgpool", x, 1, 1);
        x = b.Flatten("flatten", x);
        b.Linear("classifier", x, MnistModels.Classes);
        return b.Build();
    }
}
