using System.Diagnostics;
using ZooForge.Hardware.Accelerator;
using ZooForge.Hardware.Devices;
using ZooForge.Hardware.Exploration;
using ZooForge.Hardware.Performance;
using ZooForge.Hardware.Resources;
using ZooForge.Hardware.Workloads;
using ZooForge.Search.Exploration;
using ZooForge.Search.Space;
using ZooForge.Search.Strategies;

namespace ZooForge.Search.Benchmarks;

/// <summary>The template parameters the EDP problem searches, one list per gene.</summary>
public sealed record EdpGrid
{
    /// <summary>Output channels in parallel.</summary>
    public required IReadOnlyList<int> Tm { get; init; }
    /// <summary>Input channels in parallel (free here, not derived from the DSP count as in the co-search DSE).</summary>
    public required IReadOnlyList<int> Tn { get; init; }
    /// <summary>Input tile rows.</summary>
    public required IReadOnlyList<int> Tr { get; init; }
    /// <summary>Input tile columns.</summary>
    public required IReadOnlyList<int> Tc { get; init; }
    /// <summary>Port lanes (W_p, I_p and O_p each take one of these).</summary>
    public required IReadOnlyList<int> Lanes { get; init; }

    /// <summary>
    /// The default grid for ResNet-18 on a ZCU102: 7 × 6 × 3 × 3 × 5³ = 47,250 raw points,
    /// of which the resource and port budgets leave a few thousand.
    /// </summary>
    public static EdpGrid Default { get; } = new()
    {
        Tm = [16, 32, 48, 64, 96, 128, 192],
        Tn = [4, 8, 16, 24, 32, 48],
        Tr = [16, 32, 64],
        Tc = [16, 32, 64],
        Lanes = [2, 6, 10, 14, 18],
    };
}

/// <summary>The exact optimum of an <see cref="EdpProblem"/> and what finding it cost.</summary>
/// <param name="Best">The candidate with the lowest EDP (ties: the first in enumeration order).</param>
/// <param name="Edp">Its EDP, mJ·ms.</param>
/// <param name="RawPoints">Points in the grid.</param>
/// <param name="ValidPoints">Points meeting the known constraints: the evaluations exhaustive search needs.</param>
/// <param name="Elapsed">Wall time of the enumeration.</param>
public sealed record EdpOptimum(Candidate Best, double Edp, long RawPoints, int ValidPoints, TimeSpan Elapsed);

/// <summary>
/// Hardware-only energy-delay-product problem (Shi et al.'s metric): one fixed workload — a
/// network with fixed compression — and a search over the accelerator template's conv-engine
/// tiling (Tm, Tn, Tr, Tc; Tk is the largest kernel) and port lanes (W_p, I_p, O_p). Known
/// constraints, checked without evaluating: DSP, BRAM18 and AXI port bits fit the device (the
/// published setting's constraints, HotNAS's; ZooForge's calibrated PE-array LUTs would leave
/// a 16-bit 7×7 engine about 250 PEs on a ZCU102 and the grid a few dozen points) and every
/// layer fits the tiles. Latency comes from the analytical latency model;
/// energy from <see cref="EnergyModel"/> with the off-chip traffic the mapping really causes
/// (each layer's input, weight and output transfer cycles × lanes × 2 bytes, so re-fetches
/// caused by small tiles cost energy) instead of "weights once". EDP = energy × latency, in
/// mJ·ms. The reward is −log10(EDP / 1 mJ·ms); a design that violates a known constraint
/// scores <see cref="InvalidReward"/>, as if it were a million times worse than 1 mJ·ms.
/// </summary>
public sealed class EdpProblem : ISearchProblem
{
    /// <summary>Reward of a candidate that violates a known constraint.</summary>
    public const double InvalidReward = -6;

    private static readonly string[] GeneNames = ["tm", "tn", "tr", "tc", "wp", "ip", "op"];
    private readonly LayerWorkload[] _layers;
    private readonly Device _device;
    private readonly LatencyModel _model;
    private readonly double _clockMhz;
    private readonly int _dataBits;
    private readonly int _tk;

    /// <summary>Creates the problem for <paramref name="workloadName"/>'s layers on <paramref name="device"/>.</summary>
    public EdpProblem(string workloadName, IReadOnlyList<LayerWorkload> workloads, Device device, double clockMhz, int dataBits, LatencyModel model, EdpGrid grid)
    {
        _layers = workloads.Where(w => model.Counts(w.Kind)).ToArray();
        (_device, _model, _clockMhz, _dataBits) = (device, model, clockMhz, dataBits);
        _tk = _layers.Select(l => l.K).DefaultIfEmpty(1).Max();
        IReadOnlyList<int>[] lists = [grid.Tm, grid.Tn, grid.Tr, grid.Tc, grid.Lanes, grid.Lanes, grid.Lanes];
        Space = new SearchSpace([workloadName],
            GeneNames.Select((name, i) => new Gene(GeneKind.Hardware, lists[i].Select(v => (double)v).ToList(), Layer: name)));
        Workload = workloadName;
    }

