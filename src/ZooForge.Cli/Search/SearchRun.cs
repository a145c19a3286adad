using System.Diagnostics;
using Spectre.Console;
using ZooForge.Cli.App;
using ZooForge.Cli.Rendering;
using ZooForge.Search.Engine;
using ZooForge.Search.Engine.Distributed;
using ZooForge.Search.Results;
using ZooForge.Search.Store;
using ZooForge.Search.Store.Postgres;
using ZooForge.Search.Strategies;

namespace ZooForge.Cli.Search;

/// <summary>
/// Runs a search session to its budget with a progress display and writes its outputs; shared by
/// <c>zooforge search</c> and <c>zooforge run</c>.
/// </summary>
internal static class SearchRun
{
    /// <summary>Refuses a specification no design can reach, before anything is trained or written.</summary>
    /// <exception cref="SearchInfeasibleException">No design can meet the hardware constraints.</exception>
    public static void CheckFeasible(SearchSession session) => SearchEngine.CheckFeasible(session.Config, session.Explorer());

    /// <summary>
    /// Runs the remaining trials of <paramref name="session"/> (after <see cref="CheckFeasible"/>),
    /// writes the outputs into its folder and returns the summary.
    /// </summary>
    /// <remarks>
    /// With <paramref name="workers"/>, the trials are run by that many <c>zooforge worker</c>
    /// processes on the session's PostgreSQL study (<see cref="LocalWorkers"/>), and the summary
    /// describes each proposal's final outcome.
    /// </remarks>
    /// <exception cref="UserInputException">The workers stopped before the study was finished.</exception>
    public static SearchSummary Execute(CliOutput o, SearchSession session, int? workers = null)
    {
        var engine = new SearchEngine(session.Config, session.Explorer(), session.Evaluator(), session.Store, session.Folder, session.Seed);

        var clock = Stopwatch.StartNew();
        List<TrialRecord> trials;
        int replayed;
        if (workers is { } count)
            (trials, replayed) = RunWorkers(o, session, count);
        else
        {
            var strategy = session.CreateStrategy();
            replayed = session.Store.Trials().Count;
            try
            {
                trials = RunWithProgress(o, engine, strategy, session.Budget);
            }
            finally
            {
                (strategy as IDisposable)?.Dispose();
            }
        }
        var summary = new SearchSummary
        {
            Name = session.Config.Name, Strategy = session.Strategy, Seed = session.Seed,
            Target = $"{session.Config.Device} at {session.Config.ClockMhz:0.###} MHz, {session.Config.PerfModel} latency model, hardware space {session.Config.HardwareSpace}",
            Objective = session.Config.Objective.Text, Constraints = session.Config.Constraints.Select(c => c.Text).ToList(),
            Trials = trials, Pareto = ParetoSet.Of(trials), Chosen = SearchEngine.Best(trials),
            Baseline = session.Config.Space.Models.Select(engine.Baseline).ToList(),
            Elapsed = clock.Elapsed, NewTrials = Math.Max(0, trials.Count - replayed),
        };
        SearchOutputs.Write(session.Folder, summary, session.Config.Device);
        return summary;
    }

    private static (List<TrialRecord> Trials, int Replayed) RunWorkers(CliOutput o, SearchSession session, int count)
    {
        var store = (PostgresTrialStore)session.Store;
        int replayed = StudyReplay.Outcomes(store.StudyTrials()).Count;
        var codes = LocalWorkers.Run(o, session.Storage!, store.Study, session.Folder, count, session.Zoo.Folder);
        var trials = StudyReplay.Outcomes(store.StudyTrials());
        int unfinished = store.Unfinished();
        if (trials.Count < session.Budget || unfinished > 0)
            throw new UserInputException(
                $"--workers: the workers stopped (exit codes {string.Join(", ", codes)}) with {trials.Count} of {session.Budget} trials done and {unfinished} unfinished; " +
                $"finish the study with zooforge worker --storage URL --study {store.Study}, then --resume {session.Folder}");
        return (trials, replayed);
    }

    /// <summary>
    /// The error line for a search that found nothing feasible, naming the closest design, or, when
    /// every trial failed, the commonest failure reason.
    /// </summary>
    public static string NothingFeasible(SearchSummary summary, string folder)
    {
        if (summary.EveryTrialFailed is { } failure)
            return $"zooforge: error: {failure}; see {Path.Combine(folder, "report.md")}";
        var closest = summary.Trials.Where(t => !double.IsNaN(t.LatencyMs)).OrderBy(t => t.LatencyMs).FirstOrDefault();
        return $"zooforge: error: no trial met every constraint; closest design: {(closest is null ? "none fits the device" : $"{closest.Key} at {closest.LatencyMs:0.####} ms ({closest.Note})")}; see {Path.Combine(folder, "report.md")}";
    }

    /// <summary>The Pareto table and the summary lines a person reads after a search.</summary>
    public static void Print(CliOutput o, SearchSummary s, string folder)
    {
        var table = new Table().Title(Markup.Escape($"Pareto front of {s.Name} ({s.Pareto.Count} designs)"))
            .AddColumns("trial", "candidate", "accuracy", "latency ms", "DSP", "energy mJ");
        foreach (var p in s.Pareto)
            table.AddPlainRow($"{p.Index}", p.Key, $"{100 * p.Accuracy:0.00}%", $"{p.LatencyMs:0.#####}", $"{p.Metrics["dsp"]:0}", $"{p.Metrics["energy_mj"]:0.#####}");
        o.Console_.Write(table);
        o.Writer.WriteLine($"trials: {s.Trials.Count}, feasible {s.Feasible}, pruned by fast exploration {s.Pruned} ({100 * s.PrunedShare:0.0}%), failed {s.FailedTrials.Count}, {s.NewTrials} new in {s.Elapsed.TotalMinutes:0.00} min ({s.TrialsPerMinute:0.00} trials/min)");
        foreach (var f in s.FailedTrials)
            o.Writer.WriteLine($"failed: trial {f.Index} {f.Key}: {f.FailureKind}: {f.Note}");
        if (s.Chosen is { } c)
            o.Writer.WriteLine($"chosen: trial {c.Index} {c.Key}: accuracy {100 * c.Accuracy:0.00}%, {c.LatencyMs:0.#####} ms on {c.Design}");
        if (s.BestBaseline is { } b)
            o.Writer.WriteLine($"sequential baseline: {b.Key}: accuracy {100 * b.Accuracy:0.00}%, {b.LatencyMs:0.#####} ms");
        else
            o.Writer.WriteLine("sequential baseline: no uncompressed zoo model meets the constraints");
        o.Writer.WriteLine($"wrote {folder}/report.md, pareto.csv, pareto.json, pareto.png{(s.Chosen is null ? "" : ", design.yaml")}");
    }

    private static List<TrialRecord> RunWithProgress(CliOutput o, SearchEngine engine, ISearchStrategy strategy, int budget)
    {
        if (!o.Console_.Profile.Capabilities.Interactive)
            return engine.Run(strategy, budget, p => o.Error.WriteLine("search: " + SearchProgressDisplay.Line(p)));
        List<TrialRecord> trials = [];
        o.Console_.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("search", maxValue: budget);
                trials = engine.Run(strategy, budget, p =>
                {
                    task.Value = p.Completed;
                    task.Description = Markup.Escape($"trial {p.Completed}/{p.Budget}: {SearchProgressDisplay.Short(p)}");
                });
            });
        return trials;
    }
}
