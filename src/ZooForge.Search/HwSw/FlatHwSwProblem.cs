using ZooForge.Asic.Dataflows;
using ZooForge.Asic.Eyeriss;
using ZooForge.Search.Space;

namespace ZooForge.Search.HwSw;

/// <summary>
/// The flat, single-level version of <c>hwsw-edp</c>: the hardware knobs plus mapping genes that
/// every layer shares (<see cref="SharedTilesInnerSearch"/>): the dataflow, cluster size, kernel
/// rows per step and the row, column, input-channel and output-channel tiles. Per-layer mapping
/// genes (several for each of the workloads' dozens of distinct layers) would be far beyond a GP's
/// reach; sharing them is what a flat search can express, and what the nested search improves on.
/// </summary>
public sealed class FlatHwSwProblem : HwSwProblem
{
    /// <summary>Tile values of the tile genes (the mapper's own tile choices for bounds of 64 and more).</summary>
    public static IReadOnlyList<double> TileValues { get; } = [1, 2, 4, 8, 16, 32, 64];

    /// <summary>Creates the problem; the dataflow gene takes <paramref name="dataflows"/>.</summary>
    public FlatHwSwProblem(EyerissSpace hardware, IReadOnlyList<HwSwWorkload> workloads, HwSwConstraints constraints, IReadOnlyList<Dataflow> dataflows)
        : base(hardware, workloads, constraints, MappingGenes(dataflows.Count)) => Dataflows = dataflows;

    /// <summary>The dataflows of the dataflow gene, by index.</summary>
    public IReadOnlyList<Dataflow> Dataflows { get; }

    /// <inheritdoc />
    public override string Name => "hwsw-edp-flat";

    /// <inheritdoc />
    protected override IInnerSearch InnerSearch(Candidate candidate) => new SharedTilesInnerSearch(Dataflows[candidate.Hardware("dataflow")], new TemplateTiles
    {
        ClusterSize = candidate.Hardware("cluster"),
        KernelRowTile = candidate.Hardware("kernel_rows"),
        RowTile = candidate.Hardware("rows"),
        ColumnTile = candidate.Hardware("columns"),
        ChannelTile = candidate.Hardware("channels"),
        OutputChannelTile = candidate.Hardware("k"),
    });

    // Cluster 0 and kernel rows 0 are the template's own choices (64 or 16 PEs; the whole kernel).
    private static IEnumerable<Gene> MappingGenes(int dataflows) =>
    [
        new(GeneKind.Hardware, Enumerable.Range(0, dataflows).Select(i => (double)i).ToList(), Layer: "dataflow"),
        new(GeneKind.Hardware, [0, 4, 8, 16, 32, 64], Layer: "cluster"),
        new(GeneKind.Hardware, [0, 3, 1], Layer: "kernel_rows"),
        new(GeneKind.Hardware, TileValues, Layer: "rows"),
        new(GeneKind.Hardware, TileValues, Layer: "columns"),
        new(GeneKind.Hardware, TileValues, Layer: "channels"),
        new(GeneKind.Hardware, TileValues, Layer: "k"),
    ];
}
