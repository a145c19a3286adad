using System.Diagnostics;
using ZooForge.Graph.Zoo;
using ZooForge.Hardware.Accelerator;
using ZooForge.Hardware.Devices;
using ZooForge.Hardware.Exploration;
using ZooForge.Hardware.Performance;
using ZooForge.Hardware.Workloads;

namespace ZooForge.Flow.Bench;

/// <summary>One measured figure.</summary>
/// <param name="Name">What was measured.</param>
/// <param name="Value">The figure.</param>
/// <param name="Unit">Its unit.</param>
/// <param name="Detail">How it was measured.</param>
public sealed record BenchFigure(string Name, double Value, string Unit, string Detail);

/// <summary>
/// Throughput of the latency models and wall time of the DSE, measured on the calling thread
/// (one core). Figures are printed, never asserted: the machine decides them.
/// </summary>
public static class HardwareBenchmark
{
    /// <summary>The figures, each measured for about <paramref name="secondsPerFigure"/> (the DSE <paramref name="dseRepeats"/> times); <paramref name="progress"/> hears what is being measured.</summary>
    public static IEnumerable<BenchFigure> Run(double secondsPerFigure, int dseRepeats, Action<string>? progress = null)
    {
        var device = DeviceCatalogue.BuiltIn().Find("zcu102");
        var resnet = WorkloadExtractor.Extract(BuiltinModels.Create("resnet18"));
        var design = DesignParser.Parse("70,36,64,64,7,18,6,6");
        foreach (var model in LatencyModels.All)
        {
            progress?.Invoke($"layer evaluations, {model.Name}");
            var convs = resnet.Where(w => model.Counts(w.Kind)).ToArray();
            yield return LayerThroughput(model, convs, design, secondsPerFigure);
        }
        progress?.Invoke("full sweep of the hotnas space, resnet18");
        yield return FullSweep(resnet, DesignSpaces.HotNas, LatencyModels.HotNas, dseRepeatsOrOne: dseRepeats);
        foreach (var name in new[] { "resnet18", "mobilenet_v2" })
        {
            var workloads = WorkloadExtractor.Extract(BuiltinModels.Create(name));
            foreach (var model in LatencyModels.All)
            foreach (bool exhaustive in new[] { true, false })
            {
                progress?.Invoke($"dse {name} {model.Name} {(exhaustive ? "exhaustive" : "pruned")}");
                yield return DseWallTime(name, workloads, device, model, exhaustive, dseRepeats);
            }
        }
    }

    private static BenchFigure LayerThroughput(LatencyModel model, LayerWorkload[] layers, AcceleratorDesign design, double seconds)
    {
        double sink = 0;
        for (int warm = 0; warm < 20_000; warm++) sink += model.Cycles(layers[warm % layers.Length], design);
        long evaluations = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            for (int round = 0; round < 1000; round++)
                for (int i = 0; i < layers.Length; i++)
                    sink += model.Cycles(layers[i], design);
            evaluations += 1000L * layers.Length;
        }
        double perSecond = evaluations / clock.Elapsed.TotalSeconds;
        GC.KeepAlive(sink);
        return new BenchFigure($"layer evaluations/s ({model.Name})", perSecond, "1/s",
            $"resnet18's {layers.Length} counted layers on [70,36,64,64,7,18,6,6], one thread");
    }

    /// <summary>
    /// HotNAS's own procedure: every point of the space evaluated, feasible or not, with no
    /// filtering (8 Tm × 9 tiles × 125 port triples × 20 convolutions = 180,000 layer evaluations).
    /// </summary>
    private static BenchFigure FullSweep(LayerWorkload[] workloads, DesignSpace space, LatencyModel model, int dseRepeatsOrOne)
    {
        var layers = workloads.Where(w => model.Counts(w.Kind)).ToArray();
        int tk = layers.Max(l => l.K);
        var ports = DesignSpaceExplorer.PortTriples(space, int.MaxValue);
        long evaluations = 0;
        double Sweep()
        {
            double best = double.MaxValue;
            evaluations = 0;
            foreach (int tm in space.Tm)
            foreach (int tr in space.Tr)
            foreach (int tc in space.Tc)
            foreach (var p in ports)
            {
                var design = new AcceleratorDesign { Conv = new EngineTiling(tm, 2520 / tm, tr, tc, tk), Ports = p };
                best = Math.Min(best, model.TotalCycles(layers, design));
                evaluations += layers.Length;
            }
            return best;
        }
        for (int warm = 0; warm < 3; warm++) Sweep();
        var times = new List<double>();
        for (int i = 0; i < dseRepeatsOrOne; i++)
        {
            var clock = Stopwatch.StartNew();
            Sweep();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        return new BenchFigure("full sweep resnet18 hotnas (no filtering)", times[times.Count / 2], "ms",
            $"every point of the hotnas space, {evaluations:N0} layer evaluations, median of {dseRepeatsOrOne} warm runs");
    }

    private static BenchFigure DseWallTime(string network, LayerWorkload[] workloads, Device device, LatencyModel model,
        bool exhaustive, int repeats)
    {
        var options = new DseOptions { Exhaustive = exhaustive };
        DseResult result = DesignSpaceExplorer.Explore(workloads, device, DesignSpaces.HotNas, model, options);
        for (int warm = 0; warm < 3; warm++) result = DesignSpaceExplorer.Explore(workloads, device, DesignSpaces.HotNas, model, options);
        var times = new List<double>();
        for (int i = 0; i < repeats; i++)
        {
            result = DesignSpaceExplorer.Explore(workloads, device, DesignSpaces.HotNas, model, options);
            times.Add(result.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        double median = times[times.Count / 2];
        return new BenchFigure($"dse {network} {model.Name} {(exhaustive ? "exhaustive" : "pruned")}", median, "ms",
            $"hotnas space on zcu102, median of {repeats} warm runs; {result.Evaluated:N0} designs, {result.LayerEvaluations:N0} layer evaluations; best {result.Best?.Design}");
    }
}
