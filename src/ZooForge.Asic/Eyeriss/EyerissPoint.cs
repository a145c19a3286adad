using ZooForge.Asic.Description;

namespace ZooForge.Asic.Eyeriss;

/// <summary>
/// One hardware point of the Eyeriss-like template (Shi et al.'s outer search): the PE array, the
/// per-PE scratchpad, the shared buffer and the two bandwidths. Everything else (word size, clock,
/// energy and area tables) comes from the space's base accelerator.
/// </summary>
public sealed record EyerissPoint
{
    /// <summary>PEs along x.</summary>
    public required int PeX { get; init; }
    /// <summary>PEs along y.</summary>
    public required int PeY { get; init; }
    /// <summary>Scratchpad (L1) per PE, bytes.</summary>
    public required long L1Bytes { get; init; }
    /// <summary>Shared buffer (L2), KB.</summary>
    public required long L2Kb { get; init; }
    /// <summary>NoC bandwidth between the shared buffer and the PEs, words per cycle.</summary>
    public required int NocBandwidth { get; init; }
    /// <summary>Off-chip bandwidth, words per cycle.</summary>
    public required int OffChipBandwidth { get; init; }

    /// <summary>Number of PEs.</summary>
    public int Pes => PeX * PeY;

    /// <summary>The point's own knobs read off an existing description (for the hand-set baseline).</summary>
    public static EyerissPoint Of(SpatialAccelerator hw) => new()
    {
        PeX = hw.PeX, PeY = hw.PeY, L1Bytes = hw.L1Bytes, L2Kb = hw.L2Bytes / 1024,
        NocBandwidth = hw.NocBandwidth, OffChipBandwidth = hw.OffChipBandwidth,
    };

    /// <summary>The accelerator: <paramref name="template"/> with this point's array, buffers and bandwidths.</summary>
    public SpatialAccelerator ToAccelerator(SpatialAccelerator template, string? name = null) => template with
    {
        Name = name ?? $"{template.Name}-{PeX}x{PeY}",
        Source = $"point of the Eyeriss-like space on {template.Name}",
        PeX = PeX, PeY = PeY, L1Bytes = L1Bytes, L2Bytes = L2Kb * 1024,
        NocBandwidth = NocBandwidth, OffChipBandwidth = OffChipBandwidth,
    };

    /// <inheritdoc />
    public override string ToString() =>
        $"{PeX}x{PeY} PEs, L1 {L1Bytes} B, L2 {L2Kb} KB, NoC {NocBandwidth} w/c, off-chip {OffChipBandwidth} w/c";
}
