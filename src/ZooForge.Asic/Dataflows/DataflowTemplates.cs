using ZooForge.Asic.Mapping;
using ZooForge.Asic.Problem;

namespace ZooForge.Asic.Dataflows;

/// <summary>
/// Builds the loop nest of a dataflow for one layer and PE count. Each template is two levels:
/// clusters of PEs fed from the shared buffer, then the PEs of a cluster. A depthwise layer has
/// no output channels of its own, so its channel loop takes the place of the output-channel loop.
/// </summary>
public static class DataflowTemplates
{
    /// <summary>The mapping of <paramref name="layer"/> under <paramref name="dataflow"/> on <paramref name="hardware"/>.</summary>
    /// <exception cref="MappingException">The template cannot use this array for this layer.</exception>
    public static LoopNest Create(Dataflow dataflow, in AsicLayer layer, Description.SpatialAccelerator hardware, TemplateTiles? tiles = null) =>
        dataflow == Dataflow.EdgeTpu
            ? EdgeTpu.EdgeTpuTemplate.Create(layer, hardware, tiles ?? TemplateTiles.Default)
            : Create(dataflow, layer, hardware.Pes, tiles);

    /// <summary>The mapping of <paramref name="layer"/> under <paramref name="dataflow"/> on <paramref name="pes"/> PEs (ws, os, rs).</summary>
    /// <exception cref="MappingException">The template cannot use these PEs for this layer (e.g. fewer PEs than kernel rows for rs).</exception>
    public static LoopNest Create(Dataflow dataflow, in AsicLayer layer, int pes, TemplateTiles? tiles = null)
    {
        tiles ??= TemplateTiles.Default;
        if (pes < 1) throw new MappingException($"dataflow {dataflow.ShortName()}: the array has {pes} PEs");
        return dataflow switch
        {
            Dataflow.WeightStationary => WeightStationary(layer, pes, tiles),
            Dataflow.OutputStationary => OutputStationary(layer, pes, tiles),
            Dataflow.RowStationary => RowStationary(layer, pes, tiles),
            _ => throw new MappingException("dataflow tpu needs the array's shape: pass the accelerator, not a PE count"),
        };
    }

    // NVDLA-like: K across clusters, C across the PEs of a cluster (a spatial reduction), the
    // kernel window held in each PE.
    private static LoopNest WeightStationary(in AsicLayer layer, int pes, TemplateTiles t)
    {
        int p = Math.Max(1, t.RowTile), q = Math.Max(1, t.ColumnTile);
        if (layer.Kind == LayerKind.Depthwise)
        {
            // Nothing to reduce across PEs: one cluster level of single PEs, one channel each.
            return new LoopNest("ws", [new MappingLevel(Order(t,
                [Loop.Spatial(Dim.C, 1, pes)],
                [Loop.Temporal(Dim.R, KernelRows(layer, t)), Loop.Temporal(Dim.S, layer.S), Loop.Temporal(Dim.P, p), Loop.Temporal(Dim.Q, q)]))]);
        }
        int cluster = Math.Min(t.ClusterSize > 0 ? t.ClusterSize : 64, pes);
        int clusters = pes / cluster;
        var top = Order(t,
            [Loop.Spatial(Dim.K, 1, clusters)],
            [Loop.Temporal(Dim.C, cluster), Loop.Temporal(Dim.R, KernelRows(layer, t)), Loop.Temporal(Dim.S, layer.S), Loop.Temporal(Dim.P, p), Loop.Temporal(Dim.Q, q)]);
        return new LoopNest("ws", [new MappingLevel(top), new MappingLevel([Loop.Spatial(Dim.C, 1, cluster)])]);
    }

    // ShiDianNao-like: output rows across clusters, output channels across a cluster's PEs; each
    // PE keeps its outputs while the input channels stream past.
    private static LoopNest OutputStationary(in AsicLayer layer, int pes, TemplateTiles t)
    {
        int k = Math.Min(t.ClusterSize > 0 ? t.ClusterSize : 16, pes);
        int clusters = pes / k;
        int q = Math.Max(1, t.ColumnTile), c = Math.Max(1, t.ChannelTile);
        var channel = layer.Kind == LayerKind.Depthwise ? Dim.C : Dim.K;
        var temporal = new List<Loop> { Loop.Temporal(channel, k) };
        var inner = new List<Loop> { Loop.Temporal(Dim.Q, q) };
        if (layer.Kind != LayerKind.Depthwise) inner.Add(Loop.Temporal(Dim.C, c));
        if (KernelRows(layer, t) < layer.R) inner.Add(Loop.Temporal(Dim.R, KernelRows(layer, t)));
        var top = t.TopOrder is null
            ? [.. temporal, Loop.Spatial(Dim.P, 1, clusters), .. inner]
            : Order(t, [Loop.Spatial(Dim.P, 1, clusters)], [.. temporal, .. inner]);
        return new LoopNest("os", [new MappingLevel(top), new MappingLevel([Loop.Spatial(channel, 1, k)])]);
    }

    // Eyeriss-like: output rows across clusters, kernel rows across the PEs of a cluster (each PE
    // keeps one filter row and slides it along one input row); partial sums add up across the cluster.
    private static LoopNest RowStationary(in AsicLayer layer, int pes, TemplateTiles t)
    {
        if (layer.R > pes) throw new MappingException($"dataflow rs: layer '{layer.Name}' has {layer.R} kernel rows, more than the {pes} PEs of the array");
        int clusters = pes / layer.R;
        int q = Math.Max(1, t.ColumnTile), c = Math.Max(1, t.ChannelTile), k = Math.Max(1, t.OutputChannelTile);
        var temporal = new List<Loop> { Loop.Temporal(Dim.Q, q), Loop.Temporal(Dim.C, c) };
        if (layer.Kind != LayerKind.Depthwise) temporal.Add(Loop.Temporal(Dim.K, k));
        var top = Order(t, [Loop.Spatial(Dim.P, 1, clusters)], temporal);
        return new LoopNest("rs", [new MappingLevel(top), new MappingLevel([Loop.Spatial(Dim.R, 1, layer.R)])]);
    }

    /// <summary>Kernel rows per step: the tile asked for, at most the kernel.</summary>
    internal static int KernelRows(in AsicLayer layer, TemplateTiles t) =>
        t.KernelRowTile > 0 ? Math.Min(t.KernelRowTile, layer.R) : layer.R;

    // Spatial loops stay outermost (as in MAESTRO's files); temporal loops follow in the template's
    // order or the one asked for (dimensions it does not name keep their relative order after it).
    private static List<Loop> Order(TemplateTiles t, List<Loop> spatial, List<Loop> temporal)
    {
        if (t.TopOrder is { } order)
        {
            var byDim = temporal.ToDictionary(l => l.Dim);
            var sorted = order.Where(byDim.ContainsKey).Select(d => byDim[d]).ToList();
            sorted.AddRange(temporal.Where(l => !order.Contains(l.Dim)));
            temporal = sorted;
        }
        return [.. spatial, .. temporal];
    }
}
