using System.Diagnostics;
using System.Globalization;
using ZooForge.Cli.App;
using ZooForge.Search.Config;
using ZooForge.Search.HwSw;
using ZooForge.Search.Store;
using ZooForge.Search.Strategies;

namespace ZooForge.Cli.Search;

/// <summary>What <c>zooforge search</c> or <c>run</c> was asked, for a <c>problem: hwsw-edp</c> configuration.</summary>
/// <param name="Folder">Run folder (holds, or will hold, <c>trials.db</c>).</param>
/// <param name="ConfigPath">The configuration file (required for a new run; checked against the stored one on resume).</param>
/// <param name="Seed">Search seed, or null.</param>
/// <param name="Strategy">Outer strategy, or null for nested-bo.</param>
/// <param name="Budget">Trials in total, or null for the configuration's.</param>
internal sealed record HwSwRunRequest(string Folder, string? ConfigPath, long? Seed, string? Strategy, int? Budget);

/// <summary>
/// <c>zooforge search</c> (and <c>run</c>) for <c>problem: hwsw-edp</c>: a resumable, persisted
/// outer search over the Eyeriss-like hardware space with the mapper inside, then the report
/// against the Eyeriss baseline. Trials are kept in SQLite in the run folder.
/// </summary>
internal static class HwSwSearchRun
{
    /// <summary>Outer strategies a hwsw-edp search accepts; the first is the default.</summary>
    public static IReadOnlyList<string> Strategies { get; } = [HwSwStrategies.NestedBo, "random", "bo", "evolution", "rl"];

    /// <summary>True when the configuration file, or the store of the folder being resumed, is a hwsw-edp search.</summary>
    public static bool Handles(string? configPath, string? resumeFolder)
    {
        if (resumeFolder is not null && File.Exists(Path.Combine(resumeFolder, TrialStore.FileName))) return InProcessRunStore.ProblemIn(resumeFolder) == NestedHwSwProblem.ProblemName;
        return configPath is not null && File.Exists(configPath) && HwSwConfigFile.Problem(File.ReadAllText(configPath)) == NestedHwSwProblem.ProblemName;
    }

    /// <summary>Runs the search (new, or resumed when the folder holds one and <paramref name="resume"/>) and writes its outputs.</summary>
    public static HwSwSummary Execute(CliOutput o, HwSwRunRequest request, bool resume, bool quiet)
    {
        if (request.Strategy is { } s && !Strategies.Contains(s))
            throw new UserInputException($"--strategy: unknown strategy '{s}' for problem hwsw-edp (known: {string.Join(", ", Strategies)})");
        var run = InProcessRunStore.Open(request, resume, NestedHwSwProblem.ProblemName, HwSwStrategies.NestedBo, HwSwConfigFile.Parse, c => c.Budget, c => HwSwFeasibility.Check(c.HardwareSpace, c.Workloads.Select(HwSwWorkload.BuiltIn).ToList(), c.Constraints));
        var (store, config, seed, strategyName, budget) = (run.Store, run.Config, run.Seed, run.Strategy, run.Budget);
        using (store)
        {
            var clock = Stopwatch.StartNew();
            var problem = config.NestedProblem();
            int replayed = store.Trials().Count;
            var strategy = Create(strategyName, problem, seed);
            List<TrialRecord> trials;
            try
            {
                trials = new HwSwSearch(problem, store).Run(strategy, budget, quiet ? null : t => o.Error.WriteLine(
                    $"search: trial {t.Index + 1}/{budget}: {t.Status.ToString().ToLowerInvariant()} {t.Key}" + (double.IsNaN(t.Objective) ? $" ({t.Note})" : string.Create(CultureInfo.InvariantCulture, $" EDP {t.Objective:0.###} mJ·ms"))));
            }
            finally
            {
                (strategy as IDisposable)?.Dispose();
            }
            var eyeriss = EyerissBaseline.Measure(problem.Workloads, config.Constraints, new MapperInnerSearch(config.Dataflows), out _);
            var summary = new HwSwSummary(config.Name, strategyName, seed, problem, trials, eyeriss, Math.Max(0, trials.Count - replayed), clock.Elapsed);
            HwSwOutputs.Write(request.Folder, summary);
            return summary;
        }
    }

    /// <summary>The lines a person reads after the search.</summary>
    public static void Print(CliOutput o, HwSwSummary s, string folder)
    {
        o.Writer.WriteLine($"trials: {s.Trials.Count}, feasible {s.Count(TrialStatus.Feasible)}, missed an output constraint {s.Count(TrialStatus.Violates)}, missed an input constraint {s.Count(TrialStatus.Pruned)} (never mapped), failed {s.Count(TrialStatus.Failed)}; {s.NewTrials} new in {s.Elapsed.TotalSeconds:0.0} s");
        if (s.Best is { } b)
            o.Writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"best: trial {b.Index} {s.Problem.Point(s.Problem.Space.Create(b.Choices))}: EDP {b.Objective:0.###} mJ·ms, area {b.Metrics["area_mm2"]:0.###} mm²"));
        string gain = s.ImprovementOverEyeriss is { } g ? string.Create(CultureInfo.InvariantCulture, $"; EDP improvement {100 * g:0.0}%") : "";
        string baseline = s.Eyeriss.Edp is { } e ? e.ToString("0.###", CultureInfo.InvariantCulture) : "none (no mapping fits)";
        o.Writer.WriteLine($"baseline: {EyerissBaseline.AcceleratorName} with its best mappings: EDP {baseline} mJ·ms{gain}");
        o.Writer.WriteLine($"wrote {folder}/report.md, pareto.csv{(s.Best is null ? "" : ", hardware.yaml")}");
    }

    /// <summary>The error line for a search that found nothing feasible, or null when it did.</summary>
    public static string? NothingFeasible(HwSwSummary s, string folder)
    {
        if (s.Best is not null) return null;
        if (ZooForge.Search.Engine.TrialFailures.EveryTrialFailed(s.Trials) is { } failure) return $"zooforge: error: {failure}; see {Path.Combine(folder, "report.md")}";
        var reasons = s.Trials.Where(t => t.Note is not null).GroupBy(t => t.Note!.Split(':')[0]).OrderByDescending(g => g.Count()).FirstOrDefault();
        return $"zooforge: error: no trial met every constraint{(reasons is null ? "" : $"; commonest reason: {reasons.Key} ({reasons.Count()} trials)")}; see {Path.Combine(folder, "report.md")}";
    }

    public static object ToJson(HwSwSummary s, string folder) => new
    {
        problem = NestedHwSwProblem.ProblemName, name = s.Name, strategy = s.Strategy, seed = s.Seed, folder,
        trials = s.Trials.Count, feasible = s.Count(TrialStatus.Feasible), violates = s.Count(TrialStatus.Violates),
        pruned = s.Count(TrialStatus.Pruned), failed = s.Count(TrialStatus.Failed), new_trials = s.NewTrials,
        best = s.Best is { } b ? new { trial = b.Index, key = b.Key, edp = b.Objective, metrics = b.Metrics } : null,
        eyeriss_edp = s.Eyeriss.Edp, improvement_over_eyeriss = s.ImprovementOverEyeriss,
    };

    private static ISearchStrategy Create(string name, NestedHwSwProblem problem, long seed) =>
        HwSwStrategies.Create(name, problem, seed, (other, space, s, isValid) => SearchStrategies.Create(other, space, s, isValid, null));
}
