using ZooForge.Flow.Report.Plots;
using ZooForge.Core.Json;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;
using ZooForge.Flow.Bench;
using ZooForge.Cli.App;
using ZooForge.Flow;
using ZooForge.Data.Mnist;
using ZooForge.Cli.Rendering;
using ZooForge.Flow.Search;
using ZooForge.Flow.Search.Problems;
using ZooForge.Graph.Serialization;
using ZooForge.Search.Benchmarks;
using ZooForge.Search.Engine;
using ZooForge.Search.HwSw;
using ZooForge.Search.Nahas;
using ZooForge.Search.Nasaic;
using ZooForge.Search.Results;
using ZooForge.Search.Store.Postgres;

namespace ZooForge.Cli.Commands;

/// <summary>
/// <c>zooforge bench-search</c>: every strategy on the same problems at equal budgets over
/// several seeds — the hardware-only EDP problem (exact optimum by exhaustive enumeration) and
/// the default co-search (hypervolume of accuracy and latency, with one evaluation cache shared
/// by all strategies and seeds) — as a table, JSON and PNG plots.
/// </summary>
internal static class BenchSearchCommand
{
    /// <summary>Default trials per run: the EDP problem is cheap, a co-search trial costs a fine-tune.</summary>
    public const int DefaultEdpBudget = 120, DefaultCoSearchBudget = 14;

    /// <summary>Default trials per scaling run: store-bound EDP trials are microseconds, simulated evaluations take <see cref="DefaultEvaluationMs"/>.</summary>
    public const int DefaultScalingBudget = 240, DefaultScalingEvaluatedBudget = 48;

    /// <summary>Default simulated evaluation time of the scaling figure's second series.</summary>
    public const double DefaultEvaluationMs = 250;

    private const string Scaling = "scaling";

    private static readonly string[] ProblemNames = ["edp", "cosearch", NestedHwSwProblem.ProblemName, NahasProblem.ProblemName, NasaicConfigFile.ProblemName, Scaling];

