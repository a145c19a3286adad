using ZooForge.Asic.Cost;
using ZooForge.Asic.Dataflows;
using ZooForge.Asic.Description;
using ZooForge.Asic.Mapping;
using ZooForge.Asic.Problem;
using ZooForge.Graph.Model;

namespace ZooForge.Asic.Estimation;

/// <summary>Costs a whole network: each layer mapped by the mapper (or with the template's defaults).</summary>
public static class NetworkEstimator
{
    /// <summary>
    /// Estimates <paramref name="network"/>. With <paramref name="options"/> each layer gets the best
    /// mapping for its objective; without, the template's default tiles (MAESTRO's dataflow files).
    /// </summary>
    /// <exception cref="MappingException">A layer has no mapping that fits the hardware.</exception>
    public static NetworkEstimate Estimate(Network network, SpatialAccelerator hw, Dataflow dataflow, MapperOptions? options)
    {
        var layers = AsicLayers.FromNetwork(network);
        var mapper = new Mapper();
        var evaluator = new CostEvaluator();
        var results = new List<MappingResult>(layers.Length);
        foreach (var layer in layers)
        {
            if (options is not null)
            {
                results.Add(mapper.Map(layer, hw, dataflow, options));
                continue;
            }
            var mapping = DataflowTemplates.Create(dataflow, layer, hw);
            mapping.Validate(hw.Pes);
            if (!evaluator.TryEvaluate(layer, hw, mapping, out var cost, out var refusal))
                throw new MappingException($"the default {dataflow.ShortName()} mapping of layer '{layer.Name}' {refusal} (try the mapper: drop --no-search)");
            results.Add(new MappingResult
            {
                Mapping = mapping, Tiles = TemplateTiles.Default, Cost = cost!, Objective = Objective.Cycles,
                SpaceSize = 1, Evaluated = 1, Refused = 0, Exhaustive = true,
            });
        }
        return new NetworkEstimate { Network = network.Name, Hardware = hw, Dataflow = dataflow, Objective = options?.Objective, Layers = results };
    }
}
