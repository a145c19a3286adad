namespace ZooForge.Asic.Description;

/// <summary>Energy per operation in picojoules: one MAC, and one word read or written at each storage level.</summary>
public sealed record EnergyTable
{
    /// <summary>One multiply-accumulate.</summary>
    public required double MacPj { get; init; }
    /// <summary>One word of the PE's scratchpad (L1).</summary>
    public required double L1Pj { get; init; }
    /// <summary>One word of the shared buffer (L2).</summary>
    public required double L2Pj { get; init; }
    /// <summary>One word moved over the NoC between the shared buffer and a PE.</summary>
    public required double NocPj { get; init; }
    /// <summary>One word of off-chip DRAM.</summary>
    public required double DramPj { get; init; }

    /// <summary>
    /// Eyeriss's normalised access energies (Chen et al., ISCA 2016, 65 nm, 16-bit words): relative to
    /// one MAC, register file 1×, inter-PE array (NoC) 2×, global buffer 6×, DRAM 200×. The MAC itself
    /// is taken as 1 pJ, the order of a 16-bit multiply at 45 nm (Horowitz, ISSCC 2014) — a choice of
    /// this project that sets the scale, not a figure of the Eyeriss paper.
    /// </summary>
    public static EnergyTable Eyeriss65nm { get; } = new() { MacPj = 1.0, L1Pj = 1.0, L2Pj = 6.0, NocPj = 2.0, DramPj = 200.0 };
}
