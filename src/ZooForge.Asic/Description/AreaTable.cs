namespace ZooForge.Asic.Description;

/// <summary>Silicon area in mm²: one PE (its MACs and control, without its scratchpad), and one KB of SRAM.</summary>
public sealed record AreaTable
{
    /// <summary>One PE without its scratchpad.</summary>
    public required double PeMm2 { get; init; }
    /// <summary>One KB of SRAM (scratchpads and shared buffer alike).</summary>
    public required double SramKbMm2 { get; init; }

    /// <summary>
    /// Accelergy's 45 nm tables as used in the Timeloop/Accelergy Eyeriss exercise (16-bit MAC
    /// and control ≈ 0.0035 mm²; SRAM ≈ 0.009 mm² per KB).
    /// </summary>
    public static AreaTable Accelergy45nm { get; } = new() { PeMm2 = 0.0035, SramKbMm2 = 0.009 };
}
