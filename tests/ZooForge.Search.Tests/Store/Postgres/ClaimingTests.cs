using System.Collections.Concurrent;
using ZooForge.Search.Engine;
using ZooForge.Search.Store;

namespace ZooForge.Search.Tests.Store.Postgres;

[Category("Postgres")]
public class ClaimingTests
{
    [Test]
    public void Four_workers_claim_every_trial_once_and_numbers_have_no_gaps()
    {
        const int workers = 4, perWorker = 10;
        string url = PostgresServer.Current.CreateDatabase();
        var claims = new ConcurrentBag<(int Number, string Worker)>();
        var enqueued = new ConcurrentBag<int>();
        using var ready = new Barrier(workers);
        var threads = Enumerable.Range(0, workers).Select(w => new Thread(() =>
        {
            string worker = $"worker-{w}";
            using var store = StoreSamples.Open(url, "claims");
            ready.SignalAndWait();
            for (int i = 0; i < perWorker; i++) enqueued.Add(store.Enqueue($"model=m;bits={w * perWorker + i}", [w, i], seed: 100 + w));
            ready.SignalAndWait();
            while (store.ClaimNext(worker) is { } claim)
            {
                claims.Add((claim.Number, worker));
                Assert.That(store.Heartbeat(claim.Number, worker), Is.True);
                Assert.That(store.Complete(StoreSamples.Completed(claim), worker), Is.True);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        var all = Enumerable.Range(0, workers * perWorker);
        Assert.That(enqueued.Order(), Is.EqualTo(all), "enqueued numbers");
        Assert.That(claims.Select(c => c.Number).Order(), Is.EqualTo(all), "claimed numbers, each once");
        using var reader = StoreSamples.Open(url, "claims");
        Assert.That(reader.Trials().Select(t => t.Index), Is.EqualTo(all));
        var counts = reader.Workers();
        Assert.That(counts.Select(c => (c.Worker, c.Done, c.Running, c.Waiting)),
            Is.EquivalentTo(claims.GroupBy(c => c.Worker).Select(g => (g.Key, g.Count(), 0, 0))));
    }

    [Test]
    public void Eight_connections_creating_the_same_study_at_once_get_one_study_and_no_error()
    {
        const int connections = 8;
        string url = PostgresServer.Current.CreateDatabase(); // empty: the schema is created concurrently too
        var errors = new ConcurrentBag<Exception>();
        using var ready = new Barrier(connections);
        var threads = Enumerable.Range(0, connections).Select(i => new Thread(() =>
        {
            try
            {
                ready.SignalAndWait();
                using var store = StoreSamples.Open(url, "shared");
                store.SetMeta($"worker-{i}", "here");
            }
            catch (Exception e)
            {
                errors.Add(e);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());

        Assert.That(errors, Is.Empty);
        using (var connection = PostgresTrialStoreTests.Connect(url))
            Assert.That(PostgresTrialStoreTests.Scalar(connection, "SELECT count(*) FROM studies"), Is.EqualTo(1L));
        using var store = StoreSamples.Open(url, "shared");
        Assert.That(Enumerable.Range(0, connections).Select(i => store.GetMeta($"worker-{i}")), Is.All.EqualTo("here"));
    }

    [Test]
    public void A_silent_workers_trial_is_failed_as_stale_and_requeued_with_its_genes_and_seed_up_to_max_retry()
    {
        // Wide margins: on a loaded machine the live worker's heartbeat and the check may be far apart.
        var grace = TimeSpan.FromMilliseconds(800);
        var silence = TimeSpan.FromMilliseconds(1100);
        const int maxRetry = 2;
        using var store = StoreSamples.Open(PostgresServer.Current.CreateDatabase(), "stale");
        store.Enqueue("model=mnist_vgg;bits=6", [1, 2, 3], seed: 77);
        var first = store.ClaimNext("silent")!;
        store.Enqueue("model=mnist_lenet5;bits=8", [0, 0, 0], seed: 5);
        var alive = store.ClaimNext("alive")!;

        Thread.Sleep(silence);
        Assert.That(store.Heartbeat(alive.Number, "alive"), Is.True);
        var stale = store.FailStale(grace, maxRetry);
        Assert.That(stale, Is.EqualTo(new[] { new ZooForge.Search.Store.Postgres.StaleTrial(first.Number, "silent", 0, 2) }));
        Assert.That(store.Heartbeat(first.Number, "silent"), Is.False, "the silent worker has lost its trial");
        Assert.That(store.Complete(StoreSamples.Completed(first), "silent"), Is.False, "a late result is not stored");
        Assert.That(store.Complete(StoreSamples.Completed(alive), "alive"), Is.True);

        // The retries: claimed again, silent again, until max_retry copies were made.
        var retries = new List<int?>();
        while (store.ClaimNext("silent") is { } retry)
        {
            Assert.That((retry.Key, retry.Choices, retry.Seed, retry.Attempt), Is.EqualTo((first.Key, first.Choices, first.Seed, retries.Count + 1)));
            Thread.Sleep(silence);
            retries.Add(store.FailStale(grace, maxRetry).Single().RetryNumber);
        }
        Assert.That(retries, Is.EqualTo(new int?[] { 3, null }));

        var trials = store.Trials();
        Assert.That(trials.Select(t => t.Index), Is.EqualTo(new[] { 0, 1, 2, 3 }));
        var failed = trials.Where(t => t.Status == TrialStatus.Failed).ToList();
        Assert.That(failed.Select(t => (t.Index, t.Key, t.Seed, t.FailureKind, t.Reward)),
            Is.EqualTo(new[] { 0, 2, 3 }.Select(i => (i, first.Key, 77L, (string?)TrialFailures.Stale, -1.0))));
        Assert.That(failed[0].Note, Is.EqualTo("no heartbeat from worker silent for more than 0.8 s"));
        Assert.That(store.Workers().Single(w => w.Worker == "silent").Failed, Is.EqualTo(3));
    }
}