    public static Command Create(Func<CliOutput> output)
    {
        var problems = new Option<string>("--problems") { Description = "Comma-separated problems: edp (ResNet-18 on ZCU102, hardware only), cosearch (the default search; trains), hwsw-edp (Eyeriss-like ASIC for ResNet-18 and MobileNetV2 EDP, nested BO against random, flat BO and Eyeriss; budget = hardware points, default: the built-in config's), nahas (MnasNet block space and Edge-TPU-like knobs on MNIST against the same space on the default hardware; trains; budget = trials per search, default: the built-in config's), nasaic (MNIST and Fashion-MNIST networks with one heterogeneous ASIC against the sequential baseline; trains; budget default: the built-in config's), scaling (trials per minute of 1, 2, 4 worker processes on a PostgreSQL study of edp, and store overhead per trial). Default: edp,cosearch", DefaultValueFactory = _ => "edp,cosearch" };
        var strategies = new Option<string>("--strategies") { Description = $"Comma-separated strategies. Default: {string.Join(",", SearchStrategies.Names)}", DefaultValueFactory = _ => string.Join(",", SearchStrategies.Names) };
        var seeds = new Option<int>("--seeds") { Description = "Seeds per strategy (1..N). Default: 5", DefaultValueFactory = _ => 5 };
        var budget = new Option<int?>("--budget") { Description = $"Trials per run. Default: {DefaultEdpBudget} for edp, {DefaultCoSearchBudget} for cosearch" };
        var outFolder = new Option<string>("--out") { Description = "Folder for bench.json, the plots and the co-search evaluation cache (reused by later runs). Default: bench-search", DefaultValueFactory = _ => "bench-search" };
        var zoo = new Option<string?>("--zoo") { Description = "Zoo folder. Default: the shipped zoo" };
        var json = CommonOptions.Json();
        var storage = new Option<string?>("--storage") { Description = "scaling: the PostgreSQL database to measure (a fresh study per run). Default: a throw-away cluster started for the benchmark" };
        var workers = new Option<string>("--workers") { Description = "scaling: comma-separated worker counts. Default: 1,2,4", DefaultValueFactory = _ => "1,2,4" };
        var evaluationMs = new Option<double>("--evaluation-ms")
        {
            Description = $"scaling: simulated evaluation time per trial of the second series (0 leaves it out). Default: {DefaultEvaluationMs}", DefaultValueFactory = _ => DefaultEvaluationMs,
        };
        var command = new Command("bench-search", "Benchmark the search strategies (rl, random, evolution, bo) at equal budgets over several seeds")
        {
            problems, strategies, seeds, budget, outFolder, zoo, storage, workers, evaluationMs, json,
        };
        command.SetAction(parse => ErrorReporter.Guard(output().Error, () =>
        {
            var o = output();
            var problemNames = List(parse.GetValue(problems)!);
            foreach (var p in problemNames.Where(p => !ProblemNames.Contains(p)))
                throw new UserInputException($"--problems: unknown problem '{p}' (known: {string.Join(", ", ProblemNames)})");
            var workerCounts = List(parse.GetValue(workers)!).Select(w => int.TryParse(w, out int n) && n >= 1 ? n
                : throw new UserInputException($"--workers: '{w}' is not a worker count of at least 1")).ToList();
            if (parse.GetValue(evaluationMs) is < 0 or double.NaN) throw new UserInputException($"--evaluation-ms must be at least 0, got {parse.GetValue(evaluationMs)}");
            if (parse.GetValue(storage) is { } url) PostgresLocation.Parse(url, "--storage");
            var strategyNames = List(parse.GetValue(strategies)!);
            foreach (var s in strategyNames) SearchStrategies.Require(s, "--strategies");
            int seedCount = parse.GetValue(seeds);
            if (seedCount < 1) throw new UserInputException($"--seeds must be at least 1, got {seedCount}");
            if (parse.GetValue(budget) is < 1) throw new UserInputException($"--budget must be at least 1, got {parse.GetValue(budget)}");
            string folder = parse.GetValue(outFolder)!;
            Directory.CreateDirectory(folder);

            var results = new List<ProblemResult>();
            var hwsw = new List<HwSwBenchResult>();
            var nahas = new List<NahasBenchResult>();
            object? scaling = null;
            foreach (string name in problemNames)
            {
                if (name == Scaling)
                {
                    scaling = RunScaling(o, folder, parse.GetValue(storage), workerCounts, parse.GetValue(budget), parse.GetValue(evaluationMs));
                    continue;
                }
                if (name == NasaicConfigFile.ProblemName)
                {
                    string nasaicFolder = Path.Combine(folder, NasaicConfigFile.ProblemName);
                    o.Writer.Write(NasaicSearchRun.Bench(strategyNames, seedCount, parse.GetValue(budget), nasaicFolder, o.Error.WriteLine));
                    o.Writer.WriteLine($"wrote {Path.Combine(nasaicFolder, "nasaic.md")} and one run folder per strategy and seed");
                    continue;
                }
                if (name == NahasProblem.ProblemName)
                {
                    nahas.Add(NahasSearchRun.Bench(strategyNames, seedCount, parse.GetValue(budget), parse.GetValue(zoo), line => o.Error.WriteLine("bench-search: " + line)));
                    results.Add(nahas[^1].Result);
                    continue;
                }
                if (name == NestedHwSwProblem.ProblemName)
                {
                    hwsw.Add(HwSwEdp(o, strategyNames, seedCount, parse.GetValue(budget)));
                    results.Add(hwsw[^1].Result);
                    continue;
                }
                int trials = parse.GetValue(budget) ?? (name == "edp" ? DefaultEdpBudget : DefaultCoSearchBudget);
                results.Add(name == "edp"
                    ? Edp(o, strategyNames, seedCount, trials)
                    : CoSearch(o, strategyNames, seedCount, trials, Path.Combine(folder, "cosearch"), parse.GetValue(zoo)));
            }
            var written = Write(folder, results, hwsw, scaling, nahas);
            if (parse.GetValue(json))
            {
                var problemsJson = results.Select(r => ToJson(r, hwsw, nahas)).ToList();
                if (scaling is null) o.WriteJson(problemsJson);
                else o.WriteJson(new { problems = problemsJson, scaling });
            }
            else
            {
                foreach (var r in results)
                {
                    if (hwsw.FirstOrDefault(h => ReferenceEquals(h.Result, r)) is { } h) HwSwBenchOutput.Print(o, h);
                    else if (nahas.FirstOrDefault(n => ReferenceEquals(n.Result, r)) is { } n) NahasBenchOutput.Print(o, n);
                    else Print(o, r);
                }
                o.Writer.WriteLine($"wrote {string.Join(", ", written)}");
            }
            return 0;
        }));
        return command;
    }

