using System.Diagnostics;
using ZooForge.Compression.Cutting;
using ZooForge.Compression.Expansion;
using ZooForge.Graph.Layers;
using ZooForge.Graph.Model;
using ZooForge.Hardware.Devices;
using ZooForge.Hardware.Exploration;
using ZooForge.Hardware.Performance;
using ZooForge.Hardware.Workloads;
using ZooForge.Search.Expressions;
using ZooForge.Search.Space;

namespace ZooForge.Search.Exploration;

/// <summary>
/// Fast exploration (HotNAS/FNAS): applies a candidate's structural genes (cuts, expansion) to
/// the zoo network, describes its pattern and bit compression as a <see cref="CompressionPlan"/>,
/// and runs the exact hardware DSE on the compressed workload at the candidate's bit-width. No
/// training happens here; the result decides whether the candidate is worth training.
/// </summary>
public sealed class FastExplorer
{
    /// <summary>Non-zeros HotNAS keeps in a 5×5 kernel: its 13-position core plus 6 of the other 12 (the pipeline's default).</summary>
    public const int FiveByFiveOnes = 19;

    private readonly Func<string, (Network Network, NetworkWeights Weights)> _zoo;
    private readonly Device _device;
    private readonly DesignSpace _space;
    private readonly LatencyModel _model;
    private readonly double _clockMhz;
    private readonly double _maxLogicUtilisation;
    private readonly Dictionary<string, Network> _structures = new(StringComparer.Ordinal);

    /// <summary>
    /// Creates an explorer; <paramref name="zoo"/> returns a zoo model's network and weights;
    /// designs use at most <paramref name="maxLogicUtilisation"/> of the device's LUTs and FFs.
    /// </summary>
    public FastExplorer(Func<string, (Network Network, NetworkWeights Weights)> zoo, Device device, DesignSpace space, LatencyModel model,
        double clockMhz, double maxLogicUtilisation = 1.0)
    {
        (_zoo, _device, _space, _model, _clockMhz, _maxLogicUtilisation) = (zoo, device, space, model, clockMhz, maxLogicUtilisation);
    }

    /// <summary>The network a candidate's structural genes produce (cut and expanded, before pattern pruning).</summary>
    public Network Structure(Candidate candidate)
    {
        string key = candidate.Model + "|" + string.Join(",", candidate.Cuts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={c.Value:R}"))
            + "|" + string.Join(",", candidate.Expanded.Order(StringComparer.Ordinal));
        if (_structures.TryGetValue(key, out var cached)) return cached;
        var (network, weights) = _zoo(candidate.Model);
        if (candidate.Cuts.Count > 0) (network, weights) = ChannelCutter.Cut(network, weights, candidate.Cuts);
        if (candidate.Expanded.Count > 0) (network, _) = KernelExpansion.Expand(network, weights, candidate.Expanded);
        return _structures[key] = network;
    }

    /// <summary>The compression plan of a candidate on its structure: pattern non-zeros per 3×3/5×5 convolution, bits everywhere.</summary>
    public static CompressionPlan Plan(Candidate candidate, Network structure)
    {
        var plan = new CompressionPlan();
        plan.Add("*", new LayerCompression(WeightBits: candidate.Bits));
        if (candidate.Patterns > 0)
            foreach (var node in structure.Nodes)
                if (node.Layer is Conv2dLayer { Kernel: 3 or 5 } conv)
                    plan.Add(conv.Name, new LayerCompression(PatternOnes: conv.Kernel == 3 ? 9 - candidate.Zeros : FiveByFiveOnes));
        return plan;
    }

    /// <summary>The layer shapes the hardware models see for <paramref name="candidate"/> (its structure under its compression plan).</summary>
    public LayerWorkload[] Workloads(Candidate candidate)
    {
        var structure = Structure(candidate);
        return WorkloadExtractor.Extract(structure, Plan(candidate, structure));
    }

    /// <summary>Explores the hardware for <paramref name="candidate"/>.</summary>
    public HardwareOutcome Explore(Candidate candidate)
    {
        var clock = Stopwatch.StartNew();
        var structure = Structure(candidate);
        var plan = Plan(candidate, structure);
        var workloads = WorkloadExtractor.Extract(structure, plan);
        var result = DesignSpaceExplorer.Explore(workloads, _device, _space with { DataBits = candidate.Bits }, _model,
            new DseOptions { ClockMhz = _clockMhz, MaxLogicUtilisation = _maxLogicUtilisation });
        if (result.Best is not { } best)
            return new HardwareOutcome(null, new Dictionary<string, double>(), result.InfeasibleReason ?? "no design fits", clock.Elapsed);

        double effectiveMacs = 0, weights = 0;
        foreach (var node in structure.Nodes)
        {
            if (node.Layer is not (Conv2dLayer or LinearLayer)) continue;
            var compression = plan.For(node.Layer.Name);
            double density = node.Layer is Conv2dLayer c && compression.PatternOnes is { } ones ? (double)ones / (c.Kernel * c.Kernel) : 1.0;
            effectiveMacs += node.Macs * density;
            weights += WeightCount(node.Layer) * density;
        }
        double weightBytes = weights * candidate.Bits / 8.0;
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [Metrics.LatencyMs] = best.Milliseconds,
            [Metrics.Dsp] = best.Resources.Dsp,
            [Metrics.Bram18] = best.Resources.Bram18,
            [Metrics.Lut] = best.Resources.Lut,
            [Metrics.EnergyMj] = EnergyModel.Millijoules(best, weightBytes),
            [Metrics.MegaMacs] = effectiveMacs / 1e6,
            [Metrics.WeightKib] = weightBytes / 1024.0,
        };
        return new HardwareOutcome(best, metrics, null, clock.Elapsed);
    }

    private static long WeightCount(Layer layer) => layer switch
    {
        Conv2dLayer c => (long)c.OutChannels * (c.InChannels / c.Groups) * c.Kernel * c.Kernel,
        LinearLayer l => (long)l.OutFeatures * l.InFeatures,
        _ => 0,
    };
}
