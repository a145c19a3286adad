using ZooForge.Search.Space;
using ZooForge.Search.Store.Postgres;

namespace ZooForge.Search.Engine.Distributed;

/// <summary>
/// One worker of a distributed search; the database is the coordinator (Optuna's RDB storage),
/// so workers on any host may join and leave at any time. Each round it fails the trials of
/// silent workers (<see cref="PostgresTrialStore.FailStale"/>, which re-queues them); with a
/// <see cref="StudyPlan"/> it then replays the study into a fresh strategy and queues the next
/// proposal under the study's row lock (<see cref="PostgresTrialStore.ProposeNext"/>: no two
/// workers pass the budget, numbers stay gap-free); then it claims the lowest queued trial,
/// evaluates it with the queued seed (so a retry evaluates exactly as the first attempt would
/// have) while a timer sends heartbeats, and completes it. It stops when the budget is spent and
/// nothing is queued or running; while peers still run trials it waits, so a trial of a peer
/// that dies is failed, retried and finished by the survivors. Without a plan it only drains the
/// queue.
/// </summary>
public sealed class StudyWorker
{
    private readonly ITrialEvaluator _evaluator;
    private readonly SearchSpace _space;
    private readonly PostgresTrialStore _store;
    private readonly WorkerSettings _settings;
    private readonly StudyPlan? _plan;

    /// <summary>Creates worker <paramref name="id"/> over <paramref name="store"/> (its own connection: one store per worker); <paramref name="plan"/> makes it propose too.</summary>
    public StudyWorker(ITrialEvaluator evaluator, SearchSpace space, PostgresTrialStore store, string id, WorkerSettings? settings = null, StudyPlan? plan = null) =>
        (_evaluator, _space, _store, Id, _settings, _plan) = (evaluator, space, store, id, settings ?? WorkerSettings.Default, plan);

    /// <summary>The worker id stored with the trials it claims.</summary>
    public string Id { get; }

    /// <summary>Trials whose result was not stored because the worker had lost them (failed as stale while it evaluated).</summary>
    public int Lost { get; private set; }

    /// <summary>Trials this worker evaluated and stored.</summary>
    public int Evaluated { get; private set; }

    /// <summary>Trials this worker queued as the strategy's proposals.</summary>
    public int Proposed { get; private set; }

    /// <summary>Called after each trial this worker completed (for progress lines).</summary>
    public Action<Store.TrialRecord>? Completed { get; init; }

    /// <summary>Evaluates trials until the budget is spent and the study has no unfinished trial (without a plan: until none is queued); returns how many it completed.</summary>
    public int Run(CancellationToken cancel = default)
    {
        bool spent = _plan is null;
        while (!cancel.IsCancellationRequested)
        {
            _store.FailStale(_settings.StaleGrace, _settings.MaxRetry);
            if (!spent)
            {
                if (ProposeNext() is null) spent = true;
                else Proposed++;
            }
            if (_store.ClaimNext(Id) is not { } claim)
            {
                if (_plan is null || (spent && _store.Unfinished() == 0)) break;
                // Peers still run trials: one of them may die, and its trial must be retried by someone.
                cancel.WaitHandle.WaitOne(_settings.HeartbeatInterval);
                continue;
            }
            var record = WithHeartbeats(claim, () => _evaluator.EvaluateWithSeed(claim.Number, _space.Create(claim.Choices), claim.Seed));
            if (_store.Complete(record, Id))
            {
                Evaluated++;
                Completed?.Invoke(record);
            }
            else Lost++;
        }
        return Evaluated;
    }

    private int? ProposeNext()
    {
        var plan = _plan!;
        return _store.ProposeNext(plan.Budget, trials =>
        {
            var strategy = plan.CreateStrategy();
            try
            {
                return StudyReplay.Next(strategy, plan.Space, trials);
            }
            finally
            {
                (strategy as IDisposable)?.Dispose();
            }
        }, plan.SeedOf);
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