    private static List<string> List(string text) => text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct().ToList();

    private static ProblemResult Edp(CliOutput o, List<string> strategies, int seeds, int budget)
    {
        var problem = EdpProblem.ResNet18OnZcu102();
        var optimum = problem.Exhaustive();
        o.Error.WriteLine($"bench-search: edp: exhaustive optimum {optimum.Edp:0.####} mJ·ms at {problem.Design(optimum.Best)} after {optimum.ValidPoints:N0} evaluations ({optimum.RawPoints:N0} raw points) in {optimum.Elapsed.TotalSeconds:0.0} s");
        var runs = RunAll(o, problem, strategies, seeds, budget, null, null);
        return new ProblemResult(problem.Name, problem.ObjectiveName, problem.Maximise, budget, runs, optimum.Edp, optimum.Best.Key, optimum.ValidPoints);
    }

    private static HwSwBenchResult HwSwEdp(CliOutput o, List<string> strategies, int seeds, int? budget)
    {
        var config = HwSwConfigFile.Default();
        return HwSwBenchmark.Run(config, strategies, seeds, budget ?? config.Budget,
            (name, space, seed, isValid) => SearchStrategies.Create(name, space, seed, isValid, null), line => o.Error.WriteLine("bench-search: " + line));
    }

    private static ProblemResult CoSearch(CliOutput o, List<string> strategies, int seeds, int budget, string folder, string? zoo)
    {
        using var session = SearchSession.ForBenchmark(folder, zoo);
        var problem = new CoSearchProblem(session.Config, session.Explorer(), session.Evaluator(), session.Store, folder);
        o.Error.WriteLine($"bench-search: cosearch: {problem.Evaluated} distinct candidates already in the cache {Path.Combine(folder, "trials.db")}");
        var runs = RunAll(o, problem, strategies, seeds, budget, problem.Reference, session.Config.Reward.LatencyHighMs,
            () => $"{problem.Trained} distinct candidates trained so far");
        return new ProblemResult(problem.Name, problem.ObjectiveName, problem.Maximise, budget, runs, Reference: problem.Reference);
    }

