namespace ZooForge.Search.Benchmarks;

/// <summary>Every run of one problem, with the exact optimum when it is known.</summary>
/// <param name="Problem">Problem name.</param>
/// <param name="ObjectiveName">What the objective is.</param>
/// <param name="Maximise">True when a larger objective is better.</param>
/// <param name="Budget">Trials per run.</param>
/// <param name="Runs">One per strategy and seed.</param>
/// <param name="Optimum">The exact optimum (EDP problem: by exhaustive enumeration), or null.</param>
/// <param name="OptimumKey">The candidate at the optimum, or null.</param>
/// <param name="ExhaustiveEvaluations">Evaluations exhaustive search needs (points meeting the known constraints), or null.</param>
/// <param name="Reference">Hypervolume reference point, or null when the problem has no accuracy.</param>
public sealed record ProblemResult(string Problem, string ObjectiveName, bool Maximise, int Budget, IReadOnlyList<StrategyRun> Runs,
    double? Optimum = null, string? OptimumKey = null, int? ExhaustiveEvaluations = null, Hypervolume? Reference = null)
{
    /// <summary>A run is within this relative gap of the optimum when it counts as having reached it.</summary>
    public const double Tolerance = 0.02;

    /// <summary>Strategies in the order of their first run.</summary>
    public IReadOnlyList<string> Strategies => Runs.Select(r => r.Strategy).Distinct().ToList();

    /// <summary>Relative gap of an objective to the optimum (0 at the optimum), or null without an optimum or a value.</summary>
    public double? Gap(double? objective) => Optimum is { } o && objective is { } v ? Math.Abs(v - o) / Math.Abs(o) : null;

    /// <summary>Trials a run needed to come within <see cref="Tolerance"/> of the optimum, or null if it never did.</summary>
    public int? TrialsToOptimum(StrategyRun run)
    {
        for (int i = 0; i < run.Best.Count; i++)
            if (Gap(run.Best[i]) is { } g && g <= Tolerance + 1e-12) return i + 1;
        return null;
    }

    /// <summary>The per-strategy medians over seeds.</summary>
    public List<StrategySummary> Summaries() => Strategies.Select(name =>
    {
        var runs = Runs.Where(r => r.Strategy == name).ToList();
        var reached = runs.Select(TrialsToOptimum).ToList();
        return new StrategySummary(
            name, runs.Count,
            Median(runs.Select(r => r.Best[^1] ?? (Maximise ? double.NegativeInfinity : double.PositiveInfinity))),
            Optimum is null ? null : Median(runs.Select(r => Gap(r.Best[^1]) ?? double.PositiveInfinity)),
            Optimum is null ? null : reached.Count(t => t is not null),
            Optimum is null ? null : Median(reached.Select(t => t is { } v ? (double)v : double.PositiveInfinity)),
            Reference is null ? null : Median(runs.Select(r => r.Hypervolume[^1])),
            Median(runs.Select(r => (double)r.Feasible)),
            Median(runs.Select(r => (double)r.Invalid)),
            Median(runs.Select(r => r.Elapsed.TotalSeconds)));
    }).ToList();

    /// <summary>Median of a trial-by-trial series over a strategy's seeds (NaN where a seed has no value).</summary>
    public double[] MedianCurve(string strategy, Func<StrategyRun, int, double> value)
    {
        var runs = Runs.Where(r => r.Strategy == strategy).ToList();
        return Enumerable.Range(0, Budget).Select(i => Median(runs.Select(r => value(r, i)))).ToArray();
    }

    /// <summary>Median; infinities count as values (a seed that never got there), NaN is skipped.</summary>
    public static double Median(IEnumerable<double> values)
    {
        var v = values.Where(x => !double.IsNaN(x)).Order().ToList();
        if (v.Count == 0) return double.NaN;
        return v.Count % 2 == 1 ? v[v.Count / 2] : (v[v.Count / 2 - 1] + v[v.Count / 2]) / 2;
    }
}

/// <summary>One strategy's figures on one problem, medians over its seeds.</summary>
/// <param name="Strategy">Strategy name.</param>
/// <param name="Seeds">Runs (seeds).</param>
/// <param name="MedianBest">Median of the best feasible objective at the end (±∞ when a run found nothing feasible).</param>
/// <param name="MedianGap">Median relative gap to the optimum at the end, when the optimum is known.</param>
/// <param name="SeedsReached">Seeds that came within 2% of the optimum, when it is known.</param>
/// <param name="MedianTrialsToOptimum">Median trials needed to come within 2% (∞ when most seeds never did), when the optimum is known.</param>
/// <param name="MedianHypervolume">Median final hypervolume, when the problem has accuracy.</param>
/// <param name="MedianFeasible">Median feasible trials.</param>
/// <param name="MedianInvalid">Median trials that violated a known constraint.</param>
/// <param name="MedianSeconds">Median wall time of a run.</param>
public sealed record StrategySummary(string Strategy, int Seeds, double MedianBest, double? MedianGap, int? SeedsReached, double? MedianTrialsToOptimum,
    double? MedianHypervolume, double MedianFeasible, double MedianInvalid, double MedianSeconds);
