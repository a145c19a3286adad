using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using ZooForge.Cli.App;
using ZooForge.Cli.Rendering;
using ZooForge.Flow;
using ZooForge.Flow.Bench;
using ZooForge.Flow.Search;
using ZooForge.Search.Benchmarks;
using ZooForge.Search.Store.Postgres;

namespace ZooForge.Cli.Commands;

/// <summary><c>zooforge bench-search</c>: the options of <see cref="SearchBenchmark"/>, and its tables.</summary>
internal static class BenchSearchCommand
{
    public static Command Create(Func<CliOutput> output)
    {
        var problems = new Option<string>("--problems") { Description = "Comma-separated problems: edp (ResNet-18 on ZCU102, hardware only), cosearch (the default search; trains), hwsw-edp (Eyeriss-like ASIC for ResNet-18 and MobileNetV2 EDP, nested BO against random, flat BO and Eyeriss; budget = hardware points, default: the built-in config's), nahas (MnasNet block space and Edge-TPU-like knobs on MNIST against the same space on the default hardware; trains; budget = trials per search, default: the built-in config's), nasaic (MNIST and Fashion-MNIST networks with one heterogeneous ASIC against the sequential baseline; trains; budget default: the built-in config's), scaling (trials per minute of 1, 2, 4 worker processes on a PostgreSQL study of edp, and store overhead per trial). Default: edp,cosearch", DefaultValueFactory = _ => "edp,cosearch" };
        var strategies = new Option<string>("--strategies") { Description = $"Comma-separated strategies. Default: {string.Join(",", SearchStrategies.Names)}", DefaultValueFactory = _ => string.Join(",", SearchStrategies.Names) };
        var seeds = new Option<int>("--seeds") { Description = "Seeds per strategy (1..N). Default: 5", DefaultValueFactory = _ => 5 };
        var budget = new Option<int?>("--budget") { Description = $"Trials per run. Default: {SearchBenchmark.DefaultEdpBudget} for edp, {SearchBenchmark.DefaultCoSearchBudget} for cosearch" };
        var outFolder = new Option<string>("--out") { Description = "Folder for bench.json, the plots and the co-search evaluation cache (reused by later runs). Default: bench-search", DefaultValueFactory = _ => "bench-search" };
        var zoo = new Option<string?>("--zoo") { Description = "Zoo folder. Default: the shipped zoo" };
        var json = CommonOptions.Json();
        var storage = new Option<string?>("--storage") { Description = "scaling: the PostgreSQL database to measure (a fresh study per run). Default: a throw-away cluster started for the benchmark" };
        var workers = new Option<string>("--workers") { Description = "scaling: comma-separated worker counts. Default: 1,2,4", DefaultValueFactory = _ => "1,2,4" };
        var evaluationMs = new Option<double>("--evaluation-ms")
        {
            Description = $"scaling: simulated evaluation time per trial of the second series (0 leaves it out). Default: {SearchBenchmark.DefaultEvaluationMs}", DefaultValueFactory = _ => SearchBenchmark.DefaultEvaluationMs,
        };
        var command = new Command("bench-search", "Benchmark the search strategies (rl, random, evolution, bo) at equal budgets over several seeds")
        {
            problems, strategies, seeds, budget, outFolder, zoo, storage, workers, evaluationMs, json,
        };
        command.SetAction(parse => ErrorReporter.Guard(output().Error, () =>
        {
            var o = output();
            var problemNames = List(parse.GetValue(problems)!);
            foreach (var p in problemNames.Where(p => !SearchBenchmark.ProblemNames.Contains(p)))
                throw new UserInputException($"--problems: unknown problem '{p}' (known: {string.Join(", ", SearchBenchmark.ProblemNames)})");
            var workerCounts = List(parse.GetValue(workers)!).Select(w => int.TryParse(w, out int n) && n >= 1 ? n
                : throw new UserInputException($"--workers: '{w}' is not a worker count of at least 1")).ToList();
            if (parse.GetValue(evaluationMs) is < 0 or double.NaN) throw new UserInputException($"--evaluation-ms must be at least 0, got {parse.GetValue(evaluationMs)}");
            if (parse.GetValue(storage) is { } url) PostgresLocation.Parse(url, "--storage");
            var strategyNames = List(parse.GetValue(strategies)!);
            foreach (var s in strategyNames) SearchStrategies.Require(s, "--strategies");
            int seedCount = parse.GetValue(seeds);
            if (seedCount < 1) throw new UserInputException($"--seeds must be at least 1, got {seedCount}");
            if (parse.GetValue(budget) is < 1) throw new UserInputException($"--budget must be at least 1, got {parse.GetValue(budget)}");
            var result = SearchBenchmark.Run(new SearchBenchRequest
            {
                Problems = problemNames, Strategies = strategyNames, Seeds = seedCount, Budget = parse.GetValue(budget), Folder = parse.GetValue(outFolder)!,
                ZooFolder = parse.GetValue(zoo), Storage = parse.GetValue(storage), Workers = workerCounts, EvaluationMs = parse.GetValue(evaluationMs),
            }, o.Error.WriteLine);
            if (parse.GetValue(json)) o.WriteJson(SearchBenchmark.ToJson(result));
            else
            {
                foreach (var problem in result.Problems) Print(o, problem);
                o.Writer.WriteLine($"wrote {string.Join(", ", result.Written)}");
            }
            return 0;
        }));
        return command;
    }

    private static List<string> List(string text) => text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct().ToList();

    private static void Print(CliOutput o, ProblemBench problem)
    {
        switch (problem)
        {
            case StrategyBench s: Print(o, s.Result); break;
            case HwSwBench h: HwSwBenchOutput.Print(o, h.HwSw); break;
            case NahasBench n: NahasBenchOutput.Print(o, n.Nahas); break;
            case NasaicBench n: o.Writer.Write(n.Table); break;
            case ScalingBench s: Print(o, s); break;
        }
    }

    private static void Print(CliOutput o, ScalingBench s)
    {
        var table = new Table().Title(Markup.Escape($"scaling: worker processes on one PostgreSQL study of the EDP problem ({(s.Storage is null ? "throw-away cluster, fsync off" : "--storage")})"))
            .AddColumns("evaluation", "workers", "trials", "trials/min", "trials/min with start-up", "coordination ms/trial");
        foreach (var r in s.Runs)
            table.AddPlainRow(r.EvaluationMs == 0 ? "model only" : $"{r.EvaluationMs:0} ms", $"{r.Workers}", $"{r.Trials}", $"{r.TrialsPerMinute:0}", $"{r.TrialsPerMinuteWall:0}", $"{r.CoordinationMsPerTrial:0.0}");
        o.Console_.Write(table);
        o.Writer.WriteLine($"store overhead per added trial: SQLite {s.Overhead.SqliteAddMs:0.00} ms, PostgreSQL {s.Overhead.PostgresAddMs:0.00} ms ({s.Overhead.Samples} trials each)");
    }

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
