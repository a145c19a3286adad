using System.Diagnostics;
using System.Globalization;
using ZooForge.Flow.Search;
using ZooForge.Search.HwSw;
using ZooForge.Search.Nasaic;
using ZooForge.Search.Store;
using ZooForge.Torch.Search;

namespace ZooForge.Flow.Search.Problems;

/// <summary>
/// <c>zooforge search</c> (and <c>run</c>) for <c>problem: nasaic</c>: a resumable co-search of the
/// tasks' networks and one heterogeneous ASIC, then the sequential baseline and the report. Trials
/// are kept in SQLite in the run folder. The logic lives in <c>ZooForge.Search/Nasaic</c> (and the
/// fine-tune in <c>ZooForge.Torch</c>); this is the thin runner.
/// </summary>
public sealed class NasaicSearchRun : IProblemSearch
{
    /// <inheritdoc />
    public string Name => NasaicConfigFile.ProblemName;

    /// <inheritdoc />
    public string DesignFileName => "design.json";

    /// <inheritdoc />
    public bool Handles(string? configPath, string? resumeFolder)
    {
        if (resumeFolder is not null && File.Exists(Path.Combine(resumeFolder, TrialStore.FileName))) return InProcessRunStore.ProblemIn(resumeFolder) == NasaicConfigFile.ProblemName;
        return configPath is not null && File.Exists(configPath) && HwSwConfigFile.Problem(File.ReadAllText(configPath)) == NasaicConfigFile.ProblemName;
    }

    /// <inheritdoc />
    public ProblemSearchResult Execute(ProblemSearchRequest request, bool resume, Action<string>? progress)
    {
        var summary = Run(request, resume, progress);
        return new ProblemSearchResult(Lines(summary, request.Folder), ToJson(summary, request.Folder), NothingFeasible(summary, request.Folder));
    }

    /// <summary>Runs the search (new, or resumed when the folder holds one and <paramref name="resume"/>), the baseline, and writes the outputs.</summary>
    /// <param name="request">What was asked.</param>
    /// <param name="resume">Continue the search the folder holds.</param>
    /// <param name="progress">Hears one line per completed trial, or null for none.</param>
    public static NasaicSummary Run(ProblemSearchRequest request, bool resume, Action<string>? progress)
    {
        if (request.Strategy is { } s) SearchStrategies.Require(s);
        var zoo = new NasaicZoo();
        var run = InProcessRunStore.Open(request, resume, NasaicConfigFile.ProblemName, "rl", NasaicConfigFile.Parse, c => c.Budget, c => NasaicFeasibility.Check(c, zoo));
        var (store, config, seed, strategyName, budget) = (run.Store, run.Config, run.Seed, run.Strategy, run.Budget);
        using (store)
        {
            var clock = Stopwatch.StartNew();
            var problem = new NasaicProblem(config, zoo);
            var accuracy = new NasaicAccuracyCache(new NasaicFineTuneAccuracy(zoo, config.FineTune));
            int replayed = store.Trials().Count;
            var strategy = SearchStrategies.Create(strategyName, problem.Space, seed, problem.IsValid, null);
            List<TrialRecord> trials;
            try
            {
                trials = new NasaicSearch(problem, accuracy, store).Run(strategy, budget, progress is null ? null : t => progress(
                    $"search: trial {t.Index + 1}/{budget}: {t.Status.ToString().ToLowerInvariant()} {problem.Design(problem.Space.Create(t.Choices)).CanonicalKey}" +
                    (t.Status == TrialStatus.Feasible ? string.Create(CultureInfo.InvariantCulture, $" reward {t.Reward:0.####}") : $" ({t.Note})")));
            }
            finally
            {
                (strategy as IDisposable)?.Dispose();
            }
            progress?.Invoke("search: sequential baseline (NAS first, then the best hardware for its networks)");
            var baseline = NasaicBaseline.Run(problem, accuracy);
            var summary = new NasaicSummary(config.Name, strategyName, seed, problem, trials, baseline, Math.Max(0, trials.Count - replayed), clock.Elapsed);
            NasaicOutputs.Write(request.Folder, summary);
            return summary;
        }
    }

