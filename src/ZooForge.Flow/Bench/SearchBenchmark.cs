using System.Globalization;
using System.Text.Json;
using ZooForge.Core.Json;
using ZooForge.Flow.Report.Plots;
using ZooForge.Flow.Search;
using ZooForge.Flow.Search.Problems;
using ZooForge.Graph.Serialization;
using ZooForge.Search.Benchmarks;
using ZooForge.Search.Engine;
using ZooForge.Search.HwSw;
using ZooForge.Search.Nahas;
using ZooForge.Search.Nasaic;
using ZooForge.Search.Results;

namespace ZooForge.Flow.Bench;

/// <summary>
/// <c>zooforge bench-search</c>: every strategy on the same problems at equal budgets over several
/// seeds — the hardware-only EDP problem (exact optimum by exhaustive enumeration), the default
/// co-search (hypervolume of accuracy and latency, one evaluation cache shared by all strategies
/// and seeds), the ASIC co-searches against their baselines, and the worker scaling figure — then
/// <c>bench.json</c> and the plots.
/// </summary>
public static class SearchBenchmark
{
    /// <summary>Default trials per run: the EDP problem is cheap, a co-search trial costs a fine-tune.</summary>
    public const int DefaultEdpBudget = 120, DefaultCoSearchBudget = 14;

    /// <summary>Default trials per scaling run: store-bound EDP trials are microseconds, simulated evaluations take <see cref="DefaultEvaluationMs"/>.</summary>
    public const int DefaultScalingBudget = 240, DefaultScalingEvaluatedBudget = 48;

    /// <summary>Default simulated evaluation time of the scaling figure's second series.</summary>
    public const double DefaultEvaluationMs = 250;

    /// <summary>The scaling figure's name among the problems.</summary>
    public const string Scaling = "scaling";

    /// <summary>Every problem <c>--problems</c> accepts.</summary>
    public static IReadOnlyList<string> ProblemNames { get; } = ["edp", "cosearch", NestedHwSwProblem.ProblemName, NahasProblem.ProblemName, NasaicConfigFile.ProblemName, Scaling];

    /// <summary>Runs every problem of the request in order, then writes <c>bench.json</c> and the plots.</summary>
    /// <param name="request">What was asked (checked by the caller).</param>
    /// <param name="progress">Hears one line per run.</param>
    public static SearchBenchResult Run(SearchBenchRequest request, Action<string> progress)
    {
        Directory.CreateDirectory(request.Folder);
        void Say(string line) => progress("bench-search: " + line);
        var problems = new List<ProblemBench>();
        foreach (string name in request.Problems)
        {
            problems.Add(name switch
            {
                Scaling => RunScaling(request, Say),
                _ when name == NasaicConfigFile.ProblemName => new NasaicBench(
                    NasaicSearchRun.Bench(request.Strategies, request.Seeds, request.Budget, Path.Combine(request.Folder, name), progress), Path.Combine(request.Folder, name)),
                _ when name == NahasProblem.ProblemName => new NahasBench(NahasSearchRun.Bench(request.Strategies, request.Seeds, request.Budget, request.ZooFolder, Say)),
                _ when name == NestedHwSwProblem.ProblemName => new HwSwBench(HwSwEdp(request, Say)),
                "edp" => new StrategyBench(Edp(request.Strategies, request.Seeds, request.Budget ?? DefaultEdpBudget, Say)),
                _ => new StrategyBench(CoSearch(request.Strategies, request.Seeds, request.Budget ?? DefaultCoSearchBudget, Path.Combine(request.Folder, "cosearch"), request.ZooFolder, Say)),
            });
        }
        return new SearchBenchResult(problems, Write(request.Folder, problems));
    }

    /// <summary>The <c>--json</c> object: the problems' JSON, with the scaling figure beside them when it ran.</summary>
    public static object ToJson(SearchBenchResult result)
    {
        var problems = result.Problems.Where(p => p is not ScalingBench and not NasaicBench).Select(SearchBenchJson.Problem).ToList();
        return result.Problems.OfType<ScalingBench>().FirstOrDefault() is { } scaling ? new { problems, scaling = SearchBenchJson.Scaling(scaling) } : problems;
    }

    private static ProblemResult Edp(IReadOnlyList<string> strategies, int seeds, int budget, Action<string> say)
    {
        var problem = EdpProblem.ResNet18OnZcu102();
        var optimum = problem.Exhaustive();
        say($"edp: exhaustive optimum {optimum.Edp:0.####} mJ·ms at {problem.Design(optimum.Best)} after {optimum.ValidPoints:N0} evaluations ({optimum.RawPoints:N0} raw points) in {optimum.Elapsed.TotalSeconds:0.0} s");
        var runs = RunAll(problem, strategies, seeds, budget, null, null, say);
        return new ProblemResult(problem.Name, problem.ObjectiveName, problem.Maximise, budget, runs, optimum.Edp, optimum.Best.Key, optimum.ValidPoints);
    }

    private static HwSwBenchResult HwSwEdp(SearchBenchRequest request, Action<string> say)
    {
        var config = HwSwConfigFile.Default();
        return HwSwBenchmark.Run(config, request.Strategies, request.Seeds, request.Budget ?? config.Budget,
            (name, space, seed, isValid) => SearchStrategies.Create(name, space, seed, isValid, null), say);
    }