    private static List<StrategyRun> RunAll(CliOutput o, ISearchProblem problem, List<string> strategies, int seeds, int budget,
        Hypervolume? reference, double? latencyTargetMs, Func<string>? status = null)
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
                o.Error.WriteLine($"bench-search: {problem.Name} {name} seed {seed}: best {best}{volume}, {run.Feasible} feasible, {run.Invalid} invalid, {run.Elapsed.TotalSeconds:0.0} s{(status is null ? "" : "; " + status())}");
            }
            finally
            {
                (strategy as IDisposable)?.Dispose();
            }
        }
        return runs;
    }

    // The table and the plot of the scaling figure; returns its JSON.
    private static object RunScaling(CliOutput o, string folder, string? storage, List<int> workers, int? budget, double evaluationMs)
    {
        var settings = new List<(double, int)> { (0, budget ?? DefaultScalingBudget) };
        if (evaluationMs > 0) settings.Add((evaluationMs, budget ?? DefaultScalingEvaluatedBudget));
        var (runs, overhead) = ScalingBenchmark.Run(storage, workers, settings, folder, line => o.Error.WriteLine("bench-search: " + line));
        var table = new Table().Title(Markup.Escape($"scaling: worker processes on one PostgreSQL study of the EDP problem ({(storage is null ? "throw-away cluster, fsync off" : "--storage")})"))
            .AddColumns("evaluation", "workers", "trials", "trials/min", "trials/min with start-up", "coordination ms/trial");
        foreach (var r in runs)
            table.AddPlainRow(r.EvaluationMs == 0 ? "model only" : $"{r.EvaluationMs:0} ms", $"{r.Workers}", $"{r.Trials}", $"{r.TrialsPerMinute:0}", $"{r.TrialsPerMinuteWall:0}", $"{r.CoordinationMsPerTrial:0.0}");
        o.Console_.Write(table);
        o.Writer.WriteLine($"store overhead per added trial: SQLite {overhead.SqliteAddMs:0.00} ms, PostgreSQL {overhead.PostgresAddMs:0.00} ms ({overhead.Samples} trials each)");
        string plot = Path.Combine(folder, "scaling.png");
        ScalingBenchmark.Plot(plot, runs);
        return new
        {
            runs = runs.Select(r => new
            {
                workers = r.Workers, evaluation_ms = r.EvaluationMs, trials = r.Trials, wall_seconds = r.WallSeconds, busy_seconds = r.BusySeconds,
                trials_per_minute = r.TrialsPerMinute, trials_per_minute_wall = r.TrialsPerMinuteWall, coordination_ms_per_trial = r.CoordinationMsPerTrial,
            }),
            store_overhead_ms = new { sqlite_add = overhead.SqliteAddMs, postgres_add = overhead.PostgresAddMs, samples = overhead.Samples },
            plot,
        };
    }

    private static List<string> Write(string folder, List<ProblemResult> results, List<HwSwBenchResult> hwsw, object? scaling, List<NahasBenchResult> nahas)
    {
        var written = new List<string>();
        string jsonPath = Path.Combine(folder, "bench.json");
        AtomicFile.WriteAllText(jsonPath, JsonSerializer.Serialize(results.Select(r => ToJson(r, hwsw, nahas)).ToList(), ZooForgeJson.Indented) + "\n");
        written.Add(jsonPath);
        if (scaling is not null)
        {
            string scalingPath = Path.Combine(folder, "scaling.json");
            AtomicFile.WriteAllText(scalingPath, JsonSerializer.Serialize(scaling, ZooForgeJson.Indented) + "\n");
            written.Add(scalingPath);
            written.Add(Path.Combine(folder, "scaling.png"));
        }
        foreach (var r in results)
        {
            if (r.Optimum is { } optimum)
            {
                string path = Path.Combine(folder, $"{r.Problem}.png");
                BenchPlot.Save(path, r, $"{r.Problem}: gap of the best {r.ObjectiveName} to the exhaustive optimum (median of {r.Runs.Count / r.Strategies.Count} seeds)",
                    "gap to optimum (%)", (run, i) => 100 * (r.Gap(run.Best[i]) ?? double.PositiveInfinity), reference: 100 * ProblemResult.Tolerance);
                written.Add(path);
            }
            if (hwsw.Any(h => ReferenceEquals(h.Result, r)))
            {
                string path = Path.Combine(folder, $"{r.Problem}.png");
                BenchPlot.Save(path, r, $"{r.Problem}: best feasible {r.ObjectiveName} (median of {r.Runs.Count / r.Strategies.Count} seeds)",
                    "EDP (mJ·ms)", (run, i) => run.Best[i] ?? double.NaN);
                written.Add(path);
            }
            if (r.Reference is not null)
            {
                string path = Path.Combine(folder, $"{r.Problem}-hypervolume.png");
                BenchPlot.Save(path, r, $"{r.Problem}: hypervolume of (accuracy, latency) (median of {r.Runs.Count / r.Strategies.Count} seeds)",
                    "normalised hypervolume", (run, i) => run.Hypervolume[i]);
                written.Add(path);
                path = Path.Combine(folder, $"{r.Problem}-best.png");
                BenchPlot.Save(path, r, $"{r.Problem}: best feasible {r.ObjectiveName} (median of {r.Runs.Count / r.Strategies.Count} seeds)",
                    r.ObjectiveName, (run, i) => run.Best[i] ?? double.NaN);
                written.Add(path);
            }
        }
        return written;
    }

    private static object ToJson(ProblemResult r, List<HwSwBenchResult> hwsw, List<NahasBenchResult> nahas) => hwsw.FirstOrDefault(h => ReferenceEquals(h.Result, r)) is { } h
        ? new { problem = r.Problem, objective = r.ObjectiveName, budget = r.Budget, hwsw = HwSwBenchOutput.ToJson(h), runs = Runs(r) }
        : nahas.FirstOrDefault(n => ReferenceEquals(n.Result, r)) is { } n
            ? new { problem = r.Problem, objective = r.ObjectiveName, budget = r.Budget, nahas = NahasBenchOutput.ToJson(n), runs = Runs(r) }
            : ToJson(r);

    private static object Runs(ProblemResult r) => r.Runs.Select(run => new
    {
        strategy = run.Strategy, seed = run.Seed, best = run.Best, candidates = run.Keys, feasible = run.Feasible, invalid = run.Invalid, seconds = run.Elapsed.TotalSeconds,
    });

    private static object ToJson(ProblemResult r) => new
    {
        problem = r.Problem,
        objective = r.ObjectiveName,
        maximise = r.Maximise,
        budget = r.Budget,
        optimum = r.Optimum,
        optimum_candidate = r.OptimumKey,
        exhaustive_evaluations = r.ExhaustiveEvaluations,
        hypervolume_reference = r.Reference is { } h ? new { accuracy = h.Accuracy, latency_ms = h.LatencyMs } : null,
        strategies = r.Summaries(),
        runs = r.Runs.Select(run => new
        {
            strategy = run.Strategy, seed = run.Seed, best = run.Best, hypervolume = run.Hypervolume, candidates = run.Keys,
            feasible = run.Feasible, invalid = run.Invalid, seconds = run.Elapsed.TotalSeconds, trials_to_optimum = r.TrialsToOptimum(run),
        }),
    };

    private static void Print(CliOutput o, ProblemResult r)
    {
        int seeds = r.Runs.Count / Math.Max(1, r.Strategies.Count);
        var table = new Table().Title(Markup.Escape($"{r.Problem}: {r.Budget} trials per run, {seeds} seeds, medians over seeds"));
        if (r.Optimum is { } optimum)
        {
            table.AddColumns("strategy", $"best {r.ObjectiveName}", "gap", "seeds within 2%", "trials to 2%", "invalid trials");
            foreach (var s in r.Summaries())
                table.AddPlainRow(s.Strategy, Number(s.MedianBest), Percent(s.MedianGap), $"{s.SeedsReached}/{s.Seeds}", Number(s.MedianTrialsToOptimum), Number(s.MedianInvalid));
            table.AddPlainRow("exhaustive", Number(optimum), "0.00%", "-", $"{r.ExhaustiveEvaluations}", "0");
        }
        else
        {
            table.AddColumns("strategy", "hypervolume", $"best {r.ObjectiveName}", "feasible trials", "pruned trials");
            foreach (var s in r.Summaries())
                table.AddPlainRow(s.Strategy, Number(s.MedianHypervolume), Number(s.MedianBest), Number(s.MedianFeasible), Number(s.MedianInvalid));
        }
        o.Console_.Write(table);
        if (r.OptimumKey is not null) o.Writer.WriteLine($"{r.Problem} optimum: {r.OptimumKey} ({r.ExhaustiveEvaluations} evaluations by exhaustive search)");
        if (r.Reference is { } h) o.Writer.WriteLine($"{r.Problem} hypervolume reference: accuracy {h.Accuracy:0.###}, latency {h.LatencyMs:0.#####} ms");
    }

    private static string Number(double? v) => v switch
    {
        null => "-",
        double x when double.IsInfinity(x) => "never",
        double x => x.ToString("0.#####", CultureInfo.InvariantCulture),
    };

    private static string Percent(double? v) => v is { } x && double.IsFinite(x) ? (100 * x).ToString("0.00", CultureInfo.InvariantCulture) + "%" : "never";
}
