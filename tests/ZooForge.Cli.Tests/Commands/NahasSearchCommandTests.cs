namespace ZooForge.Cli.Tests.Commands;

/// <summary><c>zooforge search</c> and <c>bench-search</c> on <c>problem: nahas</c> configurations.</summary>
public class NahasSearchCommandTests : ScratchFolderFixture
{
    // A generous latency target and a tiny fine-tuning budget: every trial trains, in seconds.
    private const string Config = """
        format: zooforge-search/1
        problem: nahas
        name: small_nahas
        hardware_space: edge-tpu-nahas
        constraints: {latency_ms_max: 0.06}
        evaluation: {fine_tune_batches: 2, validation_images: 50}
        budget: 2
        """;

    private const string Space = """
        name: mine
        pes_x: [2, 4]
        pes_y: [4]
        simd_units: [4]
        compute_lanes: [32]
        local_memory_kb: [256]
        register_file_kb: [32]
        io_bandwidth_gbps: [32]
        clock_mhz: 800

        """;

    [Test, Category("Data")]
    public void Search_runs_the_co_search_and_the_fixed_hardware_baseline_writes_the_outputs_and_resumes()
    {
        string config = Dir.Write("c.yaml", Config);
        string run = PathIn("run");
        var first = CliRunner.Run("search", "--config", config, "--out", run, "--strategy", "random");
        Assert.That(first.Code, Is.Zero, first.Stderr);
        Assert.That(first.Stdout, Does.Contain("co-search: 2 trials, feasible 2").And.Contain("fixed-hw: 2 trials, feasible 2").And.Contain("co-search vs fixed-hw at latency <= 0.06 ms"));
        Assert.That(first.ErrorLines.Count(l => l.StartsWith("search: co-search trial ")), Is.EqualTo(2));
        foreach (string file in new[] { "trials.db", "baseline-trials.db", "report.md", "pareto.csv", "hardware.yaml" })
            Assert.That(File.Exists(Path.Combine(run, file)), Is.True, file);
        var best = Asic.Description.AcceleratorCatalogue.Resolve(Path.Combine(run, "hardware.yaml"));
        Assert.That(best.AreaMm2, Is.LessThanOrEqualTo(53.25), "the co-search's point meets the area target (the default point's)");
        Assert.That(File.ReadAllText(Path.Combine(run, "report.md")), Does.Contain("| fixed-hw | ").And.Contain("4x4 PEs, 4 SIMD x 32 lanes"));

        var resumed = CliRunner.RunJson("search", "--resume", run, "--budget", "3", "--json");
        Assert.That(resumed.GetProperty("co_search").GetProperty("trials").GetInt32(), Is.EqualTo(3));
        Assert.That(resumed.GetProperty("co_search").GetProperty("new_trials").GetInt32(), Is.EqualTo(1), "the two stored trials were replayed");
        Assert.That(resumed.GetProperty("fixed_hardware").GetProperty("new_trials").GetInt32(), Is.EqualTo(1));
        Assert.That(resumed.GetProperty("strategy").GetString(), Is.EqualTo("random"));
    }

    [TestCase("constraints: {latency_ms_max: 0.0001}", "", "latency_ms_max 0.0001 cannot be met: the smallest architecture", TestName = "A latency target nothing meets")]
    [TestCase("constraints: {latency_ms_max: 0.06, area_mm2_max: 1}", "", "area_mm2_max 1 cannot be met", TestName = "An area target nothing meets")]
    [TestCase("hardware_space: space.yaml", "pe_rows: [4]\n", "space.yaml:10:1: unknown field 'pe_rows'", TestName = "An unknown knob in the space file")]
    [TestCase("hardware_space: space.yaml", "", "field 'pes_x.min': the range is empty: min 8 is above max 2", TestName = "An inverted range in the space file")]
    [TestCase("architecture: {kernel: [3, 6]}", "", "field 'architecture.kernel[1]': kernels must be odd", TestName = "An even kernel")]
    public void Bad_configurations_are_one_line_errors_and_leave_no_run_folder(string field, string spaceExtra, string message)
    {
        string text = string.Join("\n", Config.Split('\n').Where(l => !l.StartsWith(field.Split(':')[0] + ":"))) + "\n" + field + "\n";
        string config = Dir.Write("c.yaml", text);
        Dir.Write("space.yaml", spaceExtra.Length > 0 ? Space + spaceExtra : Space.Replace("pes_x: [2, 4]", "pes_x: {min: 8, max: 2, factor: 2}"));
        CliRunner.AssertBadInput(CliRunner.Run("search", "--config", config, "--out", PathIn("run")), message);
        Assert.That(Directory.Exists(PathIn("run")), Is.False);
    }

    [TestCase("--strategy", "annealing", "unknown strategy 'annealing' for problem nahas (known: bo, random, evolution, rl)")]
    [TestCase("--storage", "postgresql://u@localhost/db", "a nahas search keeps its trials in SQLite")]
    public void Bad_options_are_one_line_errors(string option, string value, string message)
    {
        string config = Dir.Write("c.yaml", Config);
        CliRunner.AssertBadInput(CliRunner.Run("search", "--config", config, "--out", PathIn("run"), option, value), message);
        Assert.That(Directory.Exists(PathIn("run")), Is.False);
    }

    [Test, Category("Data")]
    public void Bench_search_compares_the_co_search_with_the_fixed_hardware_baseline_per_seed()
    {
        var result = CliRunner.Run("bench-search", "--problems", "nahas", "--strategies", "random", "--seeds", "1", "--budget", "1", "--out", ScratchFolder);
        Assert.That(result.Code, Is.Zero, result.Stderr);
        var rows = CliRunner.TableRows(result.Stdout);
        Assert.That(rows[0], Is.EqualTo(new[] { "strategy", "seed", "co-search best", "fixed-hw best", "accuracy gain (points)", "latency at ≥ baseline accuracy", "energy at ≥ baseline accuracy" }));
        Assert.That(rows[1][0..2], Is.EqualTo(new[] { "random", "1" }));
        Assert.That(result.Stdout, Does.Contain("nahas random: median accuracy gain"));
        Assert.That(File.ReadAllText(Path.Combine(ScratchFolder, "bench.json")), Does.Contain("\"fixed_hardware\""));
    }

    [Test]
    public void Init_writes_the_built_in_nahas_configuration_and_refuses_an_unknown_problem()
    {
        string path = PathIn("n.yaml");
        var result = CliRunner.Run("init", "--out", path, "--problem", "nahas");
        Assert.That(result.Code, Is.Zero, result.Stderr);
        var config = ZooForge.Search.Nahas.NahasConfigFile.Parse(File.ReadAllText(path), path);
        Assert.That(config.Name, Is.EqualTo("nahas_mnist"));
        CliRunner.AssertBadInput(CliRunner.Run("init", "--out", PathIn("x.yaml"), "--problem", "nahass"), "--problem: unknown problem 'nahass' (known: cosearch, hwsw-edp, nahas, nasaic)");
        Assert.That(File.Exists(PathIn("x.yaml")), Is.False);
    }
}
