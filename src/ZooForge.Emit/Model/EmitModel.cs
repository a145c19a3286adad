namespace ZooForge.Emit.Model;

/// <summary>
/// Everything the per-design templates read (their public API: a template may use only these
/// members, in snake_case). Built from a design and its quantized network by the passes of
/// <see cref="Passes.EmitPipeline"/>; every number is final, templates only lay text out.
/// </summary>
public sealed record EmitModel
{
    /// <summary>Design name (a C identifier): prefix of every generated file and symbol.</summary>
    public required string Name { get; init; }
    /// <summary>Network name.</summary>
    public required string Network { get; init; }
    /// <summary>Quantization scheme, e.g. <c>int8</c>.</summary>
    public required string Scheme { get; init; }
    /// <summary>Bits of every activation and weight.</summary>
    public required int Bits { get; init; }
    /// <summary>Device catalogue name.</summary>
    public required string Device { get; init; }
    /// <summary>Xilinx part (set_part).</summary>
    public required string Part { get; init; }
    /// <summary>Clock in MHz.</summary>
    public required string ClockMhz { get; init; }
    /// <summary>Clock period in ns (create_clock).</summary>
    public required string ClockPeriodNs { get; init; }
    /// <summary>Tiling of the convolution engine.</summary>
    public required EmitEngine Conv { get; init; }
    /// <summary>Tiling of the depthwise engine (the conv engine's Tm, Tr, Tc, Tk when the design has none and the network needs none).</summary>
    public required EmitEngine Depthwise { get; init; }
    /// <summary>1 when the engines are dense (<c>ZF_DENSE</c>: no per-PE pattern window select), else 0.</summary>
    public required int Dense { get; init; }
    /// <summary>Largest convolution stride (sizes the input tiles' halo).</summary>
    public required int MaxStride { get; init; }
    /// <summary>Most stored weights per kernel over all convolutions.</summary>
    public required int MaxTaps { get; init; }
    /// <summary>Most entries in one convolution's pattern table (sizes the pattern ROM).</summary>
    public required int MaxPatterns { get; init; }
    /// <summary>Weights in one beat (word) of the weight port, 16 bits per W_p lane.</summary>
    public required int WeightWord { get; init; }
    /// <summary>Words of the packed weights.</summary>
    public required int WeightWords { get; init; }
    /// <summary>Multiply-accumulates per DSP48: 2 (two pixels per product) at 8 bits or fewer, else 1.</summary>
    public required int MacsPerDsp { get; init; }
    /// <summary>Largest pooling window side.</summary>
    public required int MaxWindow { get; init; }
    /// <summary>AXI width in bits of the weight port (16 per lane, rounded down to a power of two).</summary>
    public required int WeightPortBits { get; init; }
    /// <summary>Activations in one word of the activation ports (16 bits per I_p = O_p lane): the channel block of the layout.</summary>
    public required int ActivationWord { get; init; }
    /// <summary>Words of the activation buffer (input and every op's output).</summary>
    public required int ActivationWords { get; init; }
    /// <summary>Most elements of one tensor (input or op output).</summary>
    public required int MaxElements { get; init; }
    /// <summary>Largest input plane (height × width words) of a pooling layer (sizes its plane buffer).</summary>
    public required int MaxPoolPlane { get; init; }
    /// <summary>Input channels, height and width.</summary>
    public required int InputChannels { get; init; }
    /// <inheritdoc cref="InputChannels"/>
    public required int InputHeight { get; init; }
    /// <inheritdoc cref="InputChannels"/>
    public required int InputWidth { get; init; }
    /// <summary>Input tensor: offset (always 0) and elements.</summary>
    public required int InputElements { get; init; }
    /// <summary>Input shape, for comments.</summary>
    public required string InputShape { get; init; }
    /// <summary>Every op in execution order with its output region.</summary>
    public required IReadOnlyList<EmitOp> Ops { get; init; }
    /// <summary>The layer schedule the top function runs.</summary>
    public required IReadOnlyList<EmitLayer> Layers { get; init; }
    /// <summary>Index of the output op (logits).</summary>
    public required int OutputOp { get; init; }
    /// <summary>Packed weights (values, a whole number of words): count and C initializer rows.</summary>
    public required int WeightCount { get; init; }
    /// <inheritdoc cref="WeightCount"/>
    public required IReadOnlyList<string> WeightRows { get; init; }
    /// <summary>C type holding one stored weight (<c>int8_t</c> or <c>int16_t</c>).</summary>
    public required string WeightStorage { get; init; }
    /// <summary>Packed parameters (bias, multiplier, shift, pattern tables, pattern ids): count and C initializer rows.</summary>
    public required int ParamCount { get; init; }
    /// <inheritdoc cref="ParamCount"/>
    public required IReadOnlyList<string> ParamRows { get; init; }
    /// <summary>Which kernels the schedule calls.</summary>
    public required bool UsesConv { get; init; }
    /// <inheritdoc cref="UsesConv"/>
    public required bool UsesDepthwise { get; init; }
    /// <inheritdoc cref="UsesConv"/>
    public required bool UsesPool { get; init; }
    /// <inheritdoc cref="UsesConv"/>
    public required bool UsesEltwise { get; init; }
    /// <summary>Kernel headers copied into the project (file names under <c>kernels/</c>).</summary>
    public required IReadOnlyList<string> KernelHeaders { get; init; }
}
