using ZooForge.Search.Expressions;
using System.Globalization;
using ZooForge.Asic.EdgeTpu;
using ZooForge.Search.Benchmarks;
using ZooForge.Search.Space;
using ZooForge.Search.Strategies;

namespace ZooForge.Search.Nahas;

/// <summary>
/// NAHAS (Zhou et al.): the MnasNet block space and, for the co-search, the Edge-TPU-like
/// template's knobs, either as genes beside the architecture's (joint) or searched per architecture
/// by <see cref="NahasHardwareSearch"/> (nested); for the fixed-hardware baseline the same block
/// space on the template's default point. A candidate is costed on its hardware by the ASIC model; one that misses the area
/// target (an input constraint: never costed) or the latency target (known before training) is not
/// fine-tuned. The objective is validation accuracy; the reward is MnasNet's,
/// accuracy × (latency / target)^<see cref="LatencyExponent"/> for a feasible candidate, so among
/// equally accurate designs the faster one wins, and <see cref="InfeasibleReward"/> otherwise.
/// Measurements are cached by candidate; accuracies by architecture (<see cref="NahasAccuracyCache"/>).
/// </summary>
public sealed class NahasProblem : ISearchProblem
{
    /// <summary>The problem's name in configurations and on the command line.</summary>
    public const string ProblemName = "nahas";

    /// <summary>MnasNet's soft latency exponent (w = −0.07).</summary>
    public const double LatencyExponent = -0.07;

    /// <summary>Reward of a candidate that misses a target or fails: below any accuracy.</summary>
    public const double InfeasibleReward = -1;

    private readonly Dictionary<string, NahasMeasurement> _measured = new(StringComparer.Ordinal);

    /// <summary>Creates the co-search (<paramref name="fixedHardware"/> null) or the baseline on <paramref name="fixedHardware"/>.</summary>
    /// <param name="blocks">The architecture genes.</param>
    /// <param name="hardware">The hardware knobs.</param>
    /// <param name="constraints">The targets.</param>
    /// <param name="costs">The cost model (shared).</param>
    /// <param name="accuracy">The accuracy cache (shared).</param>
    /// <param name="fixedHardware">The baseline's point; null for a co-search.</param>
    /// <param name="inner">For the nested co-search, the per-architecture hardware search (the genes are then the architecture's alone); null for the joint one, whose genes include the knobs.</param>
    public NahasProblem(NahasBlockSpace blocks, EdgeTpuSpace hardware, NahasConstraints constraints, NahasCostModel costs, NahasAccuracyCache accuracy,
        EdgeTpuConfig? fixedHardware = null, NahasHardwareSearch? inner = null)
    {
        (Blocks, Hardware, Constraints, Costs, AccuracyCache, FixedHardware, Inner) = (blocks, hardware, constraints, costs, accuracy, fixedHardware, inner);
        var genes = blocks.Genes().ToList();
        if (fixedHardware is null && inner is null)
            genes.AddRange(hardware.Knobs.Select(k => new Gene(GeneKind.Hardware, k.Values.Select(v => (double)v).ToList(), Layer: k.Name)));
        Space = new SearchSpace(["mnist_mnasnet"], genes);
    }

    /// <inheritdoc />
    public string Name => FixedHardware is null ? ProblemName : ProblemName + "-fixed";

    /// <inheritdoc />
    public string ObjectiveName => "validation accuracy";

    /// <inheritdoc />
    public bool Maximise => true;

    /// <inheritdoc />
    public SearchSpace Space { get; }

    /// <summary>The architecture genes.</summary>
    public NahasBlockSpace Blocks { get; }

    /// <summary>The hardware knobs (searched unless the hardware is fixed).</summary>
    public EdgeTpuSpace Hardware { get; }

    /// <summary>The baseline's hardware, or null for the co-search.</summary>
    public EdgeTpuConfig? FixedHardware { get; }

    /// <summary>The nested co-search's hardware search, or null.</summary>
    public NahasHardwareSearch? Inner { get; }

    /// <summary>Latency and area targets.</summary>
    public NahasConstraints Constraints { get; }

    /// <summary>The cost model (shared between problems).</summary>
    public NahasCostModel Costs { get; }

    /// <summary>The accuracy cache (shared between problems).</summary>
    public NahasAccuracyCache AccuracyCache { get; }

    /// <summary>Distinct candidates evaluated.</summary>
    public int MeasuredCount => _measured.Count;