    private static ProblemResult CoSearch(IReadOnlyList<string> strategies, int seeds, int budget, string folder, string? zoo, Action<string> say)
    {
        using var session = SearchSession.ForBenchmark(folder, zoo);
        var problem = new CoSearchProblem(session.Config, session.Explorer(), session.Evaluator(), session.Store, folder);
        say($"cosearch: {problem.Evaluated} distinct candidates already in the cache {Path.Combine(folder, "trials.db")}");
        var runs = RunAll(problem, strategies, seeds, budget, problem.Reference, session.Config.Reward.LatencyHighMs, say, () => $"{problem.Trained} distinct candidates trained so far");
        return new ProblemResult(problem.Name, problem.ObjectiveName, problem.Maximise, budget, runs, Reference: problem.Reference);
    }

    private static List<StrategyRun> RunAll(ISearchProblem problem, IReadOnlyList<string> strategies, int seeds, int budget,
        Hypervolume? reference, double? latencyTargetMs, Action<string> say, Func<string>? status = null)
    {
        var runs = new List<StrategyRun>();
        // Seed-major, so an interrupted co-search benchmark has every strategy on the seeds it finished.
        for (long seed = 1; seed <= seeds; seed++)
        foreach (string name in strategies)
        {
            var strategy = SearchStrategies.Create(name, problem.Space, seed, problem.IsValid, latencyTargetMs);
            try
            {
                var run = StrategyBenchmark.Run(problem, strategy, seed, budget, reference);
                runs.Add(run);
                string best = run.Best[^1] is { } b ? b.ToString("0.#####", CultureInfo.InvariantCulture) : "none feasible";
                string volume = reference is null ? "" : $", hypervolume {run.Hypervolume[^1]:0.####}";
                say($"{problem.Name} {name} seed {seed}: best {best}{volume}, {run.Feasible} feasible, {run.Invalid} invalid, {run.Elapsed.TotalSeconds:0.0} s{(status is null ? "" : "; " + status())}");
            }
            finally
            {
                (strategy as IDisposable)?.Dispose();
            }
        }
        return runs;
    }

    private static ScalingBench RunScaling(SearchBenchRequest request, Action<string> say)
    {
        var settings = new List<(double, int)> { (0, request.Budget ?? DefaultScalingBudget) };
        if (request.EvaluationMs > 0) settings.Add((request.EvaluationMs, request.Budget ?? DefaultScalingEvaluatedBudget));
        var (runs, overhead) = ScalingBenchmark.Run(request.Storage, request.Workers, settings, request.Folder, say);
        string plot = Path.Combine(request.Folder, "scaling.png");
        ScalingBenchmark.Plot(plot, runs);
        return new ScalingBench(runs, overhead, request.Storage, plot);
    }

    private static List<string> Write(string folder, IReadOnlyList<ProblemBench> problems)
    {
        var written = new List<string>();
        string jsonPath = Path.Combine(folder, "bench.json");
        var entries = problems.Where(p => p is not ScalingBench and not NasaicBench).Select(SearchBenchJson.Problem).ToList();
        AtomicFile.WriteAllText(jsonPath, JsonSerializer.Serialize(entries, ZooForgeJson.Indented) + "\n");
        written.Add(jsonPath);
        foreach (var problem in problems)
        {
            switch (problem)
            {
                case ScalingBench scaling:
                    string scalingPath = Path.Combine(folder, "scaling.json");
                    AtomicFile.WriteAllText(scalingPath, JsonSerializer.Serialize(SearchBenchJson.Scaling(scaling), ZooForgeJson.Indented) + "\n");
                    written.Add(scalingPath);
                    written.Add(scaling.Plot);
                    break;
                case NasaicBench nasaic:
                    written.Add(Path.Combine(nasaic.Folder, "nasaic.md"));
                    break;
                case HwSwBench { HwSw.Result: var r }:
                    written.Add(Plot(folder, r, "", $"best feasible {r.ObjectiveName}", "EDP (mJ·ms)", (run, i) => run.Best[i] ?? double.NaN));
                    break;
                case StrategyBench { Result: var r }:
                    if (r.Optimum is not null)
                        written.Add(Plot(folder, r, "", $"gap of the best {r.ObjectiveName} to the exhaustive optimum", "gap to optimum (%)",
                            (run, i) => 100 * (r.Gap(run.Best[i]) ?? double.PositiveInfinity), 100 * ProblemResult.Tolerance));
                    if (r.Reference is not null)
                    {
                        written.Add(Plot(folder, r, "-hypervolume", "hypervolume of (accuracy, latency)", "normalised hypervolume", (run, i) => run.Hypervolume[i]));
                        written.Add(Plot(folder, r, "-best", $"best feasible {r.ObjectiveName}", r.ObjectiveName, (run, i) => run.Best[i] ?? double.NaN));
                    }
                    break;
            }
        }
        return written;
    }

    private static string Plot(string folder, ProblemResult r, string suffix, string what, string axis, Func<StrategyRun, int, double> value, double? reference = null)
    {
        string path = Path.Combine(folder, $"{r.Problem}{suffix}.png");
        BenchPlot.Save(path, r, $"{r.Problem}: {what} (median of {r.Runs.Count / r.Strategies.Count} seeds)", axis, value, reference: reference);
        return path;
    }
}
