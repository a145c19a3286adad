using ZooForge.Search.Space;
using ZooForge.Search.Store.Postgres;

namespace ZooForge.Search.Engine.Distributed;

/// <summary>
/// One worker of a distributed search: it claims the study's queued trials one at a time,
/// evaluates each with the engine (the queued seed, so a retry fine-tunes exactly as the first
/// attempt would have), sends heartbeats from a timer while it does, and completes it. Before
/// each claim it fails the trials of silent workers (<see cref="PostgresTrialStore.FailStale"/>),
/// which re-queues them. What to queue is not its business: a coordinator enqueues the strategy's
/// proposals (not written yet; see the Search README).
/// </summary>
public sealed class StudyWorker
{
    private readonly SearchEngine _engine;
    private readonly SearchSpace _space;
    private readonly PostgresTrialStore _store;
    private readonly WorkerSettings _settings;

    /// <summary>Creates worker <paramref name="id"/> over <paramref name="store"/> (its own connection: one store per worker).</summary>
    public StudyWorker(SearchEngine engine, SearchSpace space, PostgresTrialStore store, string id, WorkerSettings? settings = null) =>
        (_engine, _space, _store, Id, _settings) = (engine, space, store, id, settings ?? WorkerSettings.Default);

    /// <summary>The worker id stored with the trials it claims.</summary>
    public string Id { get; }

    /// <summary>Trials whose result was not stored because the worker had lost them (failed as stale while it evaluated).</summary>
    public int Lost { get; private set; }

    /// <summary>Evaluates queued trials until none is waiting; returns how many it completed.</summary>
    public int Run(CancellationToken cancel = default)
    {
        int completed = 0;
        while (!cancel.IsCancellationRequested)
        {
            _store.FailStale(_settings.StaleGrace, _settings.MaxRetry);
            if (_store.ClaimNext(Id) is not { } claim) break;
            var record = WithHeartbeats(claim, () => _engine.EvaluateWithSeed(claim.Number, _space.Create(claim.Choices), claim.Seed));
            if (_store.Complete(record, Id)) completed++;
            else Lost++;
        }
        return completed;
    }

    private T WithHeartbeats<T>(ClaimedTrial claim, Func<T> evaluate)
    {
        using var timer = new Timer(_ => Beat(claim), null, _settings.HeartbeatInterval, _settings.HeartbeatInterval);
        try
        {
            return evaluate();
        }
        finally
        {
            // Wait for a heartbeat in flight, so none lands after the trial is completed.
            using var stopped = new ManualResetEvent(false);
            if (timer.Dispose(stopped)) stopped.WaitOne();
        }
    }

    // A timer callback must not throw (it would end the process); a missed heartbeat only brings
    // the trial closer to its grace period, and a lost trial shows at completion.
    private void Beat(ClaimedTrial claim)
    {
        try
        {
            _store.Heartbeat(claim.Number, Id);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or ZooForge.Search.Store.TrialStoreException or ObjectDisposedException or InvalidOperationException)
        {
        }
    }
}
