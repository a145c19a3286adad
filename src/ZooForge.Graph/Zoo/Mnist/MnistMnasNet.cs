using ZooForge.Graph.Model;

namespace ZooForge.Graph.Zoo.Mnist;

/// <summary>
/// A small MnasNet (Tan et al., 2019): a separable stem, then stacks of inverted residuals
/// mixing depthwise 3×3 and 5×5 kernels with expansion 3 and 6, ReLU, torchvision's
/// <c>layers.N</c> naming.
/// </summary>
public static class MnistMnasNet
{
    /// <summary>Builds <c>mnist_mnasnet</c>.</summary>
    public static Network Create() => Create("mnist_mnasnet");

    /// <summary>Builds the same architecture under another name (the Fashion-MNIST zoo reuses it).</summary>
    public static Network Create(string name)
    {
        var b = new NetworkBuilder(name, MnistModels.Input);
        string x = b.Conv("layers.0", b.Input, 16, kernel: 3, padding: 1, bias: false);
        x = b.BatchNorm("layers.1", x);
        x = b.Relu("layers.2", x);
        x = b.DepthwiseConv("layers.3", x, kernel: 3, padding: 1);
        x = b.BatchNorm("layers.4", x);
        x = b.Relu("layers.5", x);
        x = b.Conv("layers.6", x, 8, kernel: 1, bias: false);
        x = b.BatchNorm("layers.7", x);
        // (output channels, kernel, stride, expansion, repeats)
        var stacks = new[] { (16, 3, 2, 3, 2), (24, 5, 2, 3, 2), (32, 5, 1, 6, 2), (48, 3, 1, 6, 1) };
        for (int s = 0; s < stacks.Length; s++)
        {
            var (c, k, stride, t, repeats) = stacks[s];
            for (int r = 0; r < repeats; r++)
                x = InvertedResidual(b, $"layers.{8 + s}.{r}", x, c, k, r == 0 ? stride : 1, t);
        }
        int head = 8 + stacks.Length;
        x = b.Conv($"layers.{head}", x, 128, kernel: 1, bias: false);
        x = b.BatchNorm($"layers.{head + 1}", x);
        x = b.Relu($"layers.{head + 2}", x);
        x = b.AdaptiveAvgPool("avgpool", x, 1, 1);
        x = b.Flatten("flatten", x);
        b.Linear("classifier.1", x, MnistModels.Classes);
        return b.Build();
    }

    private static string InvertedResidual(NetworkBuilder b, string p, string input, int outChannels, int kernel, int stride, int expansion)
    {
        int inChannels = b.ShapeOf(input).Channels;
        int mid = inChannels * expansion;
        string x = b.Conv($"{p}.layers.0", input, mid, kernel: 1, bias: false);
        x = b.BatchNorm($"{p}.layers.1", x);
        x = b.Relu($"{p}.layers.2", x);
        x = b.DepthwiseConv($"{p}.layers.3", x, kernel: kernel, stride: stride, padding: kernel / 2);
        x = b.BatchNorm($"{p}.layers.4", x);
        x = b.Relu($"{p}.layers.5", x);
        x = b.Conv($"{p}.layers.6", x, outChannels, kernel: 1, bias: false);
        x = b.BatchNorm($"{p}.layers.7", x);
        return stride == 1 && inChannels == outChannels ? b.Sum($"{p}.add", input, x) : x;
    }
}