    /// <summary>
    /// The benchmark's instance: torchvision ResNet-18 at 224×224, uncompressed 16-bit data, on a
    /// ZCU102 at 200 MHz under the project's latency model, over <see cref="EdpGrid.Default"/>.
    /// </summary>
    public static EdpProblem ResNet18OnZcu102() => new("resnet18", WorkloadExtractor.Extract(Graph.Zoo.BuiltinModels.Create("resnet18")),
        Hardware.Devices.DeviceCatalogue.BuiltIn().Find("zcu102"), 200, 16, LatencyModels.ZooForge, EdpGrid.Default);

    /// <inheritdoc />
    public string Name => "edp";

    /// <inheritdoc />
    public string ObjectiveName => "EDP (mJ·ms)";

    /// <inheritdoc />
    public bool Maximise => false;

    /// <summary>The workload's name.</summary>
    public string Workload { get; }

    /// <inheritdoc />
    public SearchSpace Space { get; }

    /// <summary>The accelerator a candidate describes.</summary>
    public AcceleratorDesign Design(Candidate c) => new()
    {
        Conv = new EngineTiling(c.Hardware("tm"), c.Hardware("tn"), c.Hardware("tr"), c.Hardware("tc"), _tk),
        Ports = new PortWidths(c.Hardware("wp"), c.Hardware("ip"), c.Hardware("op")),
        DataBits = _dataBits,
        ClockMhz = _clockMhz,
    };

    /// <inheritdoc />
    public bool IsValid(Candidate candidate)
    {
        var design = Design(candidate);
        if (!ResourceModel.Fits(ResourceModel.Estimate(design), _device, constrainLogic: false)) return false;
        foreach (var layer in _layers)
            if (_model.Incompatibility(layer, design) is not null) return false;
        return true;
    }

    /// <summary>Latency (ms), energy (mJ) and EDP (mJ·ms) of a valid candidate.</summary>
    public (double LatencyMs, double EnergyMj, double Edp) Measure(Candidate candidate)
    {
        var design = Design(candidate);
        double cycles = 0, trafficBytes = 0;
        foreach (var layer in _layers)
        {
            var l = _model.EvaluateLayer(layer, design);
            cycles += l.Cycles;
            trafficBytes += (l.InputCycles * design.Ports.Input + l.WeightCycles * design.Ports.Weight + l.OutputCycles * design.Ports.Output) * PortWidths.LaneBits / 8.0;
        }
        var evaluation = new DesignEvaluation(design, cycles, ResourceModel.Estimate(design));
        double energy = EnergyModel.Millijoules(evaluation, trafficBytes);
        return (evaluation.Milliseconds, energy, energy * evaluation.Milliseconds);
    }

    /// <inheritdoc />
    public ProblemOutcome Evaluate(Candidate candidate)
    {
        if (!IsValid(candidate)) return new ProblemOutcome(new Observation(InvalidReward, false, null), null, null, null);
        var (latency, _, edp) = Measure(candidate);
        return new ProblemOutcome(new Observation(-Math.Log10(edp), true, latency), edp, null, latency);
    }

    /// <summary>Enumerates every point: the exact optimum and the number of evaluations exhaustive search needs.</summary>
    public EdpOptimum Exhaustive()
    {
        var clock = Stopwatch.StartNew();
        var sizes = Space.Genes.Select(g => g.Values.Count).ToArray();
        var choices = new int[sizes.Length];
        Candidate? best = null;
        double bestEdp = double.PositiveInfinity;
        int valid = 0;
        long raw = 0;
        while (true)
        {
            raw++;
            var candidate = Space.Create(choices);
            if (IsValid(candidate))
            {
                valid++;
                double edp = Measure(candidate).Edp;
                if (edp < bestEdp) (best, bestEdp) = (candidate, edp);
            }
            int g = sizes.Length - 1;
            while (g >= 0 && ++choices[g] == sizes[g]) choices[g--] = 0;
            if (g < 0) break;
        }
        if (best is null) throw new InvalidOperationException($"no point of the EDP grid fits {_device.Board}");
        return new EdpOptimum(best, bestEdp, raw, valid, clock.Elapsed);
    }
}
