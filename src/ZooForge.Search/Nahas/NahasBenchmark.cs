using ZooForge.Search.Benchmarks;
using ZooForge.Search.Space;
using ZooForge.Search.Strategies;
using ZooForge.Search.Strategies.Bayesian;

namespace ZooForge.Search.Nahas;

/// <summary>One seed of one strategy: the co-search against the fixed-hardware baseline.</summary>
/// <param name="Seed">Seed.</param>
/// <param name="CoSearch">The co-search's most accurate feasible design (ties: lower latency), or null.</param>
/// <param name="Fixed">The baseline's, or null.</param>
/// <param name="AtBaselineAccuracy">The co-search's feasible designs at least as accurate as the baseline's best: the lowest latency and the lowest energy among them (null when none, or no baseline).</param>
public sealed record NahasSeedComparison(long Seed, NahasMeasurement? CoSearch, NahasMeasurement? Fixed, (double LatencyMs, double EnergyUj)? AtBaselineAccuracy)
{
    /// <summary>Co-search's best accuracy minus the baseline's, in points (null when either found nothing).</summary>
    public double? AccuracyGain => CoSearch?.Accuracy - Fixed?.Accuracy;

    /// <summary>1 − co-search latency / baseline latency at the baseline's accuracy (null when not comparable).</summary>
    public double? LatencyReduction => AtBaselineAccuracy is { } a && Fixed is { } f ? 1 - a.LatencyMs / f.Cost.LatencyMs : null;

    /// <summary>1 − co-search energy / baseline energy at the baseline's accuracy (null when not comparable).</summary>
    public double? EnergyReduction => AtBaselineAccuracy is { } a && Fixed is { } f ? 1 - a.EnergyUj / f.Cost.EnergyUj : null;
}

/// <summary>A <c>nahas</c> benchmark: every strategy's co-search and fixed-hardware runs and their comparison per seed.</summary>
/// <param name="Result">Every run (methods <c>S</c> and <c>S fixed-hw</c> per strategy S).</param>
/// <param name="Comparisons">Per strategy, per seed.</param>
/// <param name="ValidPoints">Hardware points meeting the area target.</param>
/// <param name="Trained">Distinct architectures fine-tuned.</param>
/// <param name="Config">The configuration benchmarked.</param>
/// <param name="Elapsed">Wall time.</param>
public sealed record NahasBenchResult(ProblemResult Result, IReadOnlyDictionary<string, IReadOnlyList<NahasSeedComparison>> Comparisons, long ValidPoints,
    int Trained, NahasConfig Config, TimeSpan Elapsed);

/// <summary>
/// Runs the co-search and the fixed-hardware NAS baseline with every strategy over seeds 1..N at
/// equal budgets (trials), seed-major. Both problems share one cost model and one accuracy cache,
/// so an architecture is fine-tuned once for every strategy, seed and problem.
/// </summary>
public static class NahasBenchmark
{
    /// <summary>Suffix of a baseline run's method name.</summary>
    public const string FixedSuffix = " fixed-hw";

    /// <summary>Runs every strategy; <paramref name="create"/> builds strategies other than random.</summary>
    public static NahasBenchResult Run(NahasConfig config, INahasTrainer trainer, IReadOnlyList<string> strategies, int seeds, int budget,
        Func<string, SearchSpace, long, Func<Candidate, bool>, ISearchStrategy> create, Action<string>? log = null)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var costs = new NahasCostModel();
        var accuracy = new NahasAccuracyCache(trainer);
        long valid = NahasFeasibility.Check(config, costs);
        var co = config.CoSearch(costs, accuracy);
        var fixedHw = config.FixedHardware(costs, accuracy);
        log?.Invoke($"{NahasProblem.ProblemName}: {valid:N0} of {config.HardwareSpace.Size:N0} hardware points meet the area target; {config.Blocks.Size:N0} architectures; baseline hardware {config.BaselineHardware}");
        var runs = new List<StrategyRun>();
        var comparisons = strategies.ToDictionary(s => s, _ => new List<NahasSeedComparison>());
        for (long seed = 1; seed <= seeds; seed++)
        foreach (string name in strategies)
        {
            var pair = new List<StrategyRun>();
            foreach (var problem in new[] { co, fixedHw })
            {
                var strategy = Create(name, problem, seed, create);
                try
                {
                    string method = problem == co ? name : name + FixedSuffix;
                    var run = StrategyBenchmark.Run(problem, strategy, seed, budget) with { Strategy = method };
                    pair.Add(run);
                    runs.Add(run);
                    log?.Invoke($"{NahasProblem.ProblemName} {method} seed {seed}: best accuracy {(run.Best[^1] is { } b ? $"{100 * b:0.00}%" : "none feasible")}, {run.Feasible} feasible, {run.Invalid} invalid, {accuracy.Trained} architectures trained so far, {run.Elapsed.TotalSeconds:0.0} s");
                }
                finally
                {
                    (strategy as IDisposable)?.Dispose();
                }
            }
            comparisons[name].Add(Compare(seed, Feasible(co, pair[0]), Feasible(fixedHw, pair[1])));
        }
        var result = new ProblemResult(co.Name, co.ObjectiveName, co.Maximise, budget, runs);
        return new NahasBenchResult(result, comparisons.ToDictionary(p => p.Key, p => (IReadOnlyList<NahasSeedComparison>)p.Value), valid, accuracy.Trained, config, clock.Elapsed);
    }

    /// <summary>
    /// The strategy <paramref name="name"/> on <paramref name="problem"/>: random samples only points
    /// meeting the area target; <c>bo</c> is the project's constrained BO with the reward GP on feasible
    /// trials only and exploration until a first feasible one (hwsw-edp's settings without per-gene
    /// length scales, which on some 35 genes would cost more fits than the budget has trials): the
    /// latency target is an output constraint, and with penalties alone the plain BO keeps proposing
    /// next to its infeasible start. Any other name is built by <paramref name="others"/>.
    /// </summary>
    public static ISearchStrategy Create(string name, NahasProblem problem, long seed, Func<string, SearchSpace, long, Func<Candidate, bool>, ISearchStrategy> others) => name switch
    {
        "random" => new RandomStrategy(problem.Space, seed, problem.IsValid),
        "bo" => new BayesianStrategy(problem.Space, seed, problem.IsValid, new BayesianSettings(RewardOnFeasibleOnly: true, ExploreUntilFeasible: true)),
        _ => others(name, problem.Space, seed, problem.IsValid),
    };

    /// <summary>Compares one seed's feasible designs of the co-search and of the baseline.</summary>
    public static NahasSeedComparison Compare(long seed, IReadOnlyList<NahasMeasurement> co, IReadOnlyList<NahasMeasurement> fixedHw)
    {
        static NahasMeasurement? Best(IReadOnlyList<NahasMeasurement> ms) => ms.OrderByDescending(m => m.Accuracy).ThenBy(m => m.Cost.LatencyMs).FirstOrDefault();
        var bestFixed = Best(fixedHw);
        (double, double)? atAccuracy = null;
        if (bestFixed is not null && co.Where(m => m.Accuracy >= bestFixed.Accuracy).ToList() is { Count: > 0 } asGood)
            atAccuracy = (asGood.Min(m => m.Cost.LatencyMs), asGood.Min(m => m.Cost.EnergyUj));
        return new NahasSeedComparison(seed, Best(co), bestFixed, atAccuracy);
    }

    private static List<NahasMeasurement> Feasible(NahasProblem problem, StrategyRun run) =>
        run.Keys.Distinct().Select(problem.Find).OfType<NahasMeasurement>().Where(m => m.Feasible).ToList();
}
