using ZooForge.Cli.Tests.Search;

namespace ZooForge.Cli.Tests.Commands;

public class SearchCommandTests : ScratchFolderFixture
{
    private string Config(string text) => SearchConfigs.Write(ScratchFolder, text);

    [Test]
    public void Invalid_expression_is_rejected_with_its_position()
    {
        var result = CliRunner.Run("search", "--config", Config(SearchConfigs.Tiny("latency_ms <= System.Environment.Exit(1)")), "--out", Path.Combine(ScratchFolder, "run"));
        CliRunner.AssertBadInput(result, "search.yaml:11:", "constraints[0]", "'System' at column 15");
        Assert.That(Directory.Exists(Path.Combine(ScratchFolder, "run")), Is.False, "nothing is written for bad input");
    }

    [Test]
    public void Unknown_gene_is_a_clear_error() =>
        CliRunner.AssertBadInput(CliRunner.Run("search", "--config", Config(SearchConfigs.Tiny().Replace("  bits:", "  bitz:")), "--out", Path.Combine(ScratchFolder, "run")),
            "search.yaml:9:", "unknown gene 'bitz'");

    [Test]
    public void Unknown_layer_is_a_clear_error() =>
        CliRunner.AssertBadInput(CliRunner.Run("search", "--config",
                Config(SearchConfigs.Tiny().Replace("  bits: [8, 6, 4]\n", "  bits: [8, 6, 4]\n  layers:\n    - {model: mnist_lenet5, layer: conv9, cut: [0, 0.5]}\n")),
                "--out", Path.Combine(ScratchFolder, "run")),
            "genes.layers[0].layer", "mnist_lenet5 has no convolution 'conv9'");

    [Test]
    public void Infeasible_specification_is_reported_before_any_training_with_the_closest_design()
    {
        var result = CliRunner.Run("search", "--config", Config(SearchConfigs.Tiny("latency_ms <= 0.01")), "--out", Path.Combine(ScratchFolder, "run"));
        CliRunner.AssertBadInput(result, "infeasible specification", "latency_ms <= 0.01", "closest design: model=mnist_lenet5;patterns=4;zeros=4;bits=4", "ms");
        Assert.That(Directory.Exists(Path.Combine(ScratchFolder, "run")), Is.False, "nothing was trained or written, not even the trial store");
    }

    [Test]
    public void Resume_of_aScratchFolder_without_a_search_is_an_error() =>
        CliRunner.AssertBadInput(CliRunner.Run("search", "--resume", ScratchFolder), "no search there");

    [Test]
    public void Unknown_strategy_is_an_error() =>
        CliRunner.AssertBadInput(CliRunner.Run("search", "--strategy", "annealing", "--out", Path.Combine(ScratchFolder, "run")), "unknown strategy 'annealing'");
}
