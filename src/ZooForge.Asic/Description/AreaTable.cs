namespace ZooForge.Asic.Description;

/// <summary>Silicon area in mm²: one PE (its MACs and control, without its scratchpad), and one KB of SRAM.</summary>
public sealed record AreaTable
{
    /// <summary>One PE without its scratchpad.</summary>
    public required double PeMm2 { get; init; }
    /// <summary>One KB of SRAM (scratchpads and shared buffer alike).</summary>
    public required double SramKbMm2 { get; init; }

    /// <summary>
    /// 45 nm estimates at the scale of the Timeloop/Accelergy Eyeriss exercise (Accelergy, Wu et al.,
    /// ICCAD 2019; the exercise's 168-PE Eyeriss-like design totals 2.12 mm²): a 16-bit MAC with its
    /// control ≈ 0.0035 mm², SRAM ≈ 0.009 mm² per KB. These two figures are this project's round
    /// numbers at that scale, not entries copied from Accelergy's tables: with them the
    /// eyeriss-like array comes to 2.33 mm².
    /// </summary>
    public static AreaTable Accelergy45nm { get; } = new() { PeMm2 = 0.0035, SramKbMm2 = 0.009 };
}
