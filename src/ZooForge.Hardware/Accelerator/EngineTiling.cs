namespace ZooForge.Hardware.Accelerator;

/// <summary>
/// Loop tiling of one convolution engine (Zhang et al., FPGA'15): a Tm×Tn multiply-accumulate
/// array, on-chip tiles of Tr×Tc pixels, and kernels up to Tk×Tk.
/// </summary>
/// <param name="Tm">Output channels computed in parallel.</param>
/// <param name="Tn">Input channels consumed in parallel (1 for the depthwise engine).</param>
/// <param name="Tr">Rows of the on-chip feature-map tile.</param>
/// <param name="Tc">Columns of the on-chip feature-map tile.</param>
/// <param name="Tk">Largest kernel the weight buffer holds.</param>
public readonly record struct EngineTiling(int Tm, int Tn, int Tr, int Tc, int Tk)
{
    /// <summary>Multipliers in the array.</summary>
    public int Macs => Tm * Tn;

    /// <inheritdoc />
    public override string ToString() => $"{Tm},{Tn},{Tr},{Tc},{Tk}";
}
