namespace ZooForge.Hardware.Resources;

/// <summary>Estimated resource use of a design.</summary>
/// <param name="Dsp">DSP48 slices.</param>
/// <param name="Bram18">18 Kb block RAMs, with double buffering, as enforced.</param>
/// <param name="Lut">LUTs, including weight buffers mapped to LUTRAM.</param>
/// <param name="Ff">Flip-flops.</param>
/// <param name="PortBits">AXI data bits, 16·(W_p+I_p+O_p).</param>
/// <param name="Bram18HotNas">BRAM18 by HotNAS's formula taken literally (reported for comparison, not enforced).</param>
public readonly record struct ResourceUsage(int Dsp, int Bram18, int Lut, int Ff, int PortBits, int Bram18HotNas);
