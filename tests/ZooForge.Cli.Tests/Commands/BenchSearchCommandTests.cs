namespace ZooForge.Cli.Tests.Commands;

public class BenchSearchCommandTests : ScratchFolderFixture
{
    [Test]
    public void The_edp_benchmark_runs_every_strategy_on_every_seed_and_reports_the_exhaustive_optimum()
    {
        var result = CliRunner.Run("bench-search", "--problems", "edp", "--seeds", "2", "--budget", "12", "--out", ScratchFolder);
        Assert.That(result.Code, Is.Zero, result.Stderr);
        var rows = result.Stdout.Split('\n').Where(l => l.StartsWith('│')).Select(l => l.Split('│', StringSplitOptions.TrimEntries)[1..^1]).ToList();
        Assert.That(rows[0], Is.EqualTo(new[] { "strategy", "best EDP (mJ·ms)", "gap", "seeds within 2%", "trials to 2%", "invalid trials" }));
        Assert.That(rows.Skip(1).Select(r => r[0]), Is.EqualTo(new[] { "rl", "random", "evolution", "bo", "exhaustive" }));
        var exhaustive = rows[^1];
        Assert.That(exhaustive[2], Is.EqualTo("0.00%"));
        foreach (var row in rows.Skip(1).SkipLast(1))
        {
            Assert.That(row[3], Does.EndWith("/2"));
            // Nobody beats the exhaustive optimum.
            Assert.That(double.Parse(row[1], System.Globalization.CultureInfo.InvariantCulture),
                Is.GreaterThanOrEqualTo(double.Parse(exhaustive[1], System.Globalization.CultureInfo.InvariantCulture)));
        }
        Assert.That(result.Stdout, Does.Contain("edp optimum: model=resnet18;tm="));
        Assert.That(File.Exists(Path.Combine(ScratchFolder, "edp.png")), Is.True);
        Assert.That(result.ErrorLines.Count(l => l.StartsWith("bench-search: edp ") && l.Contains(" seed ")), Is.EqualTo(8));
    }

    [Test]
    public void The_json_has_one_run_per_strategy_and_seed_and_the_exhaustive_evaluation_count()
    {
        var json = CliRunner.RunJson("bench-search", "--problems", "edp", "--strategies", "random,bo", "--seeds", "2", "--budget", "6", "--out", ScratchFolder, "--json");
        var edp = json[0];
        Assert.That(edp.GetProperty("problem").GetString(), Is.EqualTo("edp"));
        Assert.That(edp.GetProperty("runs").GetArrayLength(), Is.EqualTo(4));
        Assert.That(edp.GetProperty("exhaustive_evaluations").GetInt32(), Is.GreaterThan(1000));
        foreach (var run in edp.GetProperty("runs").EnumerateArray())
            Assert.That(run.GetProperty("best").GetArrayLength(), Is.EqualTo(6));
        var runs = edp.GetProperty("runs").EnumerateArray().ToList();
        Assert.That(runs.Select(r => (r.GetProperty("strategy").GetString(), r.GetProperty("seed").GetInt64())),
            Is.EqualTo(new[] { ("random", 1L), ("bo", 1L), ("random", 2L), ("bo", 2L) }), "seed-major order");
        Assert.That(runs.Where(r => r.GetProperty("strategy").GetString() == "bo").Select(r => r.GetProperty("invalid").GetInt32()), Is.All.Zero, "bo samples only valid points");
    }

    [TestCase("--problems", "tsp", "unknown problem 'tsp'")]
    [TestCase("--strategies", "random,annealing", "unknown strategy 'annealing' (known: rl, random, evolution, bo)")]
    [TestCase("--seeds", "0", "--seeds must be at least 1")]
    [TestCase("--budget", "0", "--budget must be at least 1")]
    public void Bad_options_are_clear_errors(string option, string value, string message) =>
        CliRunner.AssertBadInput(CliRunner.Run("bench-search", option, value, "--out", ScratchFolder), message);
}