    /// <summary>The measurement of an evaluated candidate's key, or null.</summary>
    public NahasMeasurement? Find(string key) => _measured.GetValueOrDefault(key);

    /// <summary>
    /// A stored trial's measurement, rebuilt from its record without costing or training (the
    /// cost comes from its metrics): what reports and comparisons of a resumed run read.
    /// </summary>
    public NahasMeasurement Measured(Store.TrialRecord trial)
    {
        var c = Space.Create(trial.Choices);
        if (Find(c.Key) is { } m) return m;
        double Metric(string key) => trial.Metrics.TryGetValue(key, out double v) ? v : double.NaN;
        var cost = new NahasHardwareCost(Metric(Metrics.LatencyMs), Metric(AsicMetrics.EnergyUj), Metric(AsicMetrics.AreaMm2), (long)(trial.Metrics.GetValueOrDefault(AsicMetrics.Cycles)), null);
        return new NahasMeasurement(Architecture(c), Point(c), cost, double.IsNaN(trial.Accuracy) ? null : trial.Accuracy, trial.Status == Store.TrialStatus.Feasible ? null : trial.Note ?? "not feasible");
    }

    /// <summary>The candidate's architecture.</summary>
    public MnasNetArchitecture Architecture(Candidate candidate) =>
        Blocks.Decode(Enumerable.Range(1, Blocks.Genes().Count).Select(i => Space.Genes[i].Values[candidate.Choices[i]]).ToList());

    /// <summary>The candidate's hardware point.</summary>
    public EdgeTpuConfig Point(Candidate candidate) => FixedHardware
        ?? Inner?.Best(Architecture(candidate)).Point
        ?? Hardware.At(candidate.Choices.Skip(1 + Blocks.Genes().Count).ToArray());

    /// <summary>Why the candidate's hardware misses the area target, or null.</summary>
    public string? InputViolation(Candidate candidate)
    {
        // The nested search only returns points within the area target; asking it here would run it for every candidate a strategy merely samples.
        if (Inner is not null) return null;
        double area = Point(candidate).ToAccelerator().AreaMm2;
        return area > Constraints.AreaMm2Max
            ? string.Create(CultureInfo.InvariantCulture, $"area {area:0.###} mm² above the target {Constraints.AreaMm2Max} mm²") : null;
    }

    /// <inheritdoc />
    public bool IsValid(Candidate candidate) => InputViolation(candidate) is null;

    /// <summary>The candidate's measurement: costed, and fine-tuned when it meets both targets (memoised).</summary>
    public NahasMeasurement Measure(Candidate candidate)
    {
        if (_measured.TryGetValue(candidate.Key, out var m)) return m;
        var architecture = Architecture(candidate);
        var hardware = Point(candidate);
        if (InputViolation(candidate) is { } area)
            m = new NahasMeasurement(architecture, hardware, new NahasHardwareCost(double.NaN, double.NaN, hardware.ToAccelerator().AreaMm2, 0, null), null, area);
        else
        {
            var cost = Costs.Cost(architecture, hardware);
            string? violation = cost.Refusal ?? (cost.LatencyMs > Constraints.LatencyMsMax
                ? string.Create(CultureInfo.InvariantCulture, $"latency {cost.LatencyMs:0.####} ms above the target {Constraints.LatencyMsMax} ms") : null);
            m = new NahasMeasurement(architecture, hardware, cost, violation is null ? AccuracyCache.Accuracy(architecture) : null, violation);
        }
        return _measured[candidate.Key] = m;
    }

    /// <inheritdoc />
    public ProblemOutcome Evaluate(Candidate candidate) => Outcome(Measure(candidate), Constraints);

    /// <summary>What a strategy is told about a measurement.</summary>
    public static ProblemOutcome Outcome(NahasMeasurement m, NahasConstraints constraints) => m is { Feasible: true, Accuracy: { } a }
        ? new ProblemOutcome(new Observation(Reward(a, m.Cost.LatencyMs, constraints), true, m.Cost.LatencyMs), a, a, m.Cost.LatencyMs)
        : new ProblemOutcome(new Observation(InfeasibleReward, false, double.IsNaN(m.Cost.LatencyMs) ? null : m.Cost.LatencyMs), null, null, null);

    /// <summary>MnasNet's reward of a feasible design.</summary>
    public static double Reward(double accuracy, double latencyMs, NahasConstraints constraints) =>
        accuracy * Math.Pow(latencyMs / constraints.LatencyMsMax, LatencyExponent);
}