    /// <summary>The lines a person reads after the search: counts, the comparison table and the chosen accelerator.</summary>
    public static IReadOnlyList<string> Lines(NasaicSummary s, string folder)
    {
        var lines = new List<string>();
        int shares = s.Trials.Count(t => t.Status == TrialStatus.Pruned && t.Metrics.Count == 0);
        lines.Add($"trials: {s.Trials.Count}, met every spec (trained) {s.Count(TrialStatus.Feasible)}, missed a spec (pruned, not trained) {s.Count(TrialStatus.Pruned) - shares}, share total above 100% {shares}, failed {s.Count(TrialStatus.Failed)}; {s.NewTrials} new in {s.Elapsed.TotalSeconds:0.0} s");
        lines.Add(NasaicOutputs.ComparisonTable(s.Problem.Config, s.Rows()).TrimEnd('\n'));
        if (s.BestMeasurement is { } best)
        {
            lines.Add($"chosen heterogeneous accelerator (trial {s.Best!.Index}):");
            lines.Add(NasaicOutputs.AcceleratorTable(s.Problem, best).TrimEnd('\n'));
        }
        lines.Add($"wrote {folder}/report.md, trials.csv{(s.Best is null ? "" : ", design.json")}");
        return lines;
    }

    /// <summary>The error line for a search that found nothing meeting the specs, or null when it did.</summary>
    public static string? NothingFeasible(NasaicSummary s, string folder)
    {
        if (s.Best is not null) return null;
        if (ZooForge.Search.Engine.TrialFailures.EveryTrialFailed(s.Trials) is { } failure) return $"zooforge: error: {failure}; see {Path.Combine(folder, "report.md")}";
        return $"zooforge: error: no trial met every spec in {s.Trials.Count} trials; see {Path.Combine(folder, "report.md")}";
    }

    /// <summary>The search as plain data for <c>--json</c>.</summary>
    public static object ToJson(NasaicSummary s, string folder) => new
    {
        problem = NasaicConfigFile.ProblemName, name = s.Name, strategy = s.Strategy, seed = s.Seed, folder,
        trials = s.Trials.Count, feasible = s.Count(TrialStatus.Feasible), pruned = s.Count(TrialStatus.Pruned), failed = s.Count(TrialStatus.Failed), new_trials = s.NewTrials,
        rows = s.Rows().Select(r => new
        {
            method = r.Method, accuracy = s.Problem.Config.Tasks.Select(t => t.Name).Zip(r.Accuracies).ToDictionary(p => p.First, p => p.Second),
            latency_ms = r.Measurement.Estimate?.LatencyMs, energy_uj = r.Measurement.Estimate?.EnergyUj, area_mm2 = r.Measurement.Estimate?.AreaMm2,
            latency_met = r.Measurement.LatencyMet, energy_met = r.Measurement.EnergyMet, area_met = r.Measurement.AreaMet,
            design = NasaicOutputs.DesignJson(s.Problem, r.Measurement),
        }).ToList(),
    };

    /// <summary><c>bench-search --problems nasaic</c>: the built-in configuration over the seeds, each run beside its sequential baseline, in run folders under <paramref name="folder"/>.</summary>
    /// <param name="strategies">Strategies compared.</param>
    /// <param name="seeds">Seeds per strategy (1..N).</param>
    /// <param name="budget">Trials per run, or null for the configuration's.</param>
    /// <param name="folder">Where the run folders and <c>nasaic.md</c> go.</param>
    /// <param name="progress">Hears one line per step.</param>
    /// <returns>The comparison table (Markdown).</returns>
    public static string Bench(IReadOnlyList<string> strategies, int seeds, int? budget, string folder, Action<string> progress)
    {
        var config = NasaicConfigFile.Default();
        var zoo = new NasaicZoo();
        Directory.CreateDirectory(folder);
        var runs = NasaicBenchmark.Run(config, zoo, new NasaicFineTuneAccuracy(zoo, config.FineTune), strategies, seeds, budget ?? config.Budget,
            (name, space, seed, isValid) => SearchStrategies.Create(name, space, seed, isValid, null), folder, progress);
        return NasaicBenchmark.Table(config, runs[0].Summary.Baseline, runs);
    }
}
