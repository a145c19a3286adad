using ZooForge.Search.Expressions;
using System.Diagnostics;
using System.Globalization;
using ZooForge.Flow.Search;
using ZooForge.Search.Config;
using ZooForge.Search.HwSw;
using ZooForge.Search.Store;
using ZooForge.Search.Strategies;

namespace ZooForge.Flow.Search.Problems;

/// <summary>
/// <c>zooforge search</c> (and <c>run</c>) for <c>problem: hwsw-edp</c>: a resumable, persisted
/// outer search over the Eyeriss-like hardware space with the mapper inside, then the report
/// against the Eyeriss baseline. Trials are kept in SQLite in the run folder.
/// </summary>
public sealed class HwSwSearchRun : IProblemSearch
{
    /// <inheritdoc />
    public string Name => NestedHwSwProblem.ProblemName;

    /// <inheritdoc />
    public string DesignFileName => "hardware.yaml";

    /// <summary>Outer strategies a hwsw-edp search accepts; the first is the default.</summary>
    public static IReadOnlyList<string> Strategies { get; } = [HwSwStrategies.NestedBo, "random", "bo", "evolution", "rl"];

    /// <inheritdoc />
    public bool Handles(string? configPath, string? resumeFolder)
    {
        if (resumeFolder is not null && File.Exists(Path.Combine(resumeFolder, TrialStore.FileName))) return InProcessRunStore.ProblemIn(resumeFolder) == NestedHwSwProblem.ProblemName;
        return configPath is not null && File.Exists(configPath) && HwSwConfigFile.Problem(File.ReadAllText(configPath)) == NestedHwSwProblem.ProblemName;
    }

    /// <summary>Runs the search (new, or resumed when the folder holds one and <paramref name="resume"/>) and writes its outputs.</summary>
    /// <param name="request">What was asked.</param>
    /// <param name="resume">Continue the search the folder holds.</param>
    /// <param name="progress">Hears one line per completed trial, or null for none.</param>
    public static HwSwSummary Run(ProblemSearchRequest request, bool resume, Action<string>? progress)
    {
        if (request.Strategy is { } s && !Strategies.Contains(s))
            throw new UserInputException($"--strategy: unknown strategy '{s}' for problem hwsw-edp (known: {string.Join(", ", Strategies)})");
        var run = InProcessRunStore.Open(request, resume, NestedHwSwProblem.ProblemName, HwSwStrategies.NestedBo, HwSwConfigFile.Parse, c => c.Budget,
            c => HwSwFeasibility.Check(c.HardwareSpace, c.Workloads.Select(HwSwWorkload.BuiltIn).ToList(), c.Constraints));
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
                trials = new HwSwSearch(problem, store).Run(strategy, budget, progress is null ? null : t => progress(
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

    /// <inheritdoc />
    public ProblemSearchResult Execute(ProblemSearchRequest request, bool resume, Action<string>? progress)
    {
        var summary = Run(request, resume, progress);
        return new ProblemSearchResult(Lines(summary, request.Folder), ToJson(summary, request.Folder), NothingFeasible(summary, request.Folder));
    }

    /// <summary>The lines a person reads after the search.</summary>
    public static IReadOnlyList<string> Lines(HwSwSummary s, string folder)
    {
        var lines = new List<string>
        {
            $"trials: {s.Trials.Count}, feasible {s.Count(TrialStatus.Feasible)}, missed an output constraint {s.Count(TrialStatus.Violates)}, missed an input constraint {s.Count(TrialStatus.Pruned)} (never mapped), failed {s.Count(TrialStatus.Failed)}; {s.NewTrials} new in {s.Elapsed.TotalSeconds:0.0} s",
        };
        if (s.Best is { } b)
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"best: trial {b.Index} {s.Problem.Point(s.Problem.Space.Create(b.Choices))}: EDP {b.Objective:0.###} mJ·ms, area {b.Metrics[AsicMetrics.AreaMm2]:0.###} mm²"));
        string gain = s.ImprovementOverEyeriss is { } g ? string.Create(CultureInfo.InvariantCulture, $"; EDP improvement {100 * g:0.0}%") : "";
        string baseline = s.Eyeriss.Edp is { } e ? e.ToString("0.###", CultureInfo.InvariantCulture) : "none (no mapping fits)";
        lines.Add($"baseline: {EyerissBaseline.AcceleratorName} with its best mappings: EDP {baseline} mJ·ms{gain}");
        lines.Add($"wrote {folder}/report.md, pareto.csv{(s.Best is null ? "" : ", hardware.yaml")}");
        return lines;
    }

    /// <summary>The error line for a search that found nothing feasible, or null when it did.</summary>
    public static string? NothingFeasible(HwSwSummary s, string folder)
    {
        if (s.Best is not null) return null;
        if (ZooForge.Search.Engine.TrialFailures.EveryTrialFailed(s.Trials) is { } failure) return $"zooforge: error: {failure}; see {Path.Combine(folder, "report.md")}";
        var reasons = s.Trials.Where(t => t.Note is not null).GroupBy(t => t.Note!.Split(':')[0]).OrderByDescending(g => g.Count()).FirstOrDefault();
        return $"zooforge: error: no trial met every constraint{(reasons is null ? "" : $"; commonest reason: {reasons.Key} ({reasons.Count()} trials)")}; see {Path.Combine(folder, "report.md")}";
    }

    /// <summary>The summary as the object <c>--json</c> prints.</summary>
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
