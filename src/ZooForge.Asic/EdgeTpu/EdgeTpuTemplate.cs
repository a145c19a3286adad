using ZooForge.Asic.Dataflows;
using ZooForge.Asic.Mapping;
using ZooForge.Asic.Problem;

namespace ZooForge.Asic.EdgeTpu;

/// <summary>
/// The loop nest of a layer on the Edge-TPU-like array: one level whose sub-units are the PEs.
/// Output channels go across the x PEs (a multiple of the SIMD units each), output rows across
/// the y PEs; input channels (a multiple of the lanes), output columns and the kernel window are
/// temporal. A depthwise layer spreads its channels where the output channels would go.
/// </summary>
public static class EdgeTpuTemplate
{
    /// <summary>
    /// The mapping on <paramref name="hardware"/>: <see cref="TemplateTiles.ClusterSize"/> output channels
    /// per PE (default: its SIMD units), <see cref="TemplateTiles.ChannelTile"/> input channels per step
    /// (default: its lanes), <see cref="TemplateTiles.ColumnTile"/> output columns per step.
    /// </summary>
    public static LoopNest Create(in AsicLayer layer, Description.SpatialAccelerator hardware, TemplateTiles tiles)
    {
        bool depthwise = layer.Kind == LayerKind.Depthwise;
        var channel = depthwise ? Dim.C : Dim.K;
        int simd = hardware.SimdUnits > 0 ? hardware.SimdUnits : 1;
        int lanes = hardware.ComputeLanes > 0 ? hardware.ComputeLanes : Math.Max(1, hardware.MacsPerPe);
        int k = tiles.ClusterSize > 0 ? tiles.ClusterSize : simd;
        int c = tiles.ChannelTile > 1 ? tiles.ChannelTile : lanes;
        int columnTile = tiles.ColumnTile;
        var order = tiles.TopOrder;
        var temporal = new List<Loop>();
        if (!depthwise) temporal.Add(Loop.Temporal(Dim.C, c));
        temporal.Add(Loop.Temporal(Dim.Q, Math.Max(1, columnTile)));
        temporal.Add(Loop.Temporal(Dim.R, DataflowTemplates.KernelRows(layer, tiles)));
        temporal.Add(Loop.Temporal(Dim.S, layer.S));
        if (order is not null)
        {
            var byDim = temporal.ToDictionary(l => l.Dim);
            var sorted = order.Where(byDim.ContainsKey).Select(d => byDim[d]).ToList();
            sorted.AddRange(temporal.Where(l => !order.Contains(l.Dim)));
            temporal = sorted;
        }
        var loops = new List<Loop> { new(channel, k, hardware.PeX), new(Dim.P, 1, hardware.PeY) };
        loops.AddRange(temporal);
        return new LoopNest("edge-tpu", [new MappingLevel(loops)]);
    }
}
