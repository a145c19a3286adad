using ZooForge.TestSupport;
using Microsoft.Data.Sqlite;
using ZooForge.Search.Engine;
using ZooForge.Search.Store;

namespace ZooForge.Search.Tests.Store;

public class TrialStoreTests
{
    private static TrialRecord Failed(int index) => new()
    {
        Index = index, Key = $"model=mnist_lenet5;patterns=0;bits={8 - index}", Choices = [0, 0, index], Status = TrialStatus.Failed,
        Metrics = new Dictionary<string, double> { ["latency_ms"] = 0.1 }, Reward = -1, Seed = 42,
        Note = "fine-tuning diverged: 5 of 6 steps", FailureKind = TrialFailures.NonFinite,
    };

    [Test]
    public void A_failed_trial_round_trips_with_its_kind_and_reason()
    {
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Path, TrialStore.FileName);
        using (var store = TrialStore.Open(path)) store.Add(Failed(0));
        using var reopened = TrialStore.Open(path);
        var t = reopened.Trials().Single();
        Assert.That((t.Status, t.FailureKind, t.Note, t.Reward), Is.EqualTo((TrialStatus.Failed, TrialFailures.NonFinite, "fine-tuning diverged: 5 of 6 steps", -1.0)));
    }

    [Test]
    public void A_store_written_before_failed_trials_existed_is_opened_and_extended()
    {
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Path, TrialStore.FileName);
        using (var old = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            old.Open();
            using var create = old.CreateCommand();
            create.CommandText = """
                CREATE TABLE trials (idx INTEGER PRIMARY KEY, key TEXT NOT NULL, choices TEXT NOT NULL, status TEXT NOT NULL, cached INTEGER NOT NULL,
                    design TEXT, metrics TEXT NOT NULL, objective REAL, reward REAL NOT NULL, network_file TEXT, seed INTEGER NOT NULL,
                    fast_seconds REAL NOT NULL, slow_seconds REAL NOT NULL, note TEXT, completed_utc TEXT NOT NULL);
                INSERT INTO trials VALUES (0, 'model=mnist_lenet5;patterns=0;bits=8', '[0,0,0]', 'Pruned', 0, NULL, '{"latency_ms":1}', NULL, -2, NULL, 7, 0.1, 0, 'misses latency', '2026-01-01');
                """;
            create.ExecuteNonQuery();
        }
        using var store = TrialStore.Open(path);
        store.Add(Failed(1));
        var trials = store.Trials();
        Assert.That(trials.Select(t => (t.Status, t.FailureKind)), Is.EqualTo(new[] { (TrialStatus.Pruned, (string?)null), (TrialStatus.Failed, TrialFailures.NonFinite) }));
    }
}
