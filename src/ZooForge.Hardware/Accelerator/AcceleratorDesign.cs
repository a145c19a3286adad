namespace ZooForge.Hardware.Accelerator;

/// <summary>
/// A design point of the accelerator template: a conventional-convolution engine, an optional
/// depthwise engine (Tn = 1), the shared AXI ports, the data bit-width and the clock.
/// </summary>
public sealed record AcceleratorDesign
{
    /// <summary>The conventional-convolution engine; also runs fully connected layers.</summary>
    public required EngineTiling Conv { get; init; }

    /// <summary>AXI lanes shared by both engines.</summary>
    public required PortWidths Ports { get; init; }

    /// <summary>Depthwise engine with Tm_d lanes, or null when depthwise layers use the conv engine.</summary>
    public EngineTiling? Depthwise { get; init; }

    /// <summary>Activation (and default weight) bit-width: 16 for fixed point, 8 for int8.</summary>
    public int DataBits { get; init; } = 16;

    /// <summary>
    /// Dense engines: every PE of a lane reads the same window position each cycle (all Tk² taps
    /// in turn), so one read per input channel is broadcast to the Tm lanes and no PE has the
    /// pattern-id window multiplexer. Pattern-pruned layers then run their pruned taps as zeros.
    /// False: the patterned engine, whose PEs each select their kernel's pattern positions.
    /// </summary>
    public bool Dense { get; init; }

    /// <summary>Clock in MHz.</summary>
    public double ClockMhz { get; init; } = 200;

    /// <summary>
    /// Multiply-accumulates one DSP48 performs per cycle. At 8 bits or fewer two MACs that share
    /// an operand pack into one DSP48 (Xilinx WP487's INT8 packing); wider data needs a whole DSP
    /// per MAC. The RTL's pattern-sparse PE array pairs two output pixels that share a kernel
    /// weight (with a pattern per kernel, neighbouring output channels select different
    /// activations, so they share no operand); Yosys maps each pair to one DSP48E2.
    /// </summary>
    public int MacsPerDsp => DataBits <= 8 ? 2 : 1;

    /// <summary>HotNAS's notation, <c>[Tm,Tn,Tr,Tc,Tk,W_p,I_p,O_p]</c>, plus the depthwise engine if any.</summary>
    public override string ToString() =>
        $"[{Conv},{Ports}]" + (Depthwise is { } d ? $" dconv [{d},{Ports}]" : "") + (Dense ? " dense" : "") + $" {DataBits}-bit @ {ClockMhz:0.###} MHz";
}
