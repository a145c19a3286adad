using System.Diagnostics;
using System.Globalization;
using ZooForge.Cli.App;
using ZooForge.Search.Nasaic;
using ZooForge.Search.Store;
using ZooForge.Torch.Search;

namespace ZooForge.Cli.Search;

/// <summary>
/// <c>zooforge search</c> (and <c>run</c>) for <c>problem: nasaic</c>: a resumable co-search of the
/// tasks' networks and one heterogeneous ASIC, then the sequential baseline and the report. Trials
/// are kept in SQLite in the run folder. The logic lives in <c>ZooForge.Search/Nasaic</c> (and the
/// fine-tune in <c>ZooForge.Torch</c>); this is the thin runner.
/// </summary>
internal static class NasaicSearchRun
{
    private const string ConfigKey = "config", SourceKey = "config_source", SeedKey = "seed", StrategyKey = "strategy", BudgetKey = "budget", ProblemKey = "problem";

    /// <summary>True when the configuration file, or the store of the folder being resumed, is a nasaic search.</summary>
    public static bool Handles(string? configPath, string? resumeFolder)
    {
        if (resumeFolder is not null && File.Exists(Path.Combine(resumeFolder, TrialStore.FileName)))
        {
            using var store = TrialStore.Open(Path.Combine(resumeFolder, TrialStore.FileName));
            return store.GetMeta(ProblemKey) == NasaicConfigFile.ProblemName;
        }
        return configPath is not null && File.Exists(configPath)
            && ZooForge.Search.HwSw.HwSwConfigFile.Problem(File.ReadAllText(configPath)) == NasaicConfigFile.ProblemName;
    }

    /// <summary>Runs the search (new, or resumed when the folder holds one and <paramref name="resume"/>), the baseline, and writes the outputs.</summary>
    public static NasaicSummary Execute(CliOutput o, HwSwRunRequest request, bool resume, bool quiet)
    {
        if (request.Strategy is { } s) SearchStrategies.Require(s);
        string database = Path.Combine(request.Folder, TrialStore.FileName);
        bool exists = File.Exists(database);
        if (exists && !resume)
            throw new UserInputException($"--out '{request.Folder}' already holds a search; pass --resume {request.Folder} to continue it, or choose another --out");
        if (!exists && resume) throw new UserInputException($"--resume '{request.Folder}': no search there ({TrialStore.FileName} is missing)");

        NasaicConfig config;
        long seed;
        string strategyName;
        int budget;
        TrialStore store;
        var zoo = new NasaicZoo();
        if (exists)
        {
            store = TrialStore.Open(database);
            try
            {
                string text = store.GetMeta(ConfigKey)!;
                if (request.ConfigPath is { } path && File.ReadAllText(path) != text)
                    throw new UserInputException($"--config '{path}' differs from the configuration the search in '{request.Folder}' started with");
                seed = long.Parse(store.GetMeta(SeedKey)!, CultureInfo.InvariantCulture);
                strategyName = store.GetMeta(StrategyKey)!;
                if (request.Seed is { } rs && rs != seed) throw new UserInputException($"--seed {rs} differs from the search's seed {seed}");
                if (request.Strategy is { } st && st != strategyName) throw new UserInputException($"--strategy {st} differs from the search's strategy {strategyName}");
                config = NasaicConfigFile.Parse(text, store.GetMeta(SourceKey) ?? request.Folder);
                budget = request.Budget ?? int.Parse(store.GetMeta(BudgetKey)!, CultureInfo.InvariantCulture);
                store.SetMeta(BudgetKey, budget.ToString(CultureInfo.InvariantCulture));
            }
            catch
            {
                store.Dispose();
                throw;
            }
        }
        else
        {
            string path = request.ConfigPath ?? throw new UserInputException("--config: a nasaic search needs its configuration file");
            string text = File.ReadAllText(path);
            config = NasaicConfigFile.Parse(text, path);
            (seed, strategyName, budget) = (request.Seed ?? 1, request.Strategy ?? "rl", request.Budget ?? config.Budget);
            // Refused before the run folder exists: specs nothing can meet leave nothing on disk.
            NasaicFeasibility.Check(config, zoo);
            Directory.CreateDirectory(request.Folder);
            store = TrialStore.Open(database);
            foreach (var (key, value) in new[] { (ConfigKey, text), (SourceKey, path), (SeedKey, seed.ToString(CultureInfo.InvariantCulture)), (StrategyKey, strategyName),
                         (BudgetKey, budget.ToString(CultureInfo.InvariantCulture)), (ProblemKey, NasaicConfigFile.ProblemName) })
                store.SetMeta(key, value);
        }

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
                trials = new NasaicSearch(problem, accuracy, store).Run(strategy, budget, quiet ? null : t => o.Error.WriteLine(
                    $"search: trial {t.Index + 1}/{budget}: {t.Status.ToString().ToLowerInvariant()} {problem.Design(problem.Space.Create(t.Choices)).CanonicalKey}" +
                    (t.Status == TrialStatus.Feasible ? string.Create(CultureInfo.InvariantCulture, $" reward {t.Reward:0.####}") : $" ({t.Note})")));
            }
            finally
            {
                (strategy as IDisposable)?.Dispose();
            }
            if (!quiet) o.Error.WriteLine("search: sequential baseline (NAS first, then the best hardware for its networks)");
            var baseline = NasaicBaseline.Run(problem, accuracy);
            var summary = new NasaicSummary(config.Name, strategyName, seed, problem, trials, baseline, Math.Max(0, trials.Count - replayed), clock.Elapsed);
            NasaicOutputs.Write(request.Folder, summary);
            return summary;
        }
    }

    /// <summary>The lines a person reads after the search: counts, the comparison table and the chosen accelerator.</summary>
    public static void Print(CliOutput o, NasaicSummary s, string folder)
    {
        int shares = s.Trials.Count(t => t.Status == TrialStatus.Pruned && t.Metrics.Count == 0);
        o.Writer.WriteLine($"trials: {s.Trials.Count}, met every spec (trained) {s.Count(TrialStatus.Feasible)}, missed a spec (pruned, not trained) {s.Count(TrialStatus.Pruned) - shares}, share total above 100% {shares}, failed {s.Count(TrialStatus.Failed)}; {s.NewTrials} new in {s.Elapsed.TotalSeconds:0.0} s");
        o.Writer.Write(NasaicOutputs.ComparisonTable(s.Problem.Config, s.Rows()));
        if (s.BestMeasurement is { } best)
        {
            o.Writer.WriteLine($"chosen heterogeneous accelerator (trial {s.Best!.Index}):");
            o.Writer.Write(NasaicOutputs.AcceleratorTable(s.Problem, best));
        }
        o.Writer.WriteLine($"wrote {folder}/report.md, trials.csv{(s.Best is null ? "" : ", design.json")}");
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
}
