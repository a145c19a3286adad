using ZooForge.Cli.Tests.Search;
using ZooForge.Search.Store.Postgres;

namespace ZooForge.Cli.Tests.Hardening;

/// <summary>Bad input to distributed searches (<c>--workers</c>, <c>zooforge worker</c>): one line, exit 1, nothing written.</summary>
[TestFixture]
public sealed class WorkerInputTests : HardeningFixture
{
    // Started by the first test that needs a server, so the others run without one.
    private ScratchPostgres? _server;

    private ScratchPostgres Server => _server ??= ScratchPostgres.Start();

    [OneTimeTearDown]
    public void StopServer() => _server?.Dispose();

    [Test]
    public void Zero_workers_are_refused()
    {
        string config = Dir.Write("search.yaml", SearchConfigs.Tiny());
        AssertRefused(["search", "--config", config, "--workers", "0", "--storage", "postgresql://postgres@127.0.0.1:1/zoo", "--out", PathIn("run")],
            "--workers must be at least 1, got 0");
    }

    [Test]
    public void Workers_without_storage_are_refused_before_a_run_folder_exists()
    {
        string config = Dir.Write("search.yaml", SearchConfigs.Tiny());
        AssertRefused(["search", "--config", config, "--workers", "2", "--out", PathIn("run")], "--workers needs --storage", "SQLite trial store is for one process");
    }

    [Test]
    public void A_worker_with_a_malformed_url_names_the_option() =>
        AssertRefused(["worker", "--storage", "postgresql://alice@dbhost", "--study", "s"], "--storage 'postgresql://alice@dbhost': no database");

    [Test]
    [Category("Postgres")]
    public void A_worker_on_a_missing_study_lists_the_known_ones()
    {
        string url = Server.CreateDatabase();
        using (PostgresTrialStore.Open(url, "present")) { }
        AssertRefused(["worker", "--storage", url, "--study", "absent"], "--storage: no study 'absent' at 127.0.0.1:", "known: present");
    }

    [Test]
    [Category("Postgres")]
    public void A_worker_on_a_study_without_a_search_says_how_to_start_one()
    {
        string url = Server.CreateDatabase();
        using (PostgresTrialStore.Open(url, "empty")) { }
        AssertRefused(["worker", "--storage", url, "--study", "empty"], "--study: study 'empty' at postgresql://", "holds no search", "zooforge search --storage");
    }
}
