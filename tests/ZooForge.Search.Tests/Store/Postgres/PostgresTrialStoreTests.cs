using ZooForge.TestSupport;
using System.Diagnostics;
using Npgsql;
using ZooForge.Search.Store;
using ZooForge.Search.Store.Postgres;

namespace ZooForge.Search.Tests.Store.Postgres;

[Category("Postgres")]
public class PostgresTrialStoreTests
{
    [Test]
    public void Trials_meta_and_baselines_come_back_as_from_the_SQLite_store()
    {
        using var folder = new TempFolder();
        using var sqlite = TrialStore.Open(Path.Combine(folder.Path, TrialStore.FileName));
        using var postgres = StoreSamples.Open(PostgresServer.Current.CreateDatabase(), "round-trip");
        foreach (ITrialStore store in new ITrialStore[] { sqlite, postgres })
        {
            foreach (var trial in StoreSamples.Trials()) store.Add(trial);
            store.SetMeta("seed", "1");
            store.SetMeta("seed", "2");
            store.SetMeta("config", "format: zooforge-search/1\nname: ünïcode\n");
            store.SetBaseline("mnist_vgg", StoreSamples.Trials()[0] with { Index = -1 });
        }

        Assert.That(postgres.Trials().Select(StoreSamples.Text), Is.EqualTo(sqlite.Trials().Select(StoreSamples.Text)));
        Assert.That(postgres.Trials().Select(StoreSamples.Text), Is.EqualTo(StoreSamples.Trials().Select(StoreSamples.Text)));
        foreach (string key in new[] { "seed", "config", "absent" })
            Assert.That(postgres.GetMeta(key), Is.EqualTo(sqlite.GetMeta(key)), key);
        Assert.That(StoreSamples.Text(postgres.GetBaseline("mnist_vgg")!), Is.EqualTo(StoreSamples.Text(sqlite.GetBaseline("mnist_vgg")!)));
        Assert.That(postgres.GetBaseline("mnist_resnet"), Is.Null);
    }

    [Test]
    public void Studies_in_one_database_are_separate()
    {
        string url = PostgresServer.Current.CreateDatabase();
        using var a = StoreSamples.Open(url, "a");
        using var b = StoreSamples.Open(url, "b");
        a.Add(StoreSamples.Trials()[0]);
        a.SetMeta("seed", "1");
        Assert.That((b.Trials().Count, b.GetMeta("seed"), a.Trials().Count), Is.EqualTo((0, (string?)null, 1)));
        Assert.That(a.Path, Is.EqualTo($"study 'a' at {url.Replace("postgres@", "")}"));
    }

    [Test]
    public void Adding_a_second_trial_at_a_stored_index_is_refused()
    {
        using var store = StoreSamples.Open(PostgresServer.Current.CreateDatabase(), "duplicate");
        store.Add(StoreSamples.Trials()[0]);
        var error = Assert.Throws<InvalidOperationException>(() => store.Add(StoreSamples.Trials()[1] with { Index = 0 }));
        Assert.That(error!.Message, Does.Contain("trial 0 of study 'duplicate'"));
    }

    [Test]
    public void The_schema_version_is_recorded_and_a_newer_one_is_refused()
    {
        string url = PostgresServer.Current.CreateDatabase();
        using (var store = StoreSamples.Open(url, "s")) Assert.That(store.SchemaVersion, Is.EqualTo(1));
        using (var connection = Connect(url))
        {
            Assert.That(Scalar(connection, "SELECT string_agg(version::text, ',') FROM schema_version"), Is.EqualTo("1"));
            Scalar(connection, "INSERT INTO schema_version (version) VALUES (99)");
        }
        var error = Assert.Throws<TrialStoreException>(() => StoreSamples.Open(url, "s"));
        Assert.That(error!.Message, Does.StartWith("--storage: the database 127.0.0.1:").And.Contain("has trial store schema version 99, newer than this zooforge's 1"));
    }

    [Test]
    public void After_a_server_restart_the_store_reconnects_and_goes_on()
    {
        using var store = StoreSamples.Open(PostgresServer.Current.CreateDatabase(), "restart");
        store.Add(StoreSamples.Trials()[0]);
        PostgresServer.Current.Restart();
        store.Add(StoreSamples.Trials()[1]);
        store.SetMeta("after", "restart");
        Assert.That((store.Trials().Count, store.GetMeta("after"), store.Reconnects), Is.EqualTo((2, "restart", 1)));
    }

    // Measures what a search pays for the store: one committed trial each (figures in the test output).
    [Test]
    public void Adding_a_trial_costs_milliseconds_in_either_store()
    {
        const int n = 100;
        using var folder = new TempFolder();
        using var sqlite = TrialStore.Open(Path.Combine(folder.Path, TrialStore.FileName));
        using var postgres = StoreSamples.Open(PostgresServer.Current.CreateDatabase(), "overhead");
        foreach (ITrialStore store in new ITrialStore[] { sqlite, postgres })
        {
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < n; i++) store.Add(StoreSamples.Trials()[0] with { Index = i });
            double perTrial = clock.Elapsed.TotalMilliseconds / n;
            clock.Restart();
            int read = store.Trials().Count;
            TestContext.Out.WriteLine($"{store.GetType().Name}: {perTrial:0.00} ms per Add, {clock.Elapsed.TotalMilliseconds:0.0} ms to read {read} trials");
            Assert.That(perTrial, Is.LessThan(200));
        }
    }

    internal static NpgsqlConnection Connect(string url)
    {
        var connection = new NpgsqlConnection(PostgresLocation.Parse(url, "test").Builder.ConnectionString);
        connection.Open();
        return connection;
    }

    internal static object? Scalar(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        return command.ExecuteScalar();
    }
}
