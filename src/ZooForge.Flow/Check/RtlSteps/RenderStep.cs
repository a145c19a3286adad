using ZooForge.Compression.Reference;
using ZooForge.Rtl.Model;
using ZooForge.Rtl.Rendering;

namespace ZooForge.Flow.Check.RtlSteps;

/// <summary>
/// <c>rtl.render</c>: runs the integer reference on the real input, cuts the tile of the chosen
/// layer, and renders the SystemVerilog and vector files into <c>OUT/rtl</c>.
/// </summary>
public sealed class RenderStep : ICheckStep
{
    /// <inheritdoc />
    public string Name => "rtl.render";

    /// <inheritdoc />
    public IReadOnlyList<Type> Prerequisites => [];

    /// <inheritdoc />
    public CheckOutcome Run(CheckContext context)
    {
        var layer = LayerChoice.Choose(context.Network, context.LayerName);
        var tensors = new IntegerReference(context.Network).Run(context.Input);
        var engine = context.Design.Accelerator.Conv;
        var tile = RtlTile.Cut(context.Network, layer, engine, tensors);
        var model = RtlTemplateModel.Create(context.Design.Name, context.Network.Name, context.Design.Accelerator, tile, context.SimulatedLanes);
        context.Tile = tile;
        context.Project = RtlProject.Write(Path.Combine(context.OutFolder, "rtl"), model, tile);
        return CheckOutcome.Pass(
            $"layer {layer.Name}: tile {tile.OutRows}x{tile.OutCols} pixels, output channels {tile.FirstOutChannel}..{tile.FirstOutChannel + tile.ActiveOutChannels - 1} " +
            $"({tile.ActiveOutChannels} of Tm={engine.Tm} lanes), {tile.Steps} step(s) of Tn={engine.Tn}, {tile.Ones} non-zeros per window, {tile.Patterns.Count} patterns; " +
            $"simulated as {model.LaneGroups} run(s) of {model.Lanes} lane(s)",
            new SortedDictionary<string, double>(StringComparer.Ordinal)
            {
                ["pixels"] = tile.Pixels, ["steps"] = tile.Steps, ["active_lanes"] = tile.ActiveOutChannels,
                ["pattern_ones"] = tile.Ones, ["patterns"] = tile.Patterns.Count,
                ["lanes"] = model.Lanes, ["lane_groups"] = model.LaneGroups,
            });
    }
}
