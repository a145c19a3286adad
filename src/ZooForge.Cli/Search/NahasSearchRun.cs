using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using ZooForge.Cli.App;
using ZooForge.Cli.Rendering;
using ZooForge.Graph.Zoo;
using ZooForge.Search.Nahas;
using ZooForge.Search.Store;
using ZooForge.Search.Strategies;
using ZooForge.Torch.Search;

namespace ZooForge.Cli.Search;

/// <summary>
/// <c>zooforge search</c>, <c>run</c> and <c>bench-search</c> for <c>problem: nahas</c>: the
/// co-search (trials in <c>trials.db</c>) and the fixed-hardware baseline (<c>baseline-trials.db</c>)
/// with one strategy and seed, resumable, then the report. The logic is in <c>ZooForge.Search/Nahas</c>.
/// </summary>
internal static class NahasSearchRun
{
    /// <summary>The baseline's store in the run folder.</summary>
    public const string BaselineFile = "baseline-trials.db";

    /// <summary>Strategies a nahas search accepts; the first is the default.</summary>
    public static IReadOnlyList<string> Strategies { get; } = ["bo", "random", "evolution", "rl"];

    /// <summary>True when the configuration file, or the store of the folder being resumed, is a nahas search.</summary>
    public static bool Handles(string? configPath, string? resumeFolder)
    {
        if (resumeFolder is not null && File.Exists(Path.Combine(resumeFolder, TrialStore.FileName))) return InProcessRunStore.ProblemIn(resumeFolder) == NahasProblem.ProblemName;
        return configPath is not null && File.Exists(configPath) && NahasConfigFile.Handles(File.ReadAllText(configPath));
    }

    /// <summary>Runs the search (new, or resumed when the folder holds one), writes its outputs and prints them; returns the exit code.</summary>
    public static int Run(CliOutput o, HwSwRunRequest request, bool resume, bool json, string? zoo, Func<NahasSummary, object>? wrapJson = null)
    {
        var summary = Execute(o, request, resume, json, zoo);
        if (json) o.WriteJson(wrapJson?.Invoke(summary) ?? ToJson(summary, request.Folder));
        else Print(o, summary, request.Folder);
        if (summary.CoSearch.Best is not null) return 0;
        o.Error.WriteLine($"zooforge: error: the co-search found no design meeting {summary.Config.Constraints}; see {Path.Combine(request.Folder, "report.md")}");
        return ErrorReporter.BadInput;
    }

    /// <summary>Runs the search and writes its outputs.</summary>
    public static NahasSummary Execute(CliOutput o, HwSwRunRequest request, bool resume, bool quiet, string? zoo)
    {
        if (request.Strategy is { } s && !Strategies.Contains(s))
            throw new UserInputException($"--strategy: unknown strategy '{s}' for problem nahas (known: {string.Join(", ", Strategies)})");
        var costs = new NahasCostModel();
        var run = InProcessRunStore.Open(request, resume, NahasProblem.ProblemName, Strategies[0], NahasConfigFile.Parse, c => c.Budget, c => NahasFeasibility.Check(c, costs));
        var (store, config, seed, strategyName, budget) = (run.Store, run.Config, run.Seed, run.Strategy, run.Budget);
        using (store)
        using (var baselineStore = TrialStore.Open(Path.Combine(request.Folder, BaselineFile)))
        {
            var clock = Stopwatch.StartNew();
            var accuracy = new NahasAccuracyCache(Trainer(config, zoo));
            var halves = new List<NahasHalf>();
            foreach (var (problem, trials) in new[] { (config.CoSearch(costs, accuracy), (ITrialStore)store), (config.FixedHardware(costs, accuracy), baselineStore) })
            {
                int replayed = trials.Trials().Count;
                var strategy = Create(strategyName, problem, seed);
                string label = problem.FixedHardware is null ? "co-search" : "fixed-hw";
                try
                {
                    var done = new NahasSearch(problem, trials).Run(strategy, budget, quiet ? null : t => o.Error.WriteLine(
                        $"search: {label} trial {t.Index + 1}/{budget}: {t.Status.ToString().ToLowerInvariant()} {t.Key}" + (double.IsNaN(t.Objective) ? $" ({t.Note})"
                            : string.Create(CultureInfo.InvariantCulture, $" accuracy {100 * t.Objective:0.00}%, {t.LatencyMs:0.####} ms"))));
                    halves.Add(new NahasHalf(problem, done, Math.Max(0, done.Count - replayed)));
                }
                finally
                {
                    (strategy as IDisposable)?.Dispose();
                }
            }
            var summary = new NahasSummary(config.Name, strategyName, seed, config, halves[0], halves[1], accuracy.Trained, clock.Elapsed);
            NahasOutputs.Write(request.Folder, summary);
            return summary;
        }
    }

