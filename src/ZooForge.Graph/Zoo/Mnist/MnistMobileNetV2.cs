using ZooForge.Graph.Model;

namespace ZooForge.Graph.Zoo.Mnist;

/// <summary>
/// A small MobileNetV2: inverted residual blocks (1×1 expansion, depthwise 3×3, 1×1 linear
/// projection) with ReLU6, torchvision's module naming.
/// </summary>
public static class MnistMobileNetV2
{
    /// <summary>Builds <c>mnist_mobilenetv2</c>.</summary>
    public static Network Create() => Create("mnist_mobilenetv2");

    /// <summary>Builds the same architecture under another name (the Fashion-MNIST zoo reuses it).</summary>
    public static Network Create(string name)
    {
        var b = new NetworkBuilder(name, MnistModels.Input);
        string x = b.Conv("features.0.0", b.Input, 16, kernel: 3, padding: 1, bias: false);
        x = b.BatchNorm("features.0.1", x);
        x = b.Relu6("features.0.2", x);
        // (expansion t, output channels c, stride s)
        var blocks = new[] { (1, 16, 1), (4, 24, 2), (4, 24, 1), (4, 32, 2), (4, 32, 1) };
        for (int i = 0; i < blocks.Length; i++)
        {
            var (t, c, s) = blocks[i];
            x = InvertedResidual(b, $"features.{i + 1}", x, t, c, s);
        }
        int last = blocks.Length + 1;
        x = b.Conv($"features.{last}.0", x, 128, kernel: 1, bias: false);
        x = b.BatchNorm($"features.{last}.1", x);
        x = b.Relu6($"features.{last}.2", x);
        x = b.AdaptiveAvgPool("avgpool", x, 1, 1);
        x = b.Flatten("flatten", x);
        b.Linear("classifier.1", x, MnistModels.Classes);
        return b.Build();
    }

    private static string InvertedResidual(NetworkBuilder b, string p, string input, int expansion, int outChannels, int stride)
    {
        int inChannels = b.ShapeOf(input).Channels;
        int hidden = inChannels * expansion;
        string x = input;
        int i = 0;
        if (expansion != 1)
        {
            x = b.Conv($"{p}.conv.{i}.0", x, hidden, kernel: 1, bias: false);
            x = b.BatchNorm($"{p}.conv.{i}.1", x);
            x = b.Relu6($"{p}.conv.{i}.2", x);
            i++;
        }
        x = b.DepthwiseConv($"{p}.conv.{i}.0", x, kernel: 3, stride: stride, padding: 1);
        x = b.BatchNorm($"{p}.conv.{i}.1", x);
        x = b.Relu6($"{p}.conv.{i}.2", x);
        x = b.Conv($"{p}.conv.{i + 1}", x, outChannels, kernel: 1, bias: false);
        x = b.BatchNorm($"{p}.conv.{i + 2}", x);
        return stride == 1 && inChannels == outChannels ? b.Sum($"{p}.add", input, x) : x;
    }
}
