using ZooForge.Graph.Model;

namespace ZooForge.Graph.Zoo;

/// <summary>torchvision's VGG without batch-norm.</summary>
public static class Vgg
{
    // torchvision's configuration "D"; 0 marks a 2×2 max-pool.
    private static readonly int[] Vgg16Config = [64, 64, 0, 128, 128, 0, 256, 256, 256, 0, 512, 512, 512, 0, 512, 512, 512, 0];

    /// <summary>Builds <c>vgg16</c> at 3×224×224.</summary>
    public static Network Vgg16() => Build("vgg16", Vgg16Config);

    private static Network Build(string name, int[] config)
    {
        var b = new NetworkBuilder(name, BuiltinModels.ImageNetInput);
        string x = b.Input;
        int index = 0;
        foreach (int channels in config)
        {
            if (channels == 0)
            {
                x = b.MaxPool($"features.{index++}", x, kernel: 2, stride: 2);
                continue;
            }
            x = b.Conv($"features.{index++}", x, channels, kernel: 3, padding: 1);
            x = b.Relu($"features.{index++}", x);
        }
        x = b.AdaptiveAvgPool("avgpool", x, 7, 7);
        x = b.Flatten("flatten", x);
        // classifier.2 and classifier.5 are Dropout: no layer, but the numbering is kept.
        x = b.Linear("classifier.0", x, 4096);
        x = b.Relu("classifier.1", x);
        x = b.Linear("classifier.3", x, 4096);
        x = b.Relu("classifier.4", x);
        b.Linear("classifier.6", x, BuiltinModels.ImageNetClasses);
        return b.Build();
    }
}
