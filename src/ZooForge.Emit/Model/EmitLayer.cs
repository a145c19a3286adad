namespace ZooForge.Emit.Model;

/// <summary>
/// One entry of the layer schedule: the runtime parameters of one kernel call, field for field
/// the C struct <c>zf_layer</c> of <c>templates/hls/kernels/zf_types.h</c>. Offsets count
/// words of the activation and weight buffers and elements of the parameter buffer.
/// </summary>
public sealed record EmitLayer
{
    /// <summary>Kernel to run: a <c>zf_kind</c> enumerator name (<c>ZF_CONV</c>, <c>ZF_ADD</c>, …).</summary>
    public required string Kind { get; init; }
    /// <summary>Index of the op (in <see cref="EmitModel.Ops"/>) whose output this entry computes.</summary>
    public required int Op { get; init; }
    /// <summary>Name of that op, for comments.</summary>
    public required string Name { get; init; }
    /// <summary>Input activation offset.</summary>
    public int In { get; init; }
    /// <summary>Second input offset (addition); a concatenation part's first channel in its output (whose first word is <see cref="Out"/>); else 0.</summary>
    public int In2 { get; init; }
    /// <summary>Output activation offset.</summary>
    public int Out { get; init; }
    /// <summary>Input channels, height, width.</summary>
    public int N { get; init; }
    /// <inheritdoc cref="N"/>
    public int H { get; init; }
    /// <inheritdoc cref="N"/>
    public int W { get; init; }
    /// <summary>Output channels, height, width.</summary>
    public int M { get; init; }
    /// <inheritdoc cref="M"/>
    public int Oh { get; init; }
    /// <inheritdoc cref="M"/>
    public int Ow { get; init; }
    /// <summary>Kernel, stride and padding (convolution and pooling).</summary>
    public int K { get; init; }
    /// <inheritdoc cref="K"/>
    public int S { get; init; } = 1;
    /// <inheritdoc cref="K"/>
    public int P { get; init; }
    /// <summary>
    /// Window a convolution's engine computes per pass: <see cref="K"/>, or the engine's Tk when
    /// the kernel is larger and runs as ⌈K/Tk⌉² passes. 0 for other kernels.
    /// </summary>
    public int Kw { get; init; }
    /// <summary>Stored weights per kernel.</summary>
    public int Taps { get; init; }
    /// <summary>1 when each kernel's pattern id precedes its weights in the weight stream (pattern-pruned layers), else 0.</summary>
    public int Ids { get; init; }
    /// <summary>First word of the layer's packed weights.</summary>
    public int Wgt { get; init; }
    /// <summary>First parameter of the layer (bias, multiplier, shift, pattern table, ids).</summary>
    public int Prm { get; init; }
    /// <summary>Entries in the layer's pattern table.</summary>
    public int Patterns { get; init; }
    /// <summary>Output clamp.</summary>
    public int Lo { get; init; }
    /// <inheritdoc cref="Lo"/>
    public int Hi { get; init; }
    /// <summary>Multipliers of an addition (or of a concatenation part in <see cref="MulA"/>).</summary>
    public int MulA { get; init; }
    /// <inheritdoc cref="MulA"/>
    public int MulB { get; init; }
    /// <summary>Common shift of an addition, concatenation part or average pool.</summary>
    public int Shift { get; init; }
}
