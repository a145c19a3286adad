using System.Globalization;
using ZooForge.Asic.Dataflows;
using ZooForge.Asic.Description;

namespace ZooForge.Asic.Heterogeneous;

/// <summary>
/// One sub-accelerator of a heterogeneous ASIC (NASAIC): a dataflow template with its own PEs and
/// its share of the NoC and off-chip bandwidth. Everything else (scratchpad per PE, shared buffer,
/// word size, clock, energy and area tables) is the base accelerator's, so sub-accelerators differ
/// only in what the search chooses.
/// </summary>
/// <param name="Dataflow">ws (NVDLA-like), os (ShiDianNao-like) or rs (Eyeriss-like).</param>
/// <param name="Pes">Its PEs.</param>
/// <param name="NocBandwidth">Its NoC bandwidth, words per cycle.</param>
/// <param name="OffChipBandwidth">Its off-chip bandwidth, words per cycle.</param>
public sealed record SubAccelerator(Dataflow Dataflow, int Pes, int NocBandwidth, int OffChipBandwidth)
{
    /// <summary>The sub-accelerator as a <see cref="SpatialAccelerator"/> on <paramref name="baseHardware"/> (PEs as one row: the templates use the count).</summary>
    /// <param name="baseHardware">Supplies buffers, word size, clock and tables.</param>
    /// <returns>The description the cost model and mapper take.</returns>
    public SpatialAccelerator ToAccelerator(SpatialAccelerator baseHardware) => baseHardware with
    {
        Name = $"{baseHardware.Name}-{Key}",
        Source = $"NASAIC sub-accelerator on {baseHardware.Name}",
        PeX = Pes, PeY = 1, NocBandwidth = NocBandwidth, OffChipBandwidth = OffChipBandwidth,
    };

    /// <summary>A short unique text, e.g. <c>ws-512pe-noc64-off16</c>.</summary>
    public string Key => string.Create(CultureInfo.InvariantCulture, $"{Dataflow.ShortName()}-{Pes}pe-noc{NocBandwidth}-off{OffChipBandwidth}");

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Dataflow.ShortName()} ({TemplateName(Dataflow)}), {Pes} PEs, NoC {NocBandwidth} w/c, off-chip {OffChipBandwidth} w/c");

    /// <summary>The design a dataflow template follows: NVDLA-like, ShiDianNao-like or Eyeriss-like.</summary>
    /// <param name="dataflow">The template.</param>
    /// <returns>Its name.</returns>
    public static string TemplateName(Dataflow dataflow) => dataflow switch
    {
        Dataflow.WeightStationary => "NVDLA-like",
        Dataflow.OutputStationary => "ShiDianNao-like",
        Dataflow.RowStationary => "Eyeriss-like",
        _ => "Edge-TPU-like",
    };
}
