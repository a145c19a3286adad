using System.Diagnostics;
using Microsoft.Data.Sqlite;
using ZooForge.Cli.Tests.Search;

namespace ZooForge.Cli.Tests.Commands;

/// <summary>
/// A search killed with SIGKILL and resumed loses no completed trial and ends with the same
/// Pareto set as an uninterrupted run with the same seed. Runs the built <c>zooforge</c> as a
/// separate process, so the kill is real.
/// </summary>
[Category("Data")]
public class SearchResumeTests : ScratchFolderFixture
{
    private const int Budget = 8;
    private static Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "zooforge.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        return Process.Start(start)!;
    }

    private static (int Code, string Stderr) RunToEnd(params string[] args)
    {
        using var process = Start(args);
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stderr.Result);
    }

    private static List<(string Key, string Metrics)> StoredTrials(string runFolder)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(runFolder, "trials.db")};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT key, metrics FROM trials ORDER BY idx";
        using var reader = command.ExecuteReader();
        var list = new List<(string, string)>();
        while (reader.Read()) list.Add((reader.GetString(0), reader.GetString(1)));
        return list;
    }

    private static int CountTrials(string runFolder)
    {
        if (!File.Exists(Path.Combine(runFolder, "trials.db"))) return 0;
        try { return StoredTrials(runFolder).Count; }
        catch (SqliteException) { return 0; } // created but tables not there yet, or locked mid-write
    }

    // rl is the default strategy: its controller must come back from the store exactly as it was.
    [TestCase("random")]
    [TestCase("rl")]
    public void Killed_and_resumed_search_ends_with_the_uninterrupted_pareto_set(string strategy)
    {
        string config = SearchConfigs.Write(ScratchFolder, SearchConfigs.Tiny(budget: Budget));
        string whole = Path.Combine(ScratchFolder, "whole"), killed = Path.Combine(ScratchFolder, "killed");
        string[] common = ["search", "--config", config, "--strategy", strategy, "--seed", "7"];

        var (code, stderr) = RunToEnd([.. common, "--out", whole]);
        Assert.That(code, Is.Zero, stderr);

        using (var process = Start([.. common, "--out", killed]))
        {
            _ = process.StandardError.ReadToEndAsync();
            _ = process.StandardOutput.ReadToEndAsync();
            var clock = Stopwatch.StartNew();
            while (CountTrials(killed) < 3 && !process.HasExited && clock.Elapsed < TimeSpan.FromMinutes(5)) Thread.Sleep(50);
            Assert.That(process.HasExited, Is.False, "the search finished before it could be killed");
            process.Kill(); // SIGKILL on Unix: no handler runs
            process.WaitForExit();
            Assert.That(process.ExitCode, Is.EqualTo(137), "killed by SIGKILL");
        }
        var beforeResume = StoredTrials(killed);
        Assert.That(beforeResume.Count, Is.InRange(3, Budget - 1));
        Assert.That(File.Exists(Path.Combine(killed, "pareto.json")), Is.False, "outputs are written at the end");

        (code, stderr) = RunToEnd("search", "--resume", killed);
        Assert.That(code, Is.Zero, stderr);
        var afterResume = StoredTrials(killed);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(afterResume.Take(beforeResume.Count), Is.EqualTo(beforeResume), "no completed trial lost or changed");
            Assert.That(afterResume.Select(t => t.Key), Is.EqualTo(StoredTrials(whole).Select(t => t.Key)), "same trials as the uninterrupted run");
            Assert.That(stderr, Does.Contain("(from store)"));
            Assert.That(File.ReadAllText(Path.Combine(killed, "pareto.json")), Is.EqualTo(File.ReadAllText(Path.Combine(whole, "pareto.json"))));
            Assert.That(File.ReadAllText(Path.Combine(killed, "pareto.csv")), Is.EqualTo(File.ReadAllText(Path.Combine(whole, "pareto.csv"))));
            Assert.That(File.ReadAllText(Path.Combine(killed, "design.yaml")), Is.EqualTo(File.ReadAllText(Path.Combine(whole, "design.yaml"))));
        }
    }
}
