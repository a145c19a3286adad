namespace ZooForge.Asic.Description;

/// <summary>
/// A spatial accelerator: an array of PEs, each with MACs and a scratchpad (L1), a shared
/// buffer (L2) that feeds them over a NoC, and an off-chip port. Bandwidths are in words per cycle.
/// </summary>
public sealed record SpatialAccelerator
{
    /// <summary>Short name (lower-case letters, digits, '-').</summary>
    public required string Name { get; init; }
    /// <summary>PEs along x (columns).</summary>
    public required int PeX { get; init; }
    /// <summary>PEs along y (rows); 1 when the array is given by count only.</summary>
    public required int PeY { get; init; }
    /// <summary>MACs each PE completes per cycle.</summary>
    public int MacsPerPe { get; init; } = 1;
    /// <summary>
    /// Vector shape of a PE, when its MACs are SIMD units × compute lanes (Edge-TPU-like): output
    /// channels go across the SIMD units and input channels across the lanes, each padded to a
    /// whole vector. 0 when the PE's MACs take any work (<see cref="MacsPerPe"/> alone counts).
    /// </summary>
    public int SimdUnits { get; init; }
    /// <summary>Compute lanes per SIMD unit (see <see cref="SimdUnits"/>).</summary>
    public int ComputeLanes { get; init; }
    /// <summary>Register file per PE in bytes (0: not modelled): it holds the PE's 32-bit partial sums.</summary>
    public long RegisterFileBytes { get; init; }
    /// <summary>Scratchpad per PE in bytes.</summary>
    public required long L1Bytes { get; init; }
    /// <summary>Shared buffer in bytes.</summary>
    public required long L2Bytes { get; init; }
    /// <summary>NoC bandwidth between the shared buffer and the PEs, words per cycle.</summary>
    public required int NocBandwidth { get; init; }
    /// <summary>Average hops a NoC transfer takes.</summary>
    public int NocHops { get; init; } = 1;
    /// <summary>Cycles per NoC hop.</summary>
    public int NocHopLatency { get; init; } = 1;
    /// <summary>Off-chip bandwidth, words per cycle.</summary>
    public required int OffChipBandwidth { get; init; }
    /// <summary>Clock in MHz.</summary>
    public required double ClockMhz { get; init; }
    /// <summary>Bytes per word (1 for int8, 2 for 16-bit).</summary>
    public int WordBytes { get; init; } = 1;
    /// <summary>Energy per operation.</summary>
    public EnergyTable Energy { get; init; } = EnergyTable.Eyeriss65nm;
    /// <summary>Area per PE and per KB of SRAM.</summary>
    public AreaTable Area { get; init; } = AreaTable.Accelergy45nm;
    /// <summary>Where the figures come from.</summary>
    public string? Source { get; init; }

    /// <summary>Number of PEs.</summary>
    public int Pes => PeX * PeY;

    /// <summary>Area: PEs, their scratchpads and the shared buffer, in mm².</summary>
    public double AreaMm2 => Pes * Area.PeMm2 + (Pes * (double)L1Bytes + L2Bytes) / 1024.0 * Area.SramKbMm2;

    /// <inheritdoc />
    public override string ToString() =>
        $"{Name}: {PeX}×{PeY} PEs × {MacsPerPe} MAC, L1 {L1Bytes} B, L2 {L2Bytes / 1024.0:0.#} KB, NoC {NocBandwidth} w/c, off-chip {OffChipBandwidth} w/c, {ClockMhz:0.#} MHz";
}
