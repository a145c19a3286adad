using System.Security.Cryptography;
using ZooForge.Cli.Tests.Search;

namespace ZooForge.Cli.Tests.Commands;

/// <summary>
/// <c>zooforge run</c> end to end on a tiny configuration (lenet5, 8-bit patterns, a PYNQ-Z2 so the
/// PE array stays small): search, check, report in one folder; a rerun resumes; bad input leaves nothing.
/// </summary>
[Category("Data")]
[Category("Rtl")]
public class RunCommandTests : ScratchFolderFixture
{
    /// <summary>One model, one gene value each: the search is a single trained candidate.</summary>
    public static string TinyRunConfig(string constraint = "accuracy >= 0.5") => $$"""
        format: zooforge-search/1
        name: tiny_run
        device: pynq-z2
        clock_mhz: 100
        zoo: [mnist_lenet5]
        genes:
          patterns: [4]
          zeros: [5]
          bits: [8]
        objective: accuracy
        constraints: ["{{constraint}}"]
        reward: {alpha: 0.7, accuracy_low: 0.9, accuracy_high: 0.99, latency_low_ms: 0.1, latency_high_ms: 1}
        evaluation: {fine_tune_batches: 2, validation_images: 50, calibration_images: 32}
        budget: 2
        """;

    [Test]
    public void A_run_writes_search_design_hls_rtl_junit_and_reports_and_a_rerun_resumes()
    {
        string config = SearchConfigs.Write(ScratchFolder, TinyRunConfig());
        string run = Path.Combine(ScratchFolder, "run");
        var first = CliRunner.Run("run", "--config", config, "--out", run, "--images", "2");
        Assert.That(first.Code, Is.Zero, first.Stderr + first.Stdout);
        foreach (var file in new[] { "run.json", "search/trials.db", "search/pareto.csv", "search/design.yaml", "search/tiny_run_t0.zfq.safetensors",
                     "check/hls/run_hls.tcl", "check/junit.xml", "figures/pareto.png", "figures/layers.png", "figures/resources.png", "report.md", "report.html" })
            Assert.That(File.Exists(Path.Combine(run, file)), Is.True, file);
        Assert.That(Directory.GetFiles(Path.Combine(run, "check", "rtl"), "*.sv"), Is.Not.Empty);
        Assert.That(File.ReadAllText(Path.Combine(run, "check", "junit.xml")), Does.Contain("hls.csim").And.Contain("rtl.sim.tile").And.Not.Contain("<failure"));

        string html = File.ReadAllText(Path.Combine(run, "report.html"));
        Assert.That(html, Does.Contain("data:image/png;base64,"), "figures are embedded");
        Assert.That(html, Does.Not.Contain("src=\"figures/"), "the page needs no other file");
        string markdown = File.ReadAllText(Path.Combine(run, "report.md"));
        Assert.That(markdown, Does.Contain("## Verdict").And.Contain("HotNAS's published ZCU102 design").And.Contain("Where the cycles go").And.Contain("Check: passed"));

        string designHash = Hash(Path.Combine(run, "search", "design.yaml"));
        var second = CliRunner.Run("run", "--config", config, "--out", run, "--images", "2");
        Assert.That(second.Code, Is.Zero, second.Stderr);
        Assert.That(second.Stderr, Does.Contain("continuing the run").And.Contain("not redone"));
        Assert.That(second.Stderr, Does.Contain("(from store)"), "the trials are replayed from the store, not retrained");
        Assert.That(Hash(Path.Combine(run, "search", "design.yaml")), Is.EqualTo(designHash));
        Assert.That(File.ReadAllText(Path.Combine(run, "report.md")), Does.Contain("Check: passed").And.Contain("rtl.sim.tile"),
            "the resumed run's report still shows the check it did not redo");
    }

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
}