    /// <summary>The fine-tuner of a configuration: the zoo's mnist_mnasnet checkpoint and the project's MNIST split.</summary>
    public static NahasFineTuner Trainer(NahasConfig config, string? zoo)
    {
        var weights = ZooCatalogue.Open(zoo).Load("mnist_mnasnet").Weights;
        var (train, validation) = MnistData.Split();
        return new NahasFineTuner(weights, train, validation, config.FineTuneBatches, config.ValidationImages);
    }

    /// <summary>The lines a person reads after the search.</summary>
    public static void Print(CliOutput o, NahasSummary s, string folder)
    {
        foreach (var (label, h) in new[] { ("co-search", s.CoSearch), ("fixed-hw", s.Fixed) })
        {
            o.Writer.WriteLine($"{label}: {h.Trials.Count} trials, feasible {h.Count(TrialStatus.Feasible)}, above the latency target {h.Count(TrialStatus.Violates)}, above the area target {h.Count(TrialStatus.Pruned)}, failed {h.Count(TrialStatus.Failed)}");
            if (h.Best is { } b)
                o.Writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label} best: trial {b.Index} {h.Problem.Measured(b)}"));
        }
        var c = s.Comparison();
        if (c.AccuracyGain is { } g)
        {
            string atAccuracy = c.LatencyReduction is { } l && c.EnergyReduction is { } e
                ? string.Create(CultureInfo.InvariantCulture, $"; at the baseline's accuracy {100 * l:0.0}% lower latency, {100 * e:0.0}% lower energy") : "";
            o.Writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"co-search vs fixed-hw at {s.Config.Constraints}: accuracy {100 * g:+0.00;-0.00;0.00} points{atAccuracy}"));
        }
        o.Writer.WriteLine($"{s.Trained} architectures fine-tuned in {s.Elapsed.TotalSeconds:0.0} s; wrote {folder}/report.md, pareto.csv{(s.CoSearch.Best is null ? "" : ", hardware.yaml")}");
    }

    public static object ToJson(NahasSummary s, string folder)
    {
        var c = s.Comparison();
        object Half(NahasHalf h) => new
        {
            trials = h.Trials.Count, feasible = h.Count(TrialStatus.Feasible), violates = h.Count(TrialStatus.Violates), pruned = h.Count(TrialStatus.Pruned),
            failed = h.Count(TrialStatus.Failed), new_trials = h.NewTrials,
            best = h.Best is { } b ? new { trial = b.Index, key = b.Key, accuracy = b.Objective, metrics = b.Metrics } : null,
        };
        return new
        {
            problem = NahasProblem.ProblemName, name = s.Name, strategy = s.Strategy, seed = s.Seed, folder, trained = s.Trained,
            co_search = Half(s.CoSearch), fixed_hardware = Half(s.Fixed),
            accuracy_gain = c.AccuracyGain, latency_reduction_at_baseline_accuracy = c.LatencyReduction, energy_reduction_at_baseline_accuracy = c.EnergyReduction,
        };
    }

    /// <summary><c>bench-search --problems nahas</c>: the built-in configuration, every strategy's co-search and baseline over the seeds.</summary>
    public static NahasBenchResult Bench(CliOutput o, IReadOnlyList<string> strategies, int seeds, int? budget, string? zoo)
    {
        var config = NahasConfigFile.Default();
        return NahasBenchmark.Run(config, Trainer(config, zoo), strategies, seeds, budget ?? config.Budget,
            (name, space, seed, isValid) => SearchStrategies.Create(name, space, seed, isValid, null), line => o.Error.WriteLine("bench-search: " + line));
    }

    /// <summary>The benchmark's table: per strategy, co-search against the baseline per seed.</summary>
    public static void PrintBench(CliOutput o, NahasBenchResult b)
    {
        var table = new Table().Title(Markup.Escape($"nahas: {b.Result.Budget} trials per run, {b.Comparisons.Values.FirstOrDefault()?.Count ?? 0} seeds, targets {b.Config.Constraints}"))
            .AddColumns("strategy", "seed", "co-search best", "fixed-hw best", "accuracy gain (points)", "latency at ≥ baseline accuracy", "energy at ≥ baseline accuracy");
        foreach (var (strategy, seeds) in b.Comparisons)
        foreach (var c in seeds)
        {
            table.AddPlainRow(strategy, c.Seed.ToString(CultureInfo.InvariantCulture), Design(c.CoSearch), Design(c.Fixed), Points(c.AccuracyGain),
                Reduction(c.LatencyReduction, c.AtBaselineAccuracy?.LatencyMs, "ms"), Reduction(c.EnergyReduction, c.AtBaselineAccuracy?.EnergyUj, "µJ"));
        }
        o.Console_.Write(table);
        foreach (var (strategy, seeds) in b.Comparisons)
        {
            string Median(Func<NahasSeedComparison, double?> f) => seeds.Select(f).OfType<double>().ToList() is { Count: > 0 } v
                ? (100 * v.Order().ElementAt(v.Count / 2)).ToString("0.00", CultureInfo.InvariantCulture) : "-";
            o.Writer.WriteLine($"nahas {strategy}: median accuracy gain {Median(c => c.AccuracyGain)} points; at the baseline's accuracy median {Median(c => c.LatencyReduction)}% lower latency, {Median(c => c.EnergyReduction)}% lower energy");
        }
        o.Writer.WriteLine($"nahas: {b.ValidPoints:N0} hardware points meet the area target; {b.Trained} architectures fine-tuned ({b.Config.FineTuneBatches} batches each, {b.Config.ValidationImages} validation digits); {b.Elapsed.TotalMinutes:0.0} min");
    }

    public static object BenchJson(NahasBenchResult b) => new
    {
        valid_points = b.ValidPoints, trained = b.Trained, minutes = b.Elapsed.TotalMinutes,
        latency_ms_max = b.Config.Constraints.LatencyMsMax, area_mm2_max = b.Config.Constraints.AreaMm2Max,
        comparisons = b.Comparisons.Select(p => new
        {
            strategy = p.Key,
            seeds = p.Value.Select(c => new
            {
                seed = c.Seed, co_search = Json(c.CoSearch), fixed_hardware = Json(c.Fixed), accuracy_gain = c.AccuracyGain,
                latency_reduction = c.LatencyReduction, energy_reduction = c.EnergyReduction,
            }),
        }),
    };

    private static object? Json(NahasMeasurement? m) => m is null ? null : new
    {
        architecture = m.Architecture.Key, hardware = m.Hardware.ToString(), accuracy = m.Accuracy, latency_ms = m.Cost.LatencyMs, energy_uj = m.Cost.EnergyUj, area_mm2 = m.Cost.AreaMm2,
    };

    private static string Design(NahasMeasurement? m) => m is null ? "none feasible"
        : string.Create(CultureInfo.InvariantCulture, $"{100 * m.Accuracy:0.00}%, {m.Cost.LatencyMs:0.####} ms, {m.Cost.EnergyUj:0.#} µJ");

    private static string Points(double? v) => v is { } x ? (100 * x).ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) : "-";

    private static string Reduction(double? r, double? value, string unit) => r is { } x && value is { } v
        ? string.Create(CultureInfo.InvariantCulture, $"{v:0.####} {unit} ({100 * x:0.0}% lower)") : "-";

    private static ISearchStrategy Create(string name, NahasProblem problem, long seed) =>
        NahasBenchmark.Create(name, problem, seed, (other, space, s, isValid) => SearchStrategies.Create(other, space, s, isValid, null));
}
