using ZooForge.Asic.Description;

namespace ZooForge.Asic.EdgeTpu;

/// <summary>
/// One point of the Edge-TPU-like parametric template (NAHAS, Zhou et al. 2021): an x × y array
/// of PEs, each with SIMD units of compute lanes, a local memory and a register file, and an
/// I/O port to off-chip memory.
/// </summary>
public sealed record EdgeTpuConfig
{
    /// <summary>PEs along x (output channels are spread across them).</summary>
    public required int PesX { get; init; }
    /// <summary>PEs along y (output rows are spread across them).</summary>
    public required int PesY { get; init; }
    /// <summary>SIMD units per PE (output channels).</summary>
    public required int SimdUnits { get; init; }
    /// <summary>Compute lanes per SIMD unit (input channels).</summary>
    public required int ComputeLanes { get; init; }
    /// <summary>Local memory per PE, KB.</summary>
    public required int LocalMemoryKb { get; init; }
    /// <summary>Register file per PE, KB.</summary>
    public required int RegisterFileKb { get; init; }
    /// <summary>Off-chip I/O bandwidth, GB/s.</summary>
    public required double IoBandwidthGbps { get; init; }
    /// <summary>Clock, MHz.</summary>
    public double ClockMhz { get; init; } = 800;
    /// <summary>Shared activation buffer that stages tiles from off-chip memory, KB.</summary>
    public int SharedBufferKb { get; init; } = 1024;

    /// <summary>
    /// The spatial accelerator this point describes: int8 words, MACs per PE = SIMD × lanes, the
    /// local memory as each PE's scratchpad, a shared activation buffer, a NoC delivering one lane-wide
    /// vector per PE column per cycle, and the I/O bandwidth in words per cycle at the clock.
    /// Energy per access: Eyeriss's 65 nm ratios; area: the 45 nm figures of <see cref="AreaTable.Accelergy45nm"/>, with a PE's
    /// logic scaled by its MACs.
    /// </summary>
    public SpatialAccelerator ToAccelerator(string name = "edge-tpu")
    {
        double wordsPerCycle = IoBandwidthGbps * 1e9 / (ClockMhz * 1e6);
        return new SpatialAccelerator
        {
            Name = name,
            Source = "Edge-TPU-like template (NAHAS)",
            PeX = PesX,
            PeY = PesY,
            MacsPerPe = SimdUnits * ComputeLanes,
            SimdUnits = SimdUnits,
            ComputeLanes = ComputeLanes,
            RegisterFileBytes = RegisterFileKb * 1024L,
            L1Bytes = LocalMemoryKb * 1024L,
            L2Bytes = SharedBufferKb * 1024L,
            NocBandwidth = Math.Max(1, ComputeLanes * PesX),
            OffChipBandwidth = Math.Max(1, (int)Math.Floor(wordsPerCycle)),
            ClockMhz = ClockMhz,
            WordBytes = 1,
            Area = AreaTable.Accelergy45nm with { PeMm2 = AreaTable.Accelergy45nm.PeMm2 * SimdUnits * ComputeLanes },
        };
    }

    /// <inheritdoc />
    public override string ToString() =>
        $"{PesX}x{PesY} PEs, {SimdUnits} SIMD x {ComputeLanes} lanes, {LocalMemoryKb} KB local, {RegisterFileKb} KB RF, {IoBandwidthGbps:0.#} GB/s";
}
