using ZooForge.Core.Errors;
using ZooForge.Asic.Eyeriss;
using ZooForge.Search.Benchmarks;
using ZooForge.Search.Space;
using ZooForge.Search.Strategies;

namespace ZooForge.Search.HwSw;

/// <summary>
/// Hardware/software co-design of an Eyeriss-like accelerator for network EDP (Shi et al.): the
/// genes are the space file's hardware knobs (and, for a flat search, mapping genes); input
/// constraints are checked by <see cref="IsValid"/> and a point that misses them is never mapped;
/// every other point is mapped layer by layer by the inner search and checked against the output
/// constraints. The reward is −log10(EDP / 1 mJ·ms), EDP being the geometric mean over the
/// workloads; a point that misses any constraint scores <see cref="EdpProblem.InvalidReward"/>.
/// Evaluations are cached by candidate, so strategies and seeds sharing an instance map each point once.
/// </summary>
public abstract class HwSwProblem : ISearchProblem
{
    private readonly Dictionary<string, HwSwMeasurement> _measured = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string?> _inputViolations = new(StringComparer.Ordinal);

    /// <summary>Creates the problem; <paramref name="mappingGenes"/> follow the hardware genes.</summary>
    protected HwSwProblem(EyerissSpace hardware, IReadOnlyList<HwSwWorkload> workloads, HwSwConstraints constraints, IEnumerable<Gene> mappingGenes)
    {
        if (workloads.Count == 0) throw new InvalidInputException("the hardware/software problem needs at least one workload");
        (Hardware, Workloads, Constraints) = (hardware, workloads, constraints);
        var genes = hardware.Knobs.Select(k => new Gene(GeneKind.Hardware, k.Values.Select(v => (double)v).ToList(), Layer: k.Name));
        Space = new SearchSpace([string.Join("+", workloads.Select(w => w.Name))], genes.Concat(mappingGenes));
    }

    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public string ObjectiveName => "EDP (mJ·ms, geometric mean over workloads)";

    /// <inheritdoc />
    public bool Maximise => false;

    /// <inheritdoc />
    public SearchSpace Space { get; }

    /// <summary>The hardware knobs.</summary>
    public EyerissSpace Hardware { get; }

    /// <summary>The networks whose EDP is minimised.</summary>
    public IReadOnlyList<HwSwWorkload> Workloads { get; }

    /// <summary>Input and output constraints.</summary>
    public HwSwConstraints Constraints { get; }

    /// <summary>Distinct hardware points mapped so far (input-invalid points are never mapped).</summary>
    public int Measured => _measured.Count;

    /// <summary>Median mappings the inner search evaluated per mapped hardware point (0 before any).</summary>
    public double MedianMappingsPerPoint() => _measured.Count == 0 ? 0 : ProblemResult.Median(_measured.Values.Select(m => (double)m.MappingsEvaluated));

    /// <summary>The hardware point of <paramref name="candidate"/>.</summary>
    public EyerissPoint Point(Candidate candidate) => Hardware.At(candidate.Choices.Skip(1).Take(Hardware.Knobs.Count).ToArray());

    /// <summary>Why the candidate misses an input constraint, or null (memoised; nothing is mapped).</summary>
    public string? InputViolation(Candidate candidate)
    {
        if (!_inputViolations.TryGetValue(candidate.Key, out var violation))
            _inputViolations[candidate.Key] = violation = Constraints.InputViolation(Point(candidate).ToAccelerator(Hardware.Base));
        return violation;
    }

    /// <inheritdoc />
    public bool IsValid(Candidate candidate) => InputViolation(candidate) is null;

    /// <summary>The candidate's measurement (mapping every layer once per distinct candidate); null when it misses an input constraint.</summary>
    public HwSwMeasurement? Measure(Candidate candidate)
    {
        if (!IsValid(candidate)) return null;
        if (!_measured.TryGetValue(candidate.Key, out var m))
            _measured[candidate.Key] = m = HwSwEvaluator.Measure(Point(candidate), Hardware.Base, Workloads, Constraints, InnerSearch(candidate));
        return m;
    }

    /// <inheritdoc />
    public ProblemOutcome Evaluate(Candidate candidate) => Outcome(Measure(candidate));

    /// <summary>What a strategy is told about a measurement (null: an input constraint was missed).</summary>
    public static ProblemOutcome Outcome(HwSwMeasurement? m) => m is { Feasible: true, Edp: { } edp }
        ? new ProblemOutcome(new Observation(-Math.Log10(edp), true, m.Workloads.Max(w => w.LatencyMs)), edp, null, m.Workloads.Max(w => w.LatencyMs))
        : new ProblemOutcome(new Observation(EdpProblem.InvalidReward, false, m?.Workloads.Select(w => (double?)w.LatencyMs).Max()), null, null, null);

    /// <summary>How the candidate's layers are mapped.</summary>
    protected abstract IInnerSearch InnerSearch(Candidate candidate);
}
