using ZooForge.Flow.Report.Plots;
using System.Diagnostics;
using ZooForge.Data.Mnist;
using ZooForge.Search.Engine;
using ZooForge.Search.Engine.Distributed;
using ZooForge.Search.Results;
using ZooForge.Search.Store;
using ZooForge.Search.Store.Postgres;
using ZooForge.Search.Strategies;

namespace ZooForge.Flow.Search;

/// <summary>
/// Runs a search session to its budget and writes its outputs; shared by <c>zooforge search</c>
/// and <c>zooforge run</c>. Progress goes to an <see cref="IProgress{T}"/>, so that the console
/// display stays with the caller.
/// </summary>
public static class SearchRun
{
    /// <summary>
    /// Opens the search <paramref name="request"/> asks for (new, or resumed from its folder) and
    /// refuses bad options and a specification no design can reach, before anything is trained or
    /// written; returns the session and its worker count.
    /// </summary>
    /// <exception cref="UserInputException">An option is out of range or contradicts the folder.</exception>
    public static (SearchSession Session, int? Workers) Open(SearchRequest request)
    {
        CheckCounts(request.Budget, request.Workers);
        if (request.Strategy is { } strategy) SearchStrategies.Require(strategy);
        if (request.ResumeFolder is { } resume && request.OutFolder is { } o && Path.GetFullPath(o) != Path.GetFullPath(resume))
            throw new UserInputException("--out and --resume name different folders; a resumed search writes into its own folder");
        var session = request.ResumeFolder is { } folder
            ? SearchSession.Resume(folder, request.ConfigPath, request.Seed, request.Strategy, request.Budget, request.ZooFolder, request.Storage, request.Study)
            : SearchSession.Create(request.Folder, request.ConfigPath, request.Seed ?? 1, request.Strategy ?? "rl", request.Budget, request.ZooFolder, request.Storage, request.Study);
        try
        {
            int? workers = RequireStorage(request.Workers, session);
            CheckFeasible(session);
            return (session, workers);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>Refuses a trial budget or worker count below 1, before anything is opened.</summary>
    /// <exception cref="UserInputException">One of them is below 1.</exception>
    public static void CheckCounts(int? budget, int? workers)
    {
        if (budget is < 1) throw new UserInputException($"--budget must be at least 1, got {budget}");
        if (workers is < 1) throw new UserInputException($"--workers must be at least 1, got {workers}");
    }

    /// <summary>Refuses a specification no design can reach, before anything is trained or written.</summary>
    /// <exception cref="SearchInfeasibleException">No design can meet the hardware constraints.</exception>
    public static void CheckFeasible(SearchSession session) => SearchEngine.CheckFeasible(session.Config, session.Explorer());

    /// <summary>
    /// The worker count, once the session shows its trials are in PostgreSQL (SQLite is for one
    /// process); refused before the store is created.
    /// </summary>
    /// <exception cref="UserInputException">Workers were asked for on a SQLite store.</exception>
    public static int? RequireStorage(int? workers, SearchSession session) =>
        workers is not null && session.Storage is null
            ? throw new UserInputException("--workers needs --storage postgresql://…: the SQLite trial store is for one process")
            : workers;

    /// <summary>
    /// Runs the remaining trials of <paramref name="session"/> (after <see cref="CheckFeasible"/>),
    /// writes the outputs into its folder and returns the summary.
    /// </summary>
    /// <remarks>
    /// With <paramref name="workers"/>, the trials are run by that many <c>zooforge worker</c>
    /// processes on the session's PostgreSQL study (<see cref="LocalWorkers"/>), and the summary
    /// describes each proposal's final outcome.
    /// </remarks>
    /// <param name="session">The opened session.</param>
    /// <param name="workers">Worker processes, or null to run the trials in this process.</param>
    /// <param name="progress">Hears each completed trial (in-process runs).</param>
    /// <param name="workerLine">Hears each line a worker process writes, with the worker's number.</param>
    /// <exception cref="UserInputException">The workers stopped before the study was finished.</exception>
    public static SearchSummary Execute(SearchSession session, int? workers = null, IProgress<SearchProgress>? progress = null, Action<int, string>? workerLine = null)
    {
        var engine = new SearchEngine(session.Config, session.Explorer(), session.Evaluator(), session.Store, session.Folder, session.Seed);

        var clock = Stopwatch.StartNew();
        List<TrialRecord> trials;
        int replayed;
        if (workers is { } count)
            (trials, replayed) = RunWorkers(session, count, workerLine ?? ((_, _) => { }));
        else
        {
            var strategy = session.CreateStrategy();
            replayed = session.Store.Trials().Count;
            try
            {
                trials = engine.Run(strategy, session.Budget, progress is null ? null : progress.Report);
            }
            finally
            {
                (strategy as IDisposable)?.Dispose();
            }
        }
        var summary = new SearchSummary
        {
            Name = session.Config.Name, Strategy = session.Strategy, Seed = session.Seed,
            Target = $"{session.Config.Device.Name} at {session.Config.ClockMhz:0.###} MHz, {session.Config.PerfModel.Name} latency model, hardware space {session.Config.HardwareSpace.Name}",
            Objective = session.Config.Objective.Text, Constraints = session.Config.Constraints.Select(c => c.Text).ToList(),
            Trials = trials, Pareto = ParetoSet.Of(trials), Chosen = SearchEngine.Best(trials),
            Baseline = session.Config.Space.Models.Select(engine.Baseline).ToList(),
            Elapsed = clock.Elapsed, NewTrials = Math.Max(0, trials.Count - replayed),
        };
        SearchOutputs.Write(session.Folder, summary, session.Config.Device.Name);
        ParetoPlot.Save(Path.Combine(session.Folder, ParetoPlot.FileName), summary);
        return summary;
    }

    private static (List<TrialRecord> Trials, int Replayed) RunWorkers(SearchSession session, int count, Action<int, string> workerLine)
    {
        var store = (PostgresTrialStore)session.Store;
        int replayed = StudyReplay.Outcomes(store.StudyTrials()).Count;
        var codes = LocalWorkers.Run(session.Storage!, store.Study, session.Folder, count, session.Zoo.Folder, workerLine);
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
}
