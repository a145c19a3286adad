using ZooForge.Graph.Model;

namespace ZooForge.Graph.Zoo.Mnist;

/// <summary>
/// A small MnasNet (Tan et al., 2019): a separable stem, then stacks of inverted residuals
/// mixing depthwise 3×3 and 5×5 kernels with expansion 3 and 6, ReLU, torchvision's
/// <c>layers.N</c> naming.
/// </summary>
public static class MnistMnasNet
{
    /// <summary>The zoo network's stacks: (output channels, kernel, stride, expansion, repeats).</summary>
    public static IReadOnlyList<(int Channels, int Kernel, int Stride, int Expansion, int Repeats)> Stacks { get; } =
        [(16, 3, 2, 3, 2), (24, 5, 2, 3, 2), (32, 5, 1, 6, 2), (48, 3, 1, 6, 1)];

    /// <summary>Builds <c>mnist_mnasnet</c>.</summary>
    public static Network Create() => Create("mnist_mnasnet", Stacks);

    /// <summary>Builds the same architecture under another name (the Fashion-MNIST zoo reuses it).</summary>
    public static Network Create(string name) => Create(name, Stacks);

    /// <summary>
    /// A member of the family with other stacks (the NAHAS block space): the same stem, head and
    /// layer names, so the zoo checkpoint's keys apply wherever a layer exists.
    /// </summary>
    public static Network Create(IReadOnlyList<(int Channels, int Kernel, int Stride, int Expansion, int Repeats)> stacks) => Create("mnist_mnasnet", stacks);

    private static Network Create(string name, IReadOnlyList<(int Channels, int Kernel, int Stride, int Expansion, int Repeats)> stacks)
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
        for (int s = 0; s < stacks.Count; s++)
        {
            var (c, k, stride, t, repeats) = stacks[s];
            for (int r = 0; r < repeats; r++)
                x = InvertedResidual(b, $"layers.{8 + s}.{r}", x, c, k, r == 0 ? stride : 1, t);
        }
        int head = 8 + stacks.Count;
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
