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
    /// <summary>The zoo network's stages (<see cref="MnistMnasNet.Stacks"/>): output channels, stride, expansion, kernel, blocks.</summary>
    public static IReadOnlyList<(int Channels, int Stride, int Expansion, int Kernel, int Depth)> ZooStages { get; } =
        MnistMnasNet.Stacks.Select(s => (s.Channels, s.Stride, s.Expansion, s.Kernel, s.Repeats)).ToList();

    /// <summary>The zoo network's own choices.</summary>
    public static MnasNetArchitecture Zoo { get; } = new(ZooStages.Select(s => new MnasNetStage(s.Expansion, s.Kernel, 1.0, s.Depth)).ToList());

    /// <summary>Output channels of stage <paramref name="stage"/>: the zoo's × the width multiplier, rounded to a multiple of 4 (at least 4).</summary>
    public int Channels(int stage) => Math.Max(4, (int)Math.Round(ZooStages[stage].Channels * Stages[stage].Width / 4, MidpointRounding.AwayFromZero) * 4);

    /// <summary>Key of the architecture alone (the accuracy cache's key): the stages in order.</summary>
    public string Key => string.Join("-", Stages);

    /// <summary>Builds the network, named <c>mnist_mnasnet</c> like the checkpoint it starts from (<see cref="MnistMnasNet.Create(IReadOnlyList{ValueTuple{int, int, int, int, int}})"/>).</summary>
    /// <exception cref="ArgumentException">Not four stages, or a depth outside 1..the zoo's.</exception>
    public Network Build()
    {
        if (Stages.Count != ZooStages.Count) throw new ArgumentException($"an MnasNet architecture has {ZooStages.Count} stages, got {Stages.Count}");
        for (int s = 0; s < Stages.Count; s++)
            if (Stages[s].Depth < 1 || Stages[s].Depth > ZooStages[s].Depth)
                throw new ArgumentException($"stage {s + 1} depth must be 1..{ZooStages[s].Depth}, got {Stages[s].Depth}");
        return MnistMnasNet.Create(Stages.Select((stage, s) => (Channels(s), stage.Kernel, ZooStages[s].Stride, stage.Expansion, stage.Depth)).ToList());
    }

    /// <inheritdoc />
    public override string ToString() => Key;
}
