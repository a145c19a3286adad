namespace ZooForge.Cli.Tests.Hardening;

/// <summary>Bad command lines: unknown options, values of the wrong type, missing required options and out-of-range numbers.</summary>
[TestFixture]
public sealed class ArgumentInputTests : HardeningFixture
{
    [Test]
    public void Unknown_option_is_named_with_the_help_command() =>
        AssertRefused(["estimate", "--design", CliRunner.HotNasDesign, "--colour", "red"], "'--colour'", "zooforge estimate --help");

    [Test]
    public void Unknown_command_is_named() =>
        AssertRefused(["synthesise"], "'synthesise'", "zooforge --help");

    [Test]
    public void Non_numeric_value_names_the_option() =>
        AssertRefused(["dse", "--top", "ten"], "Cannot parse argument 'ten' for option '--top' as an integer");

    [Test]
    public void Missing_required_option_is_named() =>
        AssertRefused(["emit", "--design", PathIn("design.yaml")], "--out");

    [Test]
    public void Negative_image_count_is_refused() =>
        AssertRefused(["emit", "--design", WriteDesign(), "--out", PathIn("hls"), "--images", "-1"], "--images must not be negative");

    [Test]
    public void Zero_search_budget_is_refused() =>
        AssertRefused(["search", "--budget", "0", "--out", PathIn("run")], "--budget must be at least 1");

    [Test]
    public void Clock_out_of_range_is_refused() =>
        AssertRefused(["estimate", "--design", CliRunner.HotNasDesign, "--clock", "-5"], "clock must be in (0, 1000] MHz", "-5");

    [Test]
    public void Malformed_design_argument_is_refused() =>
        AssertRefused(["estimate", "--design", "70,36,64"], "expected 8 comma-separated integers", "'70,36,64'");

    [Test]
    public void Unknown_latency_model_lists_the_known_ones() =>
        AssertRefused(["estimate", "--design", CliRunner.HotNasDesign, "--perf-model", "magic"], "--perf-model", "'magic'", "hotnas");

    [Test]
    public void Layer_rule_matching_no_layer_is_refused() =>
        AssertRefused(["estimate", "--design", CliRunner.HotNasDesign, "--layer", "nosuch.*:bits=8"], "--layer 'nosuch.*:bits=8'", "matches no layer");

    [Test]
    public void Logic_utilisation_cap_out_of_range_is_refused() =>
        AssertRefused(["dse", "--max-logic-utilisation", "0"], "--max-logic-utilisation must be in (0, 1], got 0");

    [Test]
    public void Out_of_range_quantization_is_refused() =>
        AssertRefused(["compress", "--model", "mnist_lenet5", "--quant", "int99", "--out", PathIn("c.zfq.safetensors")], "--quant");
}
