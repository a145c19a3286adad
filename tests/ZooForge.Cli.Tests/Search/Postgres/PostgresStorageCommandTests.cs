using ZooForge.Flow.Search;
using ZooForge.Search.Store;
using ZooForge.Search.Store.Postgres;
using ZooForge.Search.Tests.Store.Postgres;

namespace ZooForge.Cli.Tests.Search.Postgres;

/// <summary><c>zooforge search --storage postgresql://…</c> and <c>zooforge study status</c> against a real server.</summary>
[Category("Postgres")]
[Category("Data")]
public class PostgresStorageCommandTests : ScratchFolderFixture
{
    [TestCase("postgresql://alice@dbhost", "--storage 'postgresql://alice@dbhost': no database; expected postgresql://user@host:port/database")]
    [TestCase("postgresql://postgres@127.0.0.1:1/zoo", "--storage: cannot connect to PostgreSQL at 127.0.0.1:1/zoo: ")]
    public void A_malformed_url_or_unreachable_server_is_one_error_naming_the_option_and_writes_nothing(string storage, string message)
    {
        string config = SearchConfigs.Write(ScratchFolder, SearchConfigs.Tiny());
        var result = CliRunner.Run("search", "--config", config, "--storage", storage, "--out", PathIn("run"));
        CliRunner.AssertBadInput(result, message);
        Assert.That(Directory.Exists(PathIn("run")), Is.False);
    }

    [Test]
    public void A_search_keeps_its_trials_in_a_study_resumes_from_it_and_study_status_counts_them()
    {
        string url = PostgresServer.Current.CreateDatabase();
        string config = SearchConfigs.Write(ScratchFolder, SearchConfigs.Tiny("latency_ms <= 1"));
        string run = PathIn("run");
        var first = CliRunner.Run("search", "--config", config, "--budget", "2", "--strategy", "random", "--storage", url, "--study", "tiny-1", "--out", run);
        Assert.That(first.Code, Is.Zero, first.Stderr);
        Assert.That((File.Exists(Path.Combine(run, TrialStore.FileName)), File.Exists(Path.Combine(run, StudyLocationFile.FileName))), Is.EqualTo((false, true)));

        var resumed = CliRunner.Run("search", "--resume", run, "--budget", "3");
        Assert.That(resumed.Code, Is.Zero, resumed.Stderr);
        using (var store = PostgresTrialStore.Open(url, "tiny-1", create: false))
            Assert.That((store.Trials().Select(t => t.Index), store.GetMeta("strategy")), Is.EqualTo((new[] { 0, 1, 2 }, "random")));

        var again = CliRunner.Run("search", "--config", config, "--storage", url, "--study", "tiny-1", "--out", PathIn("other"));
        CliRunner.AssertBadInput(again, "--storage: study 'tiny-1' at postgresql://", "already holds a search");

        var status = CliRunner.RunJson("study", "status", "--storage", url, "--study", "tiny-1", "--json");
        var total = status.GetProperty("total");
        Assert.That(total.GetProperty("done").GetInt32() + total.GetProperty("failed").GetInt32(), Is.EqualTo(3));
        Assert.That(status.GetProperty("workers").GetArrayLength(), Is.EqualTo(1), "one process ran every trial");

        var table = CliRunner.Run("study", "status", "--storage", url, "--study", "tiny-1");
        Assert.That(CliRunner.TableRows(table.Stdout).Select(r => r[0]), Does.Contain("total"));

        CliRunner.AssertBadInput(CliRunner.Run("study", "status", "--storage", url, "--study", "nope"), "--storage: no study 'nope' at 127.0.0.1:", "known: tiny-1");
    }

    [Test]
    public void Search_with_workers_runs_the_trials_in_worker_processes_and_study_status_shows_them_per_worker()
    {
        string url = PostgresServer.Current.CreateDatabase();
        string config = SearchConfigs.Write(ScratchFolder, SearchConfigs.Tiny("latency_ms <= 1"));
        string run = PathIn("run");
        var result = CliRunner.Run("search", "--config", config, "--budget", "4", "--strategy", "random", "--storage", url, "--study", "parallel", "--workers", "2", "--out", run);
        Assert.That(result.Code, Is.Zero, result.Stderr);
        Assert.That(result.Stderr, Does.Contain("worker 1: ").And.Contain("worker 2: "), "both workers' lines are forwarded");
        Assert.That(File.Exists(Path.Combine(run, "pareto.csv")) && File.Exists(Path.Combine(run, "report.md")), Is.True);

        var status = CliRunner.RunJson("study", "status", "--storage", url, "--study", "parallel", "--json");
        var workers = status.GetProperty("workers").EnumerateArray().Select(w => w.GetProperty("worker").GetString()!).ToList();
        var total = status.GetProperty("total");
        Assert.That(total.GetProperty("done").GetInt32() + total.GetProperty("failed").GetInt32(), Is.EqualTo(4));
        Assert.That((total.GetProperty("waiting").GetInt32(), total.GetProperty("running").GetInt32()), Is.EqualTo((0, 0)));
        Assert.That(workers, Has.None.EqualTo($"{Environment.MachineName}:{Environment.ProcessId}"), "the search process itself evaluated nothing");
    }

    [Test]
    public void Run_with_storage_and_workers_checks_and_reports_the_design_of_a_postgresql_study()
    {
        string url = PostgresServer.Current.CreateDatabase();
        string config = SearchConfigs.Write(ScratchFolder, Commands.RunCommandTests.TinyRunConfig());
        string run = PathIn("run");
        var result = CliRunner.Run("run", "--config", config, "--storage", url, "--study", "main-job", "--workers", "2", "--out", run, "--images", "2", "--no-synth");
        Assert.That(result.Code, Is.Zero, result.Stderr + result.Stdout);
        foreach (var file in new[] { "search/study.txt", "search/design.yaml", "search/tiny_run_t0.zfq.safetensors", "check/junit.xml", "report.md" })
            Assert.That(File.Exists(Path.Combine(run, file)), Is.True, file);
        Assert.That(File.Exists(Path.Combine(run, "search", TrialStore.FileName)), Is.False, "no SQLite store");
        string report = File.ReadAllText(Path.Combine(run, "report.md"));
        Assert.That(report, Does.Contain("Check: passed").And.Contain("search/study.txt"));
    }
}
