using ZooForge.Graph.Model;

namespace ZooForge.Hardware.Workloads;

/// <summary>
/// One layer as the performance models see it, in HotNAS's notation: batch B, M output and
/// N input channels, R×C output, K×K kernel, stride S, padding P; plus the input size H×W,
/// the channel groups, and the compression applied to the layer.
/// </summary>
public readonly record struct LayerWorkload
{
    /// <summary>Layer name in the IR.</summary>
    public required string Name { get; init; }
    /// <summary>The layer's op: a convolution, linear, pooling or add (the ops the accelerator runs).</summary>
    public required OpKind Kind { get; init; }
    /// <summary>Batch.</summary>
    public int B { get; init; }
    /// <summary>Output channels.</summary>
    public int M { get; init; }
    /// <summary>Input channels (per group for grouped convolutions).</summary>
    public int N { get; init; }
    /// <summary>Output rows.</summary>
    public int R { get; init; }
    /// <summary>Output columns.</summary>
    public int C { get; init; }
    /// <summary>Input rows.</summary>
    public int H { get; init; }
    /// <summary>Input columns.</summary>
    public int W { get; init; }
    /// <summary>Kernel size.</summary>
    public int K { get; init; }
    /// <summary>Stride.</summary>
    public int S { get; init; }
    /// <summary>Padding.</summary>
    public int P { get; init; }
    /// <summary>Independent groups run one after another (1 except grouped non-depthwise convolutions).</summary>
    public int Groups { get; init; }
    /// <summary>Kernel positions computed per window: K² when dense, the pattern's non-zeros when pattern-pruned.</summary>
    public int PatternOnes { get; init; }
    /// <summary>True when <see cref="PatternOnes"/> comes from pattern pruning.</summary>
    public bool IsPatternPruned { get; init; }
    /// <summary>Weight bit-width, or 0 for the design's data width.</summary>
    public int WeightBits { get; init; }
    /// <summary>Number of input tensors (2 or more for additions).</summary>
    public int InputCount { get; init; }

    /// <summary>Multiply-accumulates of the layer for the whole batch, dense.</summary>
    public long Macs => Kind switch
    {
        OpKind.Conv or OpKind.GroupedConv or OpKind.Linear => (long)B * Groups * M * N * R * C * K * K,
        OpKind.DepthwiseConv => (long)B * M * R * C * K * K,
        _ => 0,
    };
}
