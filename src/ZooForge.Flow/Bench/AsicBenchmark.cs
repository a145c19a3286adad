using System.Diagnostics;
using ZooForge.Asic.Cost;
using ZooForge.Asic.Dataflows;
using ZooForge.Asic.Description;
using ZooForge.Asic.Mapping;
using ZooForge.Asic.Problem;
using ZooForge.Graph.Zoo;

namespace ZooForge.Flow.Bench;

/// <summary>
/// Speed of the ASIC cost model and mapper on the calling thread (one core): full layer-mapping
/// evaluations (cycles, accesses, energy, buffer needs) of resnet18 and mobilenet_v2 under the
/// three dataflows on the Eyeriss-like array, and the mapper's search rate.
/// </summary>
public static class AsicBenchmark
{
    /// <summary>The figures, each measured for about <paramref name="secondsPerFigure"/>; <paramref name="progress"/> hears what is being measured.</summary>
    public static IEnumerable<BenchFigure> Run(double secondsPerFigure, Action<string>? progress = null)
    {
        var hw = AcceleratorCatalogue.Resolve("eyeriss-like");
        var cases = new List<(AsicLayer Layer, LoopNest Mapping)>();
        foreach (var model in new[] { "resnet18", "mobilenet_v2" })
            foreach (var layer in AsicLayers.FromNetwork(BuiltinModels.Create(model)))
                foreach (var dataflow in new[] { Dataflow.WeightStationary, Dataflow.OutputStationary, Dataflow.RowStationary })
                    cases.Add((layer, DataflowTemplates.Create(dataflow, layer, hw)));

        progress?.Invoke("asic layer-mapping evaluations");
        yield return Evaluations(cases, hw, secondsPerFigure);
        progress?.Invoke("asic mapper, resnet18 on eyeriss-like");
        yield return MapperRate(hw, secondsPerFigure);
    }

    private static BenchFigure Evaluations(List<(AsicLayer Layer, LoopNest Mapping)> cases, SpatialAccelerator hw, double seconds)
    {
        var evaluator = new CostEvaluator();
        double sink = 0;
        for (int warm = 0; warm < 50_000; warm++)
        {
            var (layer, mapping) = cases[warm % cases.Count];
            sink += evaluator.Evaluate(layer, hw, mapping).EnergyPj;
        }
        long evaluations = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            for (int i = 0; i < cases.Count; i++)
                sink += evaluator.Evaluate(cases[i].Layer, hw, cases[i].Mapping).EnergyPj;
            evaluations += cases.Count;
        }
        double rate = evaluations / clock.Elapsed.TotalSeconds;
        GC.KeepAlive(sink);
        return new BenchFigure("asic layer-mapping evaluations", rate, "per s",
            $"full cost (cycles, accesses, energy, L1/L2 needs) of {cases.Count} layer-mappings: resnet18 + mobilenet_v2 x ws/os/rs on eyeriss-like, one thread");
    }

    private static BenchFigure MapperRate(SpatialAccelerator hw, double seconds)
    {
        var layers = AsicLayers.FromNetwork(BuiltinModels.Create("resnet18"));
        var mapper = new Mapper();
        long evaluated = 0;
        var clock = Stopwatch.StartNew();
        do
        {
            foreach (var layer in layers)
                foreach (var dataflow in new[] { Dataflow.WeightStationary, Dataflow.OutputStationary, Dataflow.RowStationary })
                    evaluated += mapper.Map(layer, hw, dataflow).Evaluated;
        }
        while (clock.Elapsed.TotalSeconds < seconds);
        return new BenchFigure("asic mapper search", evaluated / clock.Elapsed.TotalSeconds, "per s",
            "mappings the mapper builds and costs per second (template, buffer check, cost), resnet18 x ws/os/rs, edp, one thread");
    }
}
