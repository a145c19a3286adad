namespace ZooForge.Cli.Tests.Commands;

/// <summary><c>zooforge search</c>, <c>run</c> and <c>bench-search</c> on <c>problem: hwsw-edp</c> configurations.</summary>
public class HwSwSearchCommandTests : ScratchFolderFixture
{
    // ResNet-18 alone and no latency target: every point of the space that fits the area maps, so three trials find a feasible one.
    private const string Config = """
        format: zooforge-search/1
        problem: hwsw-edp
        name: small_edp
        workloads: [resnet18]
        constraints: {area_mm2_max: 2.33, pes_max: 256}
        budget: 3
        """;

    private const string Space = """
        name: mine
        base: eyeriss-like
        pe_x: [14]
        pe_y: [12]
        l1_bytes: [520]
        l2_kb: [108]
        noc_bandwidth: [64]
        off_chip_bandwidth: [16]

        """;

    [Test]
    public void Search_writes_the_report_and_the_best_hardware_and_a_rerun_resumes()
    {
        string config = Dir.Write("c.yaml", Config);
        string run = PathIn("run");
        var first = CliRunner.Run("search", "--config", config, "--out", run);
        Assert.That(first.Code, Is.Zero, first.Stderr);
        Assert.That(first.Stdout, Does.Contain("trials: 3,").And.Contain("baseline: eyeriss-like with its best mappings: EDP").And.Contain("3 new"));
        Assert.That(first.ErrorLines.Count(l => l.StartsWith("search: trial ")), Is.EqualTo(3));
        foreach (string file in new[] { "trials.db", "report.md", "pareto.csv", "hardware.yaml" })
            Assert.That(File.Exists(Path.Combine(run, file)), Is.True, file);
        var best = Asic.Description.AcceleratorCatalogue.Resolve(Path.Combine(run, "hardware.yaml"));
        Assert.That(best.AreaMm2, Is.LessThanOrEqualTo(2.33), "the best design meets the input constraint");
        Assert.That(File.ReadAllText(Path.Combine(run, "report.md")), Does.Contain("EDP improvement over eyeriss-like").Or.Contain("No feasible design"));

        var resumed = CliRunner.RunJson("search", "--resume", run, "--budget", "5", "--json");
        Assert.That(resumed.GetProperty("trials").GetInt32(), Is.EqualTo(5));
        Assert.That(resumed.GetProperty("new_trials").GetInt32(), Is.EqualTo(2), "the three stored trials were replayed");
        Assert.That(resumed.GetProperty("strategy").GetString(), Is.EqualTo("nested-bo"));
    }

    [Test]
    public void Run_searches_and_reports_and_says_the_fpga_check_does_not_apply()
    {
        string config = Dir.Write("c.yaml", Config);
        var result = CliRunner.Run("run", "--config", config, "--out", PathIn("r"), "--budget", "2", "--strategy", "random");
        Assert.That(result.Code, Is.Zero, result.Stderr);
        Assert.That(result.Stdout, Does.Contain("check: not applicable to hwsw-edp"));
        Assert.That(File.Exists(PathIn("r", "search", "report.md")), Is.True);
    }

    [TestCase("hardware_space: space.yaml\n", "simd_units: [4]\n", "space.yaml:9:1: unknown field 'simd_units'", TestName = "An unknown knob in the space file")]
    [TestCase("hardware_space: space.yaml\n", "", "field 'pe_x.min': the range is empty: min 32 is above max 4", TestName = "An inverted range in the space file")]
    [TestCase("workloads: [resnet18, vgg99]\n", "", "unknown workload 'vgg99'", TestName = "An unknown workload")]
    [TestCase("constraints: {area_mm2_max: 0.05}\n", "", "no point of hardware space 'eyeriss-shi' meets the input constraints", TestName = "An area budget no point meets")]
    [TestCase("constraints: {latency_ms_max: 0.5}\n", "", "latency_ms_max 0.5 cannot be met: resnet18's", TestName = "A latency target below the physical bound")]
    public void Bad_configurations_are_one_line_errors_and_leave_no_run_folder(string field, string spaceExtra, string message)
    {
        string text = string.Join("\n", Config.Split('\n').Where(l => !l.StartsWith(field.Split(':')[0] + ":"))) + "\n" + field;
        string config = Dir.Write("c.yaml", text);
        Dir.Write("space.yaml", spaceExtra.Length > 0 ? Space + spaceExtra : Space.Replace("pe_x: [14]", "pe_x: {min: 32, max: 4, step: 2}"));
        CliRunner.AssertBadInput(CliRunner.Run("search", "--config", config, "--out", PathIn("run")), message);
        Assert.That(Directory.Exists(PathIn("run")), Is.False);
    }

    [TestCase("--strategy", "annealing", "unknown strategy 'annealing' for problem hwsw-edp (known: nested-bo, random, bo, evolution, rl)")]
    [TestCase("--storage", "postgresql://u@localhost/db", "a hwsw-edp search keeps its trials in SQLite")]
    public void Bad_options_are_one_line_errors(string option, string value, string message)
    {
        string config = Dir.Write("c.yaml", Config);
        CliRunner.AssertBadInput(CliRunner.Run("search", "--config", config, "--out", PathIn("run"), option, value), message);
    }

    [Test]
    public void Bench_search_compares_nested_bo_random_flat_bo_and_eyeriss()
    {
        var result = CliRunner.Run("bench-search", "--problems", "hwsw-edp", "--strategies", "random", "--seeds", "1", "--budget", "2", "--out", ScratchFolder);
        Assert.That(result.Code, Is.Zero, result.Stderr);
        var rows = CliRunner.TableRows(result.Stdout);
        Assert.That(rows[0], Is.EqualTo(new[] { "method", "median best EDP (mJ·ms)", "best per seed", "vs eyeriss-like", "nested-bo lower by", "feasible", "invalid" }));
        Assert.That(rows.Skip(1).Select(r => r[0]), Is.EqualTo(new[] { "nested-bo", "random", "flat-bo", "flat-bo-tuned", "eyeriss-like" }));
        Assert.That(rows[^1][3], Is.EqualTo("0.00%"));
        Assert.That(result.Stdout, Does.Contain("hwsw-edp baseline: eyeriss-like: 14×12 PEs"));
        Assert.That(File.Exists(Path.Combine(ScratchFolder, "hwsw-edp.png")), Is.True);
    }
}
