using ZooForge.TestSupport;
using System.Text.Json;

namespace ZooForge.Cli.Tests.Commands;

[TestFixture]
public class AsicCommandTests
{
    private static readonly string[] LayerKeys =
        ["name", "kind", "macs", "cycles", "energy_pj", "edp", "area_mm2", "utilisation", "bottleneck", "l1_bytes_needed", "l2_bytes_needed", "mapping"];

    private static List<JsonElement> Layers(JsonElement e) => e.GetProperty("layers").EnumerateArray().ToList();

    [TestCase("resnet18", "eyeriss-like", "rs", 21)]
    [TestCase("resnet18", "nvdla-like", "ws", 21)]
    [TestCase("mobilenet_v2", "shidiannao-like", "os", 53)]
    [TestCase("mobilenet_v2", "edge-tpu-like", "tpu", 53)]
    public void Estimate_costs_every_layer(string model, string hw, string dataflow, int layers)
    {
        var e = CliRunner.RunJson("asic", "estimate", "--model", model, "--hw", hw, "--dataflow", dataflow, "--json");
        var rows = Layers(e);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(rows, Has.Count.EqualTo(layers));
            foreach (var key in LayerKeys)
                Assert.That(rows[0].TryGetProperty(key, out _), Is.True, key);
            Assert.That(e.GetProperty("total_cycles").GetInt64(), Is.EqualTo(rows.Sum(r => r.GetProperty("cycles").GetInt64())));
            Assert.That(e.GetProperty("dataflow").GetString(), Is.EqualTo(dataflow));
            Assert.That(e.GetProperty("utilisation").GetDouble(), Is.GreaterThan(0).And.LessThanOrEqualTo(1));
        }
    }

    [Test]
    public void Estimate_runs_on_the_zoo_models()
    {
        var e = CliRunner.RunJson("asic", "estimate", "--model", "mnist_lenet5", "--hw", "eyeriss-like", "--dataflow", "ws", "--json");
        Assert.That(Layers(e).Select(l => l.GetProperty("name").GetString()), Does.Contain("fc3"));
    }

    [Test]
    public void Template_defaults_on_the_maestro_configuration_give_maestros_conv1_figure()
    {
        var e = CliRunner.RunJson("asic", "estimate", "--model", "resnet18", "--hw", "maestro-256", "--dataflow", "ws", "--no-search", "--json");
        var conv1 = Layers(e).Single(l => l.GetProperty("name").GetString() == "conv1");
        // MAESTRO's kcp_ws.m, 256 PEs, NoC 64, off-chip 32: 10,838,028 cycles (MaestroGoldenTests).
        Assert.That(conv1.GetProperty("cycles").GetInt64(), Is.EqualTo(10_838_028).Within(15).Percent);
        Assert.That(e.GetProperty("objective").GetString(), Is.EqualTo("template-defaults"));
    }

    [Test]
    public void Estimate_prints_a_table_and_totals()
    {
        var result = CliRunner.Run("asic", "estimate", "--model", "resnet18");
        Assert.That(result.Code, Is.Zero, result.Stderr);
        Assert.That(result.Stdout, Does.Contain("layer1.0.conv1").And.Contain("total").And.Contain("mm²"));
    }

    [Test]
    public void Map_gives_the_loops_of_each_level()
    {
        var e = CliRunner.RunJson("asic", "map", "--model", "resnet18", "--layer", "layer2.0.conv1", "--hw", "eyeriss-like", "--dataflow", "rs", "--objective", "cycles", "--json");
        var levels = e.GetProperty("levels").EnumerateArray().ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(levels, Has.Count.EqualTo(2));
            Assert.That(levels[1].GetProperty("loops")[0].GetProperty("dim").GetString(), Is.EqualTo("R"));
            Assert.That(e.GetProperty("layer").GetProperty("l1_bytes_needed").GetInt64(), Is.LessThanOrEqualTo(520));
            Assert.That(e.GetProperty("objective").GetString(), Is.EqualTo("cycles"));
            Assert.That(e.GetProperty("evaluated").GetInt32(), Is.GreaterThan(1));
        }
    }

    [Test]
    public void Map_is_deterministic_for_a_seed()
    {
        string[] args = ["asic", "map", "--model", "mobilenet_v2", "--layer", "features.2.conv.0.0", "--hw", "nvdla-like", "--dataflow", "ws", "--seed", "5", "--budget", "50", "--json"];
        var a = CliRunner.Run(args);
        var b = CliRunner.Run(args);
        Assert.That(a.Code, Is.Zero, a.Stderr);
        Assert.That(b.Stdout, Is.EqualTo(a.Stdout));
    }

    [Test]
    public void Map_prints_a_table()
    {
        var result = CliRunner.Run("asic", "map", "--model", "resnet18", "--layer", "conv1", "--dataflow", "os");
        Assert.That(result.Code, Is.Zero, result.Stderr);
        Assert.That(result.Stdout, Does.Contain("spatial P:1×").And.Contain("cycles"));
    }

    [Test]
    public void Malformed_yaml_names_file_line_and_field()
    {
        using var dir = new TempFolder();
        string file = dir.Write("bad.yaml", "name: bad\npes: 16\nl1_bytes: 512\nl2_kb: 64\nnoc: { bandwidth: 0 }\noff_chip_bandwidth: 8\nclock_mhz: 200\n");
        string line = CliRunner.AssertBadInput(CliRunner.Run("asic", "estimate", "--hw", file), "bad.yaml:5:", "field 'noc.bandwidth'");
        Assert.That(line, Does.Contain("must be between 1 and"));
    }

    [Test]
    public void An_unknown_field_is_refused()
    {
        using var dir = new TempFolder();
        string file = dir.Write("extra.yaml", "name: x\npes: 16\nl1_bytes: 512\nl2_kb: 64\nnoc: { bandwidth: 8 }\noff_chip_bandwidth: 8\nclock_mhz: 200\nvoltage: 0.9\n");
        CliRunner.AssertBadInput(CliRunner.Run("asic", "map", "--layer", "conv1", "--hw", file), "extra.yaml:8:1", "unknown field 'voltage'");
    }

    [Test]
    public void A_missing_option_points_at_the_subcommands_help() =>
        CliRunner.AssertBadInput(CliRunner.Run("asic", "map"), "'--layer' is required", "zooforge asic map --help");

    [Test]
    public void An_unknown_dataflow_is_refused() =>
        CliRunner.AssertBadInput(CliRunner.Run("asic", "estimate", "--dataflow", "xy"), "--dataflow", "unknown dataflow 'xy'", "ws", "os", "rs");

    [Test]
    public void An_unknown_hardware_name_is_refused() =>
        CliRunner.AssertBadInput(CliRunner.Run("asic", "estimate", "--hw", "tpu-v9"), "'tpu-v9'", "eyeriss-like");

    [Test]
    public void An_unknown_model_is_refused() =>
        CliRunner.AssertBadInput(CliRunner.Run("asic", "estimate", "--model", "resnet7"), "unknown model 'resnet7'", "mnist_lenet5");

    [Test]
    public void An_unknown_layer_is_refused() =>
        CliRunner.AssertBadInput(CliRunner.Run("asic", "map", "--layer", "layer9.conv"), "no convolution or fully connected layer 'layer9.conv'", "layer1.0.conv1");

    [Test]
    public void A_mapping_that_cannot_fit_the_scratchpads_is_refused()
    {
        using var dir = new TempFolder();
        string file = dir.Write("tiny.yaml", "name: tiny\npes: 168\nl1_bytes: 8\nl2_kb: 64\nnoc: { bandwidth: 8 }\noff_chip_bandwidth: 8\nclock_mhz: 200\n");
        CliRunner.AssertBadInput(CliRunner.Run("asic", "estimate", "--hw", file, "--dataflow", "rs"), "no rs mapping of layer 'conv1' fits 'tiny'", "L1");
    }

    [Test]
    public void Default_mappings_that_do_not_fit_name_the_buffer()
    {
        using var dir = new TempFolder();
        string file = dir.Write("small-l2.yaml", "name: small-l2\npes: 256\nl1_bytes: 4096\nl2_kb: 1\nnoc: { bandwidth: 8 }\noff_chip_bandwidth: 8\nclock_mhz: 200\n");
        CliRunner.AssertBadInput(CliRunner.Run("asic", "estimate", "--hw", file, "--dataflow", "ws", "--no-search"), "layer 'conv1'", "of L2");
    }

    [Test]
    public void The_asic_bench_suite_reports_its_figures()
    {
        var e = CliRunner.RunJson("bench", "--suite", "asic", "--seconds", "0.05", "--json");
        var names = e.EnumerateArray().Select(f => f.GetProperty("name").GetString()).ToList();
        Assert.That(names, Is.EquivalentTo(new[] { "asic layer-mapping evaluations", "asic mapper search" }));
    }
}
