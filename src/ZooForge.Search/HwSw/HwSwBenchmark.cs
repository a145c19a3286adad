using ZooForge.Search.Benchmarks;
using ZooForge.Search.Space;
using ZooForge.Search.Strategies;

namespace ZooForge.Search.HwSw;

/// <summary>One method's figures on <c>hwsw-edp</c> against the Eyeriss baseline and the nested BO.</summary>
/// <param name="Method">Strategy name.</param>
/// <param name="MedianEdp">Median over seeds of the best feasible EDP (+∞ when most seeds found nothing feasible).</param>
/// <param name="PerSeed">Best feasible EDP per seed (null: none feasible).</param>
/// <param name="ImprovementOverEyeriss">1 − median / Eyeriss's EDP (positive: better than Eyeriss).</param>
/// <param name="NestedImprovement">1 − nested BO's median / this median: how much lower the nested BO's median is (NaN when this method's median is not finite: most seeds found nothing feasible).</param>
/// <param name="MedianFeasible">Median feasible trials.</param>
/// <param name="MedianInvalid">Median trials that missed an input constraint.</param>
public sealed record HwSwMethodSummary(string Method, double MedianEdp, IReadOnlyList<double?> PerSeed, double ImprovementOverEyeriss,
    double NestedImprovement, double MedianFeasible, double MedianInvalid);

/// <summary>A <c>hwsw-edp</c> benchmark: every method's runs, and the hand-set Eyeriss design they are measured against.</summary>
/// <param name="Result">The runs, as for every benchmark problem.</param>
/// <param name="Eyeriss">The Eyeriss baseline with its best mappings.</param>
/// <param name="EyerissInputViolation">The input constraint Eyeriss itself misses, or null.</param>
/// <param name="ValidPoints">Hardware points meeting the input constraints.</param>
/// <param name="MappingsPerPoint">Median mappings the inner search evaluated per hardware point (nested problem).</param>
public sealed record HwSwBenchResult(ProblemResult Result, HwSwMeasurement Eyeriss, string? EyerissInputViolation, long ValidPoints, double MappingsPerPoint)
{
    /// <summary>Per-method summaries in run order.</summary>
    public IReadOnlyList<HwSwMethodSummary> Methods()
    {
        double eyeriss = Eyeriss.Edp ?? double.NaN;
        var medians = Result.Summaries().ToDictionary(s => s.Strategy, StringComparer.Ordinal);
        double nested = medians.TryGetValue(HwSwStrategies.NestedBo, out var n) ? n.MedianBest : double.NaN;
        return Result.Summaries().Select(s => new HwSwMethodSummary(s.Strategy, s.MedianBest,
            Result.Runs.Where(r => r.Strategy == s.Strategy).Select(r => r.Best[^1]).ToList(),
            1 - s.MedianBest / eyeriss, double.IsFinite(s.MedianBest) ? 1 - nested / s.MedianBest : double.NaN, s.MedianFeasible, s.MedianInvalid)).ToList();
    }
}

/// <summary>
/// Runs <c>hwsw-edp</c>'s comparison at equal outer budgets (hardware points per run): the nested
/// BO, each named outer strategy with the same inner mapper (random samples only points meeting
/// the input constraints), the project's flat BO on the flat problem, the flat problem under the
/// nested BO's settings, and the Eyeriss baseline.
/// Seeds are 1..N, seed-major. The problems cache their measurements, so a hardware point two runs
/// share is mapped once.
/// </summary>
public static class HwSwBenchmark
{
    /// <summary>Runs every method. <paramref name="create"/> builds the named outer strategies other than random.</summary>
    public static HwSwBenchResult Run(HwSwConfig config, IReadOnlyList<string> strategies, int seeds, int budget,
        Func<string, SearchSpace, long, Func<Candidate, bool>, ISearchStrategy> create, Action<string>? log = null)
    {
        var nested = config.NestedProblem();
        var flat = config.FlatProblem();
        long valid = HwSwFeasibility.Check(config.HardwareSpace, nested.Workloads, config.Constraints);
        var eyeriss = EyerissBaseline.Measure(nested.Workloads, config.Constraints, new MapperInnerSearch(config.Dataflows), out var eyerissViolation);
        log?.Invoke($"{NestedHwSwProblem.ProblemName}: {valid:N0} of {config.HardwareSpace.Size:N0} hardware points meet the input constraints; eyeriss-like: {(eyeriss.Edp is { } e ? $"{e:0.###} mJ·ms" : eyeriss.Violation)}");
        var methods = new List<string> { HwSwStrategies.NestedBo };
        methods.AddRange(strategies.Where(s => !methods.Contains(s)));
        methods.AddRange([HwSwStrategies.FlatBo, HwSwStrategies.FlatBoTuned]);
        var runs = new List<StrategyRun>();
        for (long seed = 1; seed <= seeds; seed++)
        foreach (string method in methods)
        {
            HwSwProblem problem = method is HwSwStrategies.FlatBo or HwSwStrategies.FlatBoTuned ? flat : nested;
            var strategy = HwSwStrategies.Create(method, problem, seed, create);
            try
            {
                var run = StrategyBenchmark.Run(problem, strategy, seed, budget) with { Strategy = method };
                runs.Add(run);
                log?.Invoke($"{NestedHwSwProblem.ProblemName} {method} seed {seed}: best {(run.Best[^1] is { } b ? $"{b:0.###}" : "none feasible")}, {run.Feasible} feasible, {run.Invalid} invalid, {run.Elapsed.TotalSeconds:0.0} s");
            }
            finally
            {
                (strategy as IDisposable)?.Dispose();
            }
        }
        var result = new ProblemResult(nested.Name, nested.ObjectiveName, nested.Maximise, budget, runs);
        return new HwSwBenchResult(result, eyeriss, eyerissViolation, valid, nested.MedianMappingsPerPoint());
    }
}
