using System.Globalization;
using ZooForge.Graph.Model;
using ZooForge.Graph.Zoo.Mnist;

namespace ZooForge.Search.Nahas;

/// <summary>One stage of an MnasNet-style network: its inverted-bottleneck blocks' choices.</summary>
/// <param name="Expansion">Expansion ratio of every block (3 or 6 in the space).</param>
/// <param name="Kernel">Depthwise kernel of every block (3 or 5).</param>
/// <param name="Width">Multiplier of the stage's output channels.</param>
/// <param name="Depth">Blocks in the stage (at most the zoo network's).</param>
public sealed record MnasNetStage(int Expansion, int Kernel, double Width, int Depth)
{
    /// <summary>Short form used in keys and reports, e.g. <c>e6k5w0.75d2</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"e{Expansion}k{Kernel}w{Width:0.##}d{Depth}");
}

/// <summary>
/// A member of the zoo's MnasNet family (<see cref="MnistMnasNet"/>): the same stem, head and layer
/// names (<c>layers.N…</c>), with each of the four stages' expansion, kernel, width and depth chosen.
/// <see cref="Zoo"/> rebuilds <c>mnist_mnasnet</c> itself, so its checkpoint hot-starts every member.
/// </summary>
public sealed record MnasNetArchitecture(IReadOnlyList<MnasNetStage> Stages)
{
    /// <summary>The zoo network's stages: (output channels, stride, expansion, kernel, blocks), as <see cref="MnistMnasNet"/> builds them.</summary>
    public static IReadOnlyList<(int Channels, int Stride, int Expansion, int Kernel, int Depth)> ZooStages { get; } =
        [(16, 2, 3, 3, 2), (24, 2, 3, 5, 2), (32, 1, 6, 5, 2), (48, 1, 6, 3, 1)];

    /// <summary>The zoo network's own choices.</summary>
    public static MnasNetArchitecture Zoo { get; } = new(ZooStages.Select(s => new MnasNetStage(s.Expansion, s.Kernel, 1.0, s.Depth)).ToList());

    /// <summary>Output channels of stage <paramref name="stage"/>: the zoo's × the width multiplier, rounded to a multiple of 4 (at least 4).</summary>
    public int Channels(int stage) => Math.Max(4, (int)Math.Round(ZooStages[stage].Channels * Stages[stage].Width / 4, MidpointRounding.AwayFromZero) * 4);

    /// <summary>Key of the architecture alone (the accuracy cache's key): the stages in order.</summary>
    public string Key => string.Join("-", Stages);

    /// <summary>Builds the network, named <c>mnist_mnasnet</c> like the checkpoint it starts from.</summary>
    /// <exception cref="ArgumentException">Not four stages, or a depth outside 1..the zoo's.</exception>
    public Network Build()
    {
        if (Stages.Count != ZooStages.Count) throw new ArgumentException($"an MnasNet architecture has {ZooStages.Count} stages, got {Stages.Count}");
        var b = new NetworkBuilder("mnist_mnasnet", MnistModels.Input);
        string x = b.Conv("layers.0", b.Input, 16, kernel: 3, padding: 1, bias: false);
        x = b.BatchNorm("layers.1", x);
        x = b.Relu("layers.2", x);
        x = b.DepthwiseConv("layers.3", x, kernel: 3, padding: 1);
        x = b.BatchNorm("layers.4", x);
        x = b.Relu("layers.5", x);
        x = b.Conv("layers.6", x, 8, kernel: 1, bias: false);
        x = b.BatchNorm("layers.7", x);
        for (int s = 0; s < Stages.Count; s++)
        {
            var stage = Stages[s];
            if (stage.Depth < 1 || stage.Depth > ZooStages[s].Depth)
                throw new ArgumentException($"stage {s + 1} depth must be 1..{ZooStages[s].Depth}, got {stage.Depth}");
            for (int r = 0; r < stage.Depth; r++)
                x = InvertedResidual(b, $"layers.{8 + s}.{r}", x, Channels(s), stage.Kernel, r == 0 ? ZooStages[s].Stride : 1, stage.Expansion);
        }
        int head = 8 + Stages.Count;
        x = b.Conv($"layers.{head}", x, 128, kernel: 1, bias: false);
        x = b.BatchNorm($"layers.{head + 1}", x);
        x = b.Relu($"layers.{head + 2}", x);
        x = b.AdaptiveAvgPool("avgpool", x, 1, 1);
        x = b.Flatten("flatten", x);
        b.Linear("classifier.1", x, MnistModels.Classes);
        return b.Build();
    }

    /// <inheritdoc />
    public override string ToString() => Key;

    // The zoo's block, layer for layer (MnistMnasNet.InvertedResidual), so checkpoint keys match.
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
