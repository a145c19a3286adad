using ZooForge.Search.Nasaic;

namespace ZooForge.Cli.Tests.Commands;

/// <summary><c>zooforge init --problem nasaic</c>, <c>search</c> and <c>run</c> on <c>problem: nasaic</c> configurations.</summary>
public class NasaicSearchCommandTests : ScratchFolderFixture
{
    // MNIST alone, LeNet-5 at two widths, one slot: small enough to train in seconds; the specs let LeNet-5 through on os.
    private const string Config = """
        format: zooforge-search/1
        problem: nasaic
        name: small_nasaic
        tasks:
          - {name: mnist, candidates: [mnist_lenet5]}
        widths: [0, 0.5]
        hardware:
          pes: 512
          noc_bandwidth: 64
          off_chip_bandwidth: 16
          shares: [0.5, 1]
          sub_accelerators:
            - {dataflow: [os, rs]}
        specs: {latency_ms: 0.2, energy_uj: 40, area_mm2: 6}
        finetune: {batches: 5, batch_size: 16, validation_images: 200}
        budget: 3
        """;

    [Test]
    public void Init_writes_the_commented_nasaic_config_which_parses()
    {
        string path = PathIn("n.yaml");
        var result = CliRunner.Run("init", "--problem", "nasaic", "--out", path);
        Assert.That(result.Code, Is.Zero, result.Stderr);
        string text = File.ReadAllText(path);
        Assert.That(text, Is.EqualTo(NasaicConfigFile.DefaultText));
        Assert.That(NasaicConfigFile.Parse(text, path).Tasks.Select(t => t.Name), Is.EqualTo(new[] { "mnist", "fashion" }));
        CliRunner.AssertBadInput(CliRunner.Run("init", "--problem", "nasaik", "--out", PathIn("x.yaml")), "--problem: unknown problem 'nasaik'");
    }

    [Test]
    public void Run_searches_reports_the_baseline_and_the_accelerator_and_resumes()
    {
        string config = Dir.Write("c.yaml", Config);
        var first = CliRunner.Run("run", "--config", config, "--out", PathIn("r"), "--strategy", "random", "--seed", "2");
        Assert.That(first.Code, Is.Zero, first.Stderr);
        Assert.That(first.Stdout, Does.Contain("trials: 3,").And.Contain("NAS → ASIC (sequential)").And.Contain("check: not applicable to nasaic"));
        string report = File.ReadAllText(PathIn("r", "search", "report.md"));
        Assert.That(report, Does.Contain("## Comparison (the paper's table)").And.Contain("| method | accuracy mnist | latency (ms) | energy (µJ) | area (mm²) | specs met |"));
        Assert.That(File.Exists(PathIn("r", "search", "trials.csv")), Is.True);
        if (first.Stdout.Contains("NASAIC co-search |"))
        {
            Assert.That(report, Does.Contain("## Chosen heterogeneous accelerator").And.Contain("ShiDianNao-like").Or.Contain("Eyeriss-like"));
            Assert.That(File.Exists(PathIn("r", "search", "design.json")), Is.True);
        }
        var resumed = CliRunner.RunJson("search", "--resume", PathIn("r", "search"), "--budget", "4", "--json");
        Assert.That(resumed.GetProperty("trials").GetInt32(), Is.EqualTo(4));
        Assert.That(resumed.GetProperty("new_trials").GetInt32(), Is.EqualTo(1));
    }

    [TestCase("tasks:\n  - {name: cifar100}\n", "field 'tasks[0].name': unknown task 'cifar100'; tasks: mnist, fashion", TestName = "An unknown task")]
    [TestCase("hardware:\n  pes: 512\n  noc_bandwidth: 64\n  off_chip_bandwidth: 16\n  sub_accelerators:\n    - {pe_share: 0.75}\n    - {pe_share: 0.5}\n",
        "the PE shares total 125% of 512 PEs (75% + 50%, the smallest each slot allows), above 100%", TestName = "A share total above 100%")]
    [TestCase("specs: {latency_ms: 0.0001, energy_uj: 40, area_mm2: 6}\n", "specs.latency_ms 0.0001 cannot be met: mnist's smallest network", TestName = "A latency spec nothing can meet")]
    [TestCase("specs: {latency_ms: 0.2, energy_uj: 40, area_mm2: 1}\n", "specs.area_mm2 1 cannot be met: the smallest sub-accelerator", TestName = "An area spec nothing can meet")]
    public void Bad_configurations_are_one_line_errors_and_leave_no_run_folder(string replacement, string message)
    {
        string key = replacement.Split(':')[0];
        var lines = Config.Split('\n').ToList();
        int start = lines.FindIndex(l => l.StartsWith(key + ":", StringComparison.Ordinal));
        int end = start + 1;
        while (end < lines.Count && lines[end].StartsWith(' ')) end++;
        lines.RemoveRange(start, end - start);
        string config = Dir.Write("c.yaml", string.Join("\n", lines) + "\n" + replacement);
        CliRunner.AssertBadInput(CliRunner.Run("search", "--config", config, "--out", PathIn("run")), message);
        Assert.That(Directory.Exists(PathIn("run")), Is.False);
    }

    [Test]
    public void Storage_and_unknown_strategies_are_refused()
    {
        string config = Dir.Write("c.yaml", Config);
        CliRunner.AssertBadInput(CliRunner.Run("search", "--config", config, "--out", PathIn("a"), "--storage", "postgresql://u@localhost/db"), "a nasaic search keeps its trials in SQLite");
        CliRunner.AssertBadInput(CliRunner.Run("search", "--config", config, "--out", PathIn("b"), "--strategy", "annealing"), "annealing");
        Assert.That(Directory.Exists(PathIn("b")), Is.False);
    }
}
