using System.Diagnostics;
using System.Globalization;
using ZooForge.Data.Mnist;
using ZooForge.Flow.Search;
using ZooForge.Graph.Zoo;
using ZooForge.Search.Nahas;
using ZooForge.Search.Store;
using ZooForge.Search.Strategies;
using ZooForge.Torch.Search;

namespace ZooForge.Flow.Search.Problems;

/// <summary>
/// <c>zooforge search</c>, <c>run</c> and <c>bench-search</c> for <c>problem: nahas</c>: the
/// co-search (trials in <c>trials.db</c>) and the fixed-hardware baseline (<c>baseline-trials.db</c>)
/// with one strategy and seed, resumable, then the report. The logic is in <c>ZooForge.Search/Nahas</c>.
/// </summary>
public sealed class NahasSearchRun : IProblemSearch
{
    /// <inheritdoc />
    public string Name => NahasProblem.ProblemName;

    /// <inheritdoc />
    public string DesignFileName => "hardware.yaml";

    /// <summary>The baseline's store in the run folder.</summary>
    public const string BaselineFile = "baseline-trials.db";

    /// <summary>Strategies a nahas search accepts; the first is the default.</summary>
    public static IReadOnlyList<string> Strategies { get; } = ["bo", "random", "evolution", "rl"];

    /// <inheritdoc />
    public bool Handles(string? configPath, string? resumeFolder)
    {
        if (resumeFolder is not null && File.Exists(Path.Combine(resumeFolder, TrialStore.FileName))) return InProcessRunStore.ProblemIn(resumeFolder) == NahasProblem.ProblemName;
        return configPath is not null && File.Exists(configPath) && NahasConfigFile.Handles(File.ReadAllText(configPath));
    }

    /// <inheritdoc />
    public ProblemSearchResult Execute(ProblemSearchRequest request, bool resume, Action<string>? progress)
    {
        var summary = Run(request, resume, progress);
        string? error = summary.CoSearch.Best is not null ? null
            : $"zooforge: error: the co-search found no design meeting {summary.Config.Constraints}; see {Path.Combine(request.Folder, "report.md")}";
        return new ProblemSearchResult(Lines(summary, request.Folder), ToJson(summary, request.Folder), error);
    }

    /// <summary>Runs the search and writes its outputs.</summary>
    /// <param name="request">What was asked.</param>
    /// <param name="resume">Continue the search the folder holds.</param>
    /// <param name="progress">Hears one line per completed trial, or null for none.</param>
    public static NahasSummary Run(ProblemSearchRequest request, bool resume, Action<string>? progress)
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
            var accuracy = new NahasAccuracyCache(Trainer(config, request.ZooFolder));
            var halves = new List<NahasHalf>();
            foreach (var (problem, trials) in new[] { (config.CoSearch(costs, accuracy), (ITrialStore)store), (config.FixedHardware(costs, accuracy), baselineStore) })
            {
                int replayed = trials.Trials().Count;
                var strategy = Create(strategyName, problem, seed);
                string label = problem.FixedHardware is null ? "co-search" : "fixed-hw";
                try
                {
                    var done = new NahasSearch(problem, trials).Run(strategy, budget, progress is null ? null : t => progress(
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
        var (train, validation) = MnistSplit.Default();
        return new NahasFineTuner(weights, train, validation, config.FineTuneBatches, config.ValidationImages);
    }

    /// <summary>The lines a person reads after the search.</summary>
    public static IReadOnlyList<string> Lines(NahasSummary s, string folder)
    {
        var lines = new List<string>();
        foreach (var (label, h) in new[] { ("co-search", s.CoSearch), ("fixed-hw", s.Fixed) })
        {
            lines.Add($"{label}: {h.Trials.Count} trials, feasible {h.Count(TrialStatus.Feasible)}, above the latency target {h.Count(TrialStatus.Violates)}, above the area target {h.Count(TrialStatus.Pruned)}, failed {h.Count(TrialStatus.Failed)}");
            if (h.Best is { } b)
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"{label} best: trial {b.Index} {h.Problem.Measured(b)}"));
        }
        var c = s.Comparison();
        if (c.AccuracyGain is { } g)
        {
            string atAccuracy = c.LatencyReduction is { } l && c.EnergyReduction is { } e
                ? string.Create(CultureInfo.InvariantCulture, $"; at the baseline's accuracy {100 * l:0.0}% lower latency, {100 * e:0.0}% lower energy") : "";
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"co-search vs fixed-hw at {s.Config.Constraints}: accuracy {100 * g:+0.00;-0.00;0.00} points{atAccuracy}"));
        }
        lines.Add($"{s.Trained} architectures fine-tuned in {s.Elapsed.TotalSeconds:0.0} s; wrote {folder}/report.md, pareto.csv{(s.CoSearch.Best is null ? "" : ", hardware.yaml")}");
        return lines;
    }

    /// <summary>The summary as the object <c>--json</c> prints.</summary>
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
    /// <param name="strategies">Strategies compared.</param>
    /// <param name="seeds">Seeds per strategy (1..N).</param>
    /// <param name="budget">Trials per search, or null for the configuration's.</param>
    /// <param name="zoo">Zoo folder, or null for the shipped zoo.</param>
    /// <param name="progress">Hears one line per step.</param>
    public static NahasBenchResult Bench(IReadOnlyList<string> strategies, int seeds, int? budget, string? zoo, Action<string> progress)
    {
        var config = NahasConfigFile.Default();
        return NahasBenchmark.Run(config, Trainer(config, zoo), strategies, seeds, budget ?? config.Budget,
            (name, space, seed, isValid) => SearchStrategies.Create(name, space, seed, isValid, null), progress);
    }

    private static ISearchStrategy Create(string name, NahasProblem problem, long seed) =>
        NahasBenchmark.Create(name, problem, seed, (other, space, s, isValid) => SearchStrategies.Create(other, space, s, isValid, null));
}
