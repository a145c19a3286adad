using ZooForge.Asic.Dataflows;
using ZooForge.Asic.Problem;

namespace ZooForge.Asic.Mapping;

/// <summary>
/// The mappings of one layer under one dataflow on one PE count: the template's free tiles (cluster
/// size, kernel-row, output-channel, row, column and channel tiles) and the order of its top-level temporal loops.
/// A point is one choice per axis.
/// </summary>
public sealed class MappingSpace
{
    private readonly List<(string Name, object[] Choices)> _axes = [];

    /// <summary>The dataflow.</summary>
    public Dataflow Dataflow { get; }

    /// <summary>The layer.</summary>
    public AsicLayer Layer { get; }

    /// <summary>The PE count.</summary>
    public int Pes { get; }

    /// <summary>Axis names and their number of choices.</summary>
    public IReadOnlyList<(string Name, int Count)> Axes => _axes.Select(a => (a.Name, a.Choices.Length)).ToList();

    /// <summary>Number of points.</summary>
    public long Size => _axes.Aggregate(1L, (n, a) => n * a.Choices.Length);

    /// <summary>Builds the space of <paramref name="layer"/> under <paramref name="dataflow"/> on <paramref name="pes"/> PEs.</summary>
    public MappingSpace(Dataflow dataflow, in AsicLayer layer, int pes, int simd = 1, int lanes = 1)
    {
        Dataflow = dataflow;
        Layer = layer;
        Pes = pes;
        bool depthwise = layer.Kind == LayerKind.Depthwise;
        int channels = depthwise ? layer.C : layer.K;
        switch (dataflow)
        {
            case Dataflow.WeightStationary:
                if (!depthwise) Add("cluster", ClusterSizes(layer.C, pes));
                Add("kernel_rows", KernelRowTiles(layer.R));
                Add("rows", Tiles(layer.P));
                Add("columns", Tiles(layer.Q));
                Add("order", Orders(depthwise ? [Dim.R, Dim.S, Dim.P, Dim.Q] : [Dim.C, Dim.R, Dim.S, Dim.P, Dim.Q]));
                break;
            case Dataflow.OutputStationary:
                Add("cluster", ClusterSizes(channels, pes));
                Add("kernel_rows", KernelRowTiles(layer.R));
                Add("columns", Tiles(layer.Q));
                if (!depthwise) Add("channels", Tiles(layer.C));
                Add("order", Orders(depthwise ? [Dim.C, Dim.Q] : [Dim.K, Dim.Q, Dim.C]));
                break;
            case Dataflow.EdgeTpu:
                Add("cluster", Multiples(simd, channels));
                Add("kernel_rows", KernelRowTiles(layer.R));
                if (!depthwise) Add("channels", Multiples(lanes, layer.C));
                Add("columns", Tiles(layer.Q));
                Add("order", Orders(depthwise ? [Dim.Q, Dim.R, Dim.S] : [Dim.C, Dim.Q, Dim.R, Dim.S]));
                break;
            default:
                Add("columns", Tiles(layer.Q));
                Add("channels", Tiles(layer.C));
                if (!depthwise) Add("k", Tiles(layer.K));
                Add("order", Orders(depthwise ? [Dim.Q, Dim.C] : [Dim.Q, Dim.C, Dim.K]));
                break;
        }
    }

    /// <summary>The template tiles at a point (one index per axis).</summary>
    public TemplateTiles At(ReadOnlySpan<int> point)
    {
        var tiles = new TemplateTiles();
        for (int a = 0; a < _axes.Count; a++)
        {
            var choice = _axes[a].Choices[point[a]];
            tiles = _axes[a].Name switch
            {
                "cluster" => tiles with { ClusterSize = (int)choice },
                "rows" => tiles with { RowTile = (int)choice },
                "columns" => tiles with { ColumnTile = (int)choice },
                "channels" => tiles with { ChannelTile = (int)choice },
                "k" => tiles with { OutputChannelTile = (int)choice },
                "kernel_rows" => tiles with { KernelRowTile = (int)choice },
                _ => tiles with { TopOrder = (Dim[])choice },
            };
        }
        return tiles;
    }

    /// <summary>Choices on axis <paramref name="axis"/>.</summary>
    public int Choices(int axis) => _axes[axis].Choices.Length;

    private void Add(string name, IEnumerable<object> choices)
    {
        var array = choices.ToArray();
        if (array.Length > 0) _axes.Add((name, array));
    }

    // Tile sizes worth trying for a bound: powers of two below it and the bound itself.
    private static IEnumerable<object> Tiles(int bound)
    {
        var set = new SortedSet<int>();
        for (int t = 1; t < bound && t <= 64; t *= 2) set.Add(t);
        if (bound <= 64) set.Add(bound);
        return set.Cast<object>();
    }

    // Kernel rows per step: the whole kernel (the template's own choice, tried first), then a few
    // rows at a time for kernels whose window would not fit a scratchpad.
    private static IEnumerable<object> KernelRowTiles(int rows)
    {
        var set = new SortedSet<int>(Comparer<int>.Create((a, b) => b.CompareTo(a))) { rows };
        if (rows > 3) set.Add(3);
        if (rows > 1) set.Add(1);
        return set.Cast<object>();
    }

    // Whole vectors: 1, 2, 4, 8 times the vector width, up to the bound rounded up to a vector.
    private static IEnumerable<object> Multiples(int vector, int bound)
    {
        vector = Math.Max(1, vector);
        var set = new SortedSet<int>();
        for (int m = 1; m <= 8 && (m == 1 || vector * (m / 2) < bound); m *= 2) set.Add(vector * m);
        return set.Cast<object>();
    }

    // Cluster sizes: powers of two up to the PEs and twice the channels, and the channel count itself.
    private static IEnumerable<object> ClusterSizes(int channels, int pes)
    {
        var set = new SortedSet<int>();
        for (int t = 1; t <= pes && t <= Math.Max(1, channels) * 2; t *= 2) set.Add(t);
        if (channels <= pes) set.Add(channels);
        return set.Cast<object>();
    }

    private static IEnumerable<object> Orders(Dim[] dims)
    {
        if (dims.Length <= 1) { yield return dims; yield break; }
        foreach (var rest in Permutations(dims)) yield return rest;
    }

    private static IEnumerable<Dim[]> Permutations(Dim[] dims)
    {
        if (dims.Length == 1) { yield return dims; yield break; }
        for (int i = 0; i < dims.Length; i++)
        {
            var others = dims.Where((_, j) => j != i).ToArray();
            foreach (var p in Permutations(others)) yield return [dims[i], .. p];
        }
    }
}
