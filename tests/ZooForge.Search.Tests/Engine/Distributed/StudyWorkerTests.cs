using ZooForge.TestSupport;
using System.Collections.Concurrent;
using ZooForge.Search.Config;
using ZooForge.Search.Engine;
using ZooForge.Search.Engine.Distributed;
using ZooForge.Search.Evaluation;
using ZooForge.Search.Space;
using ZooForge.Search.Store;
using ZooForge.Search.Store.Postgres;
using ZooForge.Search.Strategies;
using ZooForge.Search.Tests.Store.Postgres;

namespace ZooForge.Search.Tests.Engine.Distributed;

[Category("Postgres")]
public class StudyWorkerTests
{
    private const long Seed = 5;

    private static readonly SearchConfig Config = TestSearch.Parse(TestSearch.Yaml(constraints: "[\"latency_ms <= 0.15\", \"accuracy >= 0.965\"]"));

    // Heartbeats every 100 ms against a grace of 1 s: a loaded machine may delay a few beats without a false stale.
    private static readonly WorkerSettings Fast = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), MaxRetry: 2);

    private static List<Candidate> Distinct(int count, Func<Candidate, bool>? keep = null)
    {
        var strategy = new RandomStrategy(Config.Space, 3);
        var seen = new Dictionary<string, Candidate>(StringComparer.Ordinal);
        while (seen.Count < count)
        {
            var c = strategy.Propose();
            if (keep?.Invoke(c) ?? true) seen.TryAdd(c.Key, c);
        }
        return seen.Values.ToList();
    }

    private static void Enqueue(PostgresTrialStore store, Candidate c) => store.Enqueue(c.Key, c.Choices, SearchEngine.CandidateSeed(Seed, c.Key));

    private static StudyWorker Worker(PostgresTrialStore store, string folder, string id, IAccuracyEvaluator? evaluator = null) =>
        new(new SearchEngine(Config, TestSearch.Explorer(Config), evaluator ?? new FakeEvaluator(), store, folder, Seed), Config.Space, store, id, Fast);

    [Test]
    public void Two_workers_evaluate_every_queued_trial_once_as_the_sequential_engine_would()
    {
        string url = PostgresServer.Current.CreateDatabase();
        using var folder = new TempFolder();
        var candidates = Distinct(8);
        using (var coordinator = StoreSamples.Open(url, "drain")) candidates.ForEach(c => Enqueue(coordinator, c));

        var completed = new ConcurrentDictionary<string, int>();
        var threads = Enumerable.Range(0, 2).Select(i => new Thread(() =>
        {
            using var store = StoreSamples.Open(url, "drain");
            var worker = Worker(store, folder.Path, $"w{i}");
            completed[worker.Id] = worker.Run();
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        using var reader = StoreSamples.Open(url, "drain");
        var trials = reader.Trials();
        using var sqlite = TrialStore.Open(Path.Combine(folder.Path, TrialStore.FileName));
        var sequential = new SearchEngine(Config, TestSearch.Explorer(Config), new FakeEvaluator(), sqlite, folder.Path, Seed);
        var expected = candidates.Select((c, i) => sequential.Evaluate(i, c)).ToList();
        Assert.That(completed.Values.Sum(), Is.EqualTo(candidates.Count));
        Assert.That(trials.Select(t => (t.Index, t.Key, t.Status, t.Objective, t.Reward, t.Seed, t.NetworkFile)),
            Is.EqualTo(expected.Select(t => (t.Index, t.Key, t.Status, t.Objective, t.Reward, t.Seed, t.NetworkFile))));
        // A worker that started after the other had claimed every trial has no row: on a loaded
        // machine one worker may drain the queue alone (seen in CI), which is still correct.
        Assert.That(reader.Workers().Select(w => (w.Worker, w.Done + w.Failed)), Is.EquivalentTo(completed.Where(p => p.Value > 0).Select(p => (p.Key, p.Value))));
    }

    [Test]
    public void A_dead_workers_trial_is_retried_and_heartbeats_keep_a_slow_evaluation_alive()
    {
        string url = PostgresServer.Current.CreateDatabase();
        using var folder = new TempFolder();
        // One that fast exploration does not prune, so it is trained (slowly).
        var explorer = TestSearch.Explorer(Config);
        var candidate = Distinct(1, c => SearchEngine.MeetsHardwareConstraints(Config, explorer, c))[0];
        using var ghost = StoreSamples.Open(url, "retry");
        Enqueue(ghost, candidate);
        var dead = ghost.ClaimNext("ghost")!;
        Thread.Sleep(Fast.StaleGrace + TimeSpan.FromMilliseconds(150));

        // A peer failing stale trials all along must never take the slow, heartbeating one.
        using var done = new CancellationTokenSource();
        var failedByPeer = new ConcurrentBag<StaleTrial>();
        var peer = new Thread(() =>
        {
            using var store = StoreSamples.Open(url, "retry");
            while (!done.IsCancellationRequested)
            {
                foreach (var s in store.FailStale(Fast.StaleGrace, Fast.MaxRetry)) failedByPeer.Add(s);
                Thread.Sleep(50);
            }
        });
        using var own = StoreSamples.Open(url, "retry");
        var worker = Worker(own, folder.Path, "slow", new SlowEvaluator(TimeSpan.FromMilliseconds(3500)));
        int completed;
        var evaluation = new System.Diagnostics.Stopwatch();
        try
        {
            peer.Start();
            evaluation.Start();
            completed = worker.Run();
            evaluation.Stop();
        }
        finally
        {
            done.Cancel();
            peer.Join();
        }

        var trials = own.Trials();
        Assert.That((completed, worker.Lost), Is.EqualTo((1, 0)));
        Assert.That(failedByPeer.Where(s => s.Number != dead.Number), Is.Empty, "the heartbeating trial was never failed");
        Assert.That(trials.Select(t => (t.Index, t.Key, t.Seed)), Is.EqualTo(new[] { (0, candidate.Key, dead.Seed), (1, candidate.Key, dead.Seed) }));
        Assert.That((trials[0].Status, trials[0].FailureKind), Is.EqualTo((TrialStatus.Failed, (string?)TrialFailures.Stale)));
        Assert.That(trials[1].Status, Is.AnyOf(TrialStatus.Feasible, TrialStatus.Violates), "the retry was trained");
        Assert.That(evaluation.Elapsed, Is.GreaterThan(3 * Fast.StaleGrace), "for several grace periods");
    }

    private sealed class SlowEvaluator(TimeSpan delay) : IAccuracyEvaluator
    {
        private readonly FakeEvaluator _inner = new();

        public AccuracyOutcome Evaluate(Candidate candidate, long seed)
        {
            Thread.Sleep(delay);
            return _inner.Evaluate(candidate, seed);
        }

        public (int Correct, int Total) UncompressedAccuracy(string model) => _inner.UncompressedAccuracy(model);
    }
}
