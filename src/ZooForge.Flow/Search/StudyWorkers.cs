using System.Globalization;
using ZooForge.Data.Mnist;
using ZooForge.Search.Benchmarks;
using ZooForge.Search.Engine;
using ZooForge.Search.Engine.Distributed;
using ZooForge.Search.Store;
using ZooForge.Search.Store.Postgres;
using ZooForge.Torch.Training;

namespace ZooForge.Flow.Search;

/// <summary>
/// A worker of a PostgreSQL study, built from what the study records: the co-search of its
/// configuration (what <c>zooforge search --storage</c> starts), or the hardware-only EDP problem
/// (what the scaling benchmark starts: <see cref="CreateEdp"/>). The heartbeat interval, stale
/// grace and retries are the study's too, so every worker on every host treats silent peers alike.
/// </summary>
public static class StudyWorkers
{
    private const string ProblemKey = "problem", CostKey = "evaluation_ms", HeartbeatKey = "heartbeat_seconds", StaleKey = "stale_after_seconds",
        RetryKey = "max_retry", Edp = "edp";

    /// <summary>Records how the study's workers beat and treat silent peers.</summary>
    public static void WriteSettings(ITrialStore store, WorkerSettings settings)
    {
        store.SetMeta(HeartbeatKey, settings.HeartbeatInterval.TotalSeconds.ToString(CultureInfo.InvariantCulture));
        store.SetMeta(StaleKey, settings.StaleGrace.TotalSeconds.ToString(CultureInfo.InvariantCulture));
        store.SetMeta(RetryKey, settings.MaxRetry.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>The study's worker settings; <see cref="WorkerSettings.Default"/> for what it does not record.</summary>
    public static WorkerSettings Settings(ITrialStore store)
    {
        var d = WorkerSettings.Default;
        TimeSpan Seconds(string key, TimeSpan fallback) =>
            store.GetMeta(key) is { } text ? TimeSpan.FromSeconds(double.Parse(text, CultureInfo.InvariantCulture)) : fallback;
        return new WorkerSettings(Seconds(HeartbeatKey, d.HeartbeatInterval), Seconds(StaleKey, d.StaleGrace),
            store.GetMeta(RetryKey) is { } retry ? int.Parse(retry, CultureInfo.InvariantCulture) : d.MaxRetry);
    }

    /// <summary>
    /// Makes <paramref name="store"/>'s (new) study an EDP benchmark search: <paramref name="strategy"/>
    /// with <paramref name="seed"/> for <paramref name="budget"/> trials, each held for at least
    /// <paramref name="cost"/> (<see cref="ProblemTrialEvaluator"/>).
    /// </summary>
    public static void CreateEdp(ITrialStore store, string strategy, long seed, int budget, TimeSpan cost, WorkerSettings settings)
    {
        SearchStrategies.Require(strategy);
        store.SetMeta(ProblemKey, Edp);
        store.SetMeta(SearchSession.StrategyKey, strategy);
        store.SetMeta(SearchSession.SeedKey, seed.ToString(CultureInfo.InvariantCulture));
        store.SetMeta(SearchSession.BudgetKey, budget.ToString(CultureInfo.InvariantCulture));
        store.SetMeta(CostKey, cost.TotalMilliseconds.ToString(CultureInfo.InvariantCulture));
        WriteSettings(store, settings);
    }

    /// <summary>
    /// Runs a worker on <paramref name="store"/>'s study until its budget is spent and nothing is
    /// left running; co-search networks go to <paramref name="folder"/>. Returns the worker.
    /// </summary>
    /// <exception cref="UserInputException">The study holds no search.</exception>
    public static StudyWorker Run(PostgresTrialStore store, string folder, string? zoo, int? threads, Action<TrialRecord>? completed, CancellationToken cancel = default)
    {
        var settings = Settings(store);
        if (store.GetMeta(ProblemKey) == Edp)
        {
            var problem = EdpProblem.ResNet18OnZcu102();
            long seed = long.Parse(store.GetMeta(SearchSession.SeedKey)!, CultureInfo.InvariantCulture);
            string strategy = store.GetMeta(SearchSession.StrategyKey)!;
            var plan = new StudyPlan(problem.Space, () => SearchStrategies.Create(strategy, problem.Space, seed, problem.IsValid, null),
                int.Parse(store.GetMeta(SearchSession.BudgetKey)!, CultureInfo.InvariantCulture), key => SearchEngine.CandidateSeed(seed, key));
            var cost = TimeSpan.FromMilliseconds(double.Parse(store.GetMeta(CostKey) ?? "0", CultureInfo.InvariantCulture));
            return Work(new StudyWorker(new ProblemTrialEvaluator(problem, cost), problem.Space, store, store.Worker, settings, plan) { Completed = completed }, cancel);
        }
        if (threads is { } n) TorchRuntime.Fix(n);
        // The session takes the store over; the caller's disposal of it is then a second, harmless one.
        var session = SearchSession.ForWorker(store, folder, zoo);
        var engine = new SearchEngine(session.Config, session.Explorer(), session.Evaluator(), store, folder, session.Seed);
        var searchPlan = new StudyPlan(session.Config.Space, session.CreateStrategy, session.Budget, key => SearchEngine.CandidateSeed(session.Seed, key));
        return Work(new StudyWorker(engine, session.Config.Space, store, store.Worker, settings, searchPlan) { Completed = completed }, cancel);
    }

    private static StudyWorker Work(StudyWorker worker, CancellationToken cancel)
    {
        worker.Run(cancel);
        return worker;
    }
}
