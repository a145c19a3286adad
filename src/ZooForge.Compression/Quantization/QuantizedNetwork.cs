using ZooForge.Compression.Patterns;
using ZooForge.Graph.Model;

namespace ZooForge.Compression.Quantization;

/// <summary>
/// A compressed network lowered to integer operations: what the hardware computes. Every tensor
/// holds signed integers of <see cref="Bits"/> bits with a real scale (value ≈ integer · scale);
/// batch-norm is folded into the convolutions and ReLU/ReLU6 into the clamp of the operation that
/// produces their input. Operations are in topological order; the input is
/// <see cref="Network.InputName"/>.
/// </summary>
public sealed record QuantizedNetwork
{
    /// <summary>Name of the source network.</summary>
    public required string Name { get; init; }
    /// <summary>Scheme the scales follow.</summary>
    public required QuantScheme Scheme { get; init; }
    /// <summary>Activation and weight bits.</summary>
    public int Bits => Scheme.Bits;
    /// <summary>Shape of one input.</summary>
    public required TensorShape InputShape { get; init; }
    /// <summary>Operations in execution order.</summary>
    public required IReadOnlyList<QOp> Ops { get; init; }
    /// <summary>Scale and shape of every tensor, by the name of the op producing it (and of the input).</summary>
    public required IReadOnlyDictionary<string, QTensor> Tensors { get; init; }
    /// <summary>Name of the output tensor (logits).</summary>
    public string OutputName => Ops[^1].Name;
}

/// <summary>A tensor's shape and scale.</summary>
/// <param name="Shape">C×H×W per image.</param>
/// <param name="Scale">Real value of one integer step.</param>
public sealed record QTensor(TensorShape Shape, double Scale);

/// <summary>One integer operation.</summary>
/// <param name="Name">Name of the tensor it produces (the IR layer it came from).</param>
/// <param name="Inputs">Tensors it reads.</param>
public abstract record QOp(string Name, IReadOnlyList<string> Inputs);

/// <summary>
/// Convolution (also fully connected layers, as 1×1 on a 1×1 map):
/// out[m] = Requantize(bias[m] + Σ w·x, Multiplier[m], Shift[m], Lo, Hi).
/// Weights are laid out [M, N/groups, K, K]. Pattern-pruned layers carry their pattern table
/// and one pattern id per (m, n) kernel (−1: the kernel is pruned away entirely); their weights
/// are zero outside the pattern, so dense and pattern-sparse execution agree.
/// </summary>
public sealed record QConv(string Name, string Input, int InChannels, int OutChannels, int Kernel, int Stride, int Padding, int Groups,
    int[] Weights, int[] Bias, int[] Multiplier, int[] Shift, int Lo, int Hi, KernelPatternTable? Patterns = null, int[]? PatternIds = null)
    : QOp(Name, [Input]);

/// <summary>Residual addition: out = clamp(RoundShift(a·MultiplierA + b·MultiplierB, Shift), Lo, Hi).</summary>
public sealed record QAdd(string Name, string A, string B, int MultiplierA, int MultiplierB, int Shift, int Lo, int Hi)
    : QOp(Name, [A, B]);

/// <summary>
/// Max pooling (exact) or average pooling: out = RoundShift(Σ window · Multiplier, Shift) with
/// Multiplier = round(2^Shift / n) for a window of n positions (padding counted, as torch).
/// Adaptive pooling uses its per-window n. The output keeps the input's scale.
/// </summary>
public sealed record QPool(string Name, string Input, bool IsMax, int Kernel, int Stride, int Padding, bool CeilMode,
    int AdaptiveHeight, int AdaptiveWidth, int Shift) : QOp(Name, [Input])
{
    /// <summary>True for adaptive average pooling (Kernel/Stride/Padding unused).</summary>
    public bool IsAdaptive => AdaptiveHeight > 0;
}

/// <summary>Flatten: a reshape, values unchanged.</summary>
public sealed record QFlatten(string Name, string Input) : QOp(Name, [Input]);

/// <summary>Standalone clamp, for a ReLU/ReLU6 that cannot be fused into its producer.</summary>
public sealed record QClamp(string Name, string Input, int Lo, int Hi) : QOp(Name, [Input]);

/// <summary>Channel concatenation; each input is requantized to the output scale: clamp(RoundShift(x·M_i, Shift)).</summary>
public sealed record QConcat(string Name, IReadOnlyList<string> Parts, int[] Multipliers, int Shift, int Lo, int Hi)
    : QOp(Name, Parts);
