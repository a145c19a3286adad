using ZooForge.Asic.Cost;
using ZooForge.Asic.Dataflows;
using ZooForge.Asic.Description;
using ZooForge.Asic.Mapping;
using ZooForge.Asic.Problem;

namespace ZooForge.Search.HwSw;

/// <summary>
/// No inner loop: one dataflow and one set of template tiles, chosen by the outer search as genes,
/// for every layer (each tile clipped to the layer's bound; the template's own loop order). This is
/// what a flat, single-level search over hardware and mapping can express.
/// </summary>
public sealed class SharedTilesInnerSearch(Dataflow dataflow, TemplateTiles tiles) : IInnerSearch
{
    private readonly CostEvaluator _evaluator = new();

    /// <inheritdoc />
    public InnerResult Map(in AsicLayer layer, SpatialAccelerator hw)
    {
        var clipped = tiles with
        {
            RowTile = Math.Min(tiles.RowTile, layer.P),
            ColumnTile = Math.Min(tiles.ColumnTile, layer.Q),
            ChannelTile = Math.Min(tiles.ChannelTile, layer.C),
            OutputChannelTile = Math.Min(tiles.OutputChannelTile, layer.K),
        };
        try
        {
            var mapping = DataflowTemplates.Create(dataflow, layer, hw, clipped);
            mapping.Validate(hw.Pes);
            return _evaluator.TryEvaluate(layer, hw, mapping, out var cost, out var refusal)
                ? new InnerResult(cost, 1, null)
                : new InnerResult(null, 1, $"mapping {mapping} {refusal}");
        }
        catch (MappingException e)
        {
            return new InnerResult(null, 1, e.Message);
        }
    }
}
