using ZooForge.TestSupport;
using System.Runtime.CompilerServices;
using System.Xml.Linq;

namespace ZooForge.Cli.Tests.Commands;

public class CheckCommandTests
{
    /// <summary>The Rtl tests' design folder (a compressed int8 resnet and its design file).</summary>
    private static string Designs([CallerFilePath] string source = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", "ZooForge.TestSupport", "Designs"));

    /// <summary>A shipped default design (src/ZooForge.Emit/Designs/NAME/design.yaml, its synthesis baseline beside it).</summary>
    private static string ShippedDesign(string name, [CallerFilePath] string source = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", "..", "..", "src", "ZooForge.Emit", "Designs", name, "design.yaml"));

    private static string Design(TempFolder dir, string extra = "", int bits = 8) => dir.Write("d.yaml", $"""
        format: zooforge-design/1
        name: cli_check
        network: {Path.Combine(Designs(), "resnet_p4_int8.zfq.safetensors")}
        device: zcu102
        clock_mhz: 200
        data_bits: {bits}
        conv: {"{"}tm: 8, tn: 4, tr: 10, tc: 10, tk: 3{"}"}
        ports: {"{"}weight: 4, input: 4, output: 4{"}"}
        {extra}
        """);

    [Test]
    public void A_missing_design_file_is_one_line_naming_it()
    {
        CliRunner.AssertBadInput(CliRunner.Run("check", "--design", "/nonexistent/d.yaml"), "/nonexistent/d.yaml");
    }

    [Test]
    public void A_design_whose_bits_differ_from_the_network_is_refused_naming_the_field()
    {
        using var dir = new TempFolder();
        CliRunner.AssertBadInput(CliRunner.Run("check", "--design", Design(dir, bits: 12), "--out", dir.Path), "data_bits", "8-bit");
    }

    [Test]
    public void An_unknown_layer_is_refused_before_anything_runs()
    {
        using var dir = new TempFolder();
        var result = CliRunner.Run("check", "--design", Design(dir), "--layer", "no.such.conv", "--out", Path.Combine(dir.Path, "out"));
        CliRunner.AssertBadInput(result, "no.such.conv");
        Assert.That(Directory.Exists(Path.Combine(dir.Path, "out")), Is.False);
    }

    [TestCase("0")]
    [TestCase("9")]
    public void A_lane_slice_outside_the_array_is_refused_before_anything_runs(string lanes)
    {
        using var dir = new TempFolder();
        var result = CliRunner.Run("check", "--design", Design(dir), "--lanes", lanes, "--out", Path.Combine(dir.Path, "out"));
        CliRunner.AssertBadInput(result, "--lanes", "1..8");
        Assert.That(Directory.Exists(Path.Combine(dir.Path, "out")), Is.False);
    }

    [Test]
    [Category("Data")]
    [Category("Rtl")]
    public void A_design_checks_green_with_a_table_and_junit()
    {
        using var dir = new TempFolder();
        string junit = Path.Combine(dir.Path, "check.xml");
        var result = CliRunner.Run("check", "--design", Design(dir), "--out", Path.Combine(dir.Path, "out"), "--no-synth", "--images", "3", "--junit", junit);

        Assert.That(result.Code, Is.Zero, result.Stdout + result.Stderr);
        var rows = CliRunner.TableRows(result.Stdout);
        Assert.That(rows.Skip(1).Select(r => (r[0], r[1])),
            Is.EqualTo(new[] { ("hls.emit", "passed"), ("hls.csim", "passed"), ("hls.count", "passed"), ("rtl.render", "passed"), ("rtl.lint", "passed"), ("rtl.sim.tile", "passed"), ("rtl.cycles.tile", "passed") }));
        var suite = XDocument.Load(junit).Root!.Element("testsuite")!;
        Assert.That(suite.Attribute("tests")!.Value, Is.EqualTo("7"));
        Assert.That(suite.Attribute("failures")!.Value, Is.EqualTo("0"));
        Assert.That(File.Exists(Path.Combine(dir.Path, "out", "rtl", "zf_pe_array.sv")), Is.True);
        Assert.That(Directory.GetFiles(Path.Combine(dir.Path, "out", "hls", "tb_data"), "input.txt", SearchOption.AllDirectories), Has.Length.EqualTo(3));

        var json = CliRunner.RunJson("check", "--design", Design(dir), "--out", Path.Combine(dir.Path, "out"), "--no-synth", "--images", "1", "--json");
        Assert.That(json.GetProperty("passed").GetBoolean(), Is.True);
        var cycles = json.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "rtl.cycles.tile");
        Assert.That(cycles.GetProperty("status").GetString(), Is.EqualTo("passed"));
        Assert.That(cycles.GetProperty("metrics").GetProperty("measured_cycles").GetDouble(), Is.EqualTo(1048));
        var count = json.GetProperty("steps").EnumerateArray().Single(s => s.GetProperty("name").GetString() == "hls.count").GetProperty("metrics");
        Assert.That(count.GetProperty("disagreeing_entries").GetDouble(), Is.Zero, "weight, input and output beats and compute trips equal the model");
        Assert.That(count.GetProperty("model_over_counted_cycles").GetDouble(), Is.InRange(0.95, 1.05));
        Assert.That(count.GetProperty("entries").GetDouble(), Is.GreaterThan(0));
    }

    [Test]
    [Category("Data")]
    [Category("Rtl")]
    [Category("Slow")]
    public void The_shipped_resnet_design_passes_the_full_check()
    {
        using var dir = new TempFolder();
        var json = CliRunner.RunJson("check", "--design", ShippedDesign("mnist_resnet_p4_int8"), "--out", Path.Combine(dir.Path, "out"), "--images", "5", "--json");

        var steps = json.GetProperty("steps").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!);
        foreach (var (name, step) in steps) TestContext.Out.WriteLine($"{name}: {step.GetProperty("status").GetString()} {step.GetProperty("seconds").GetDouble()} s {step.GetProperty("message").GetString()}");
        Assert.That(steps.Keys, Is.EqualTo(new[] { "hls.emit", "hls.csim", "hls.count", "rtl.render", "rtl.lint", "rtl.sim.tile", "rtl.cycles.tile",
            "synth.zf_pattern_decoder", "synth.zf_channel_mask", "synth.zf_requantizer", "synth.zf_pe_array", "synth.zf_tile_engine" }));
        Assert.That(steps.Where(s => s.Value.GetProperty("status").GetString() != "passed").Select(s => $"{s.Key}: {s.Value.GetProperty("message").GetString()}"), Is.Empty);
        Assert.That(json.GetProperty("passed").GetBoolean(), Is.True);
        var pe = steps["synth.zf_pe_array"].GetProperty("metrics");
        Assert.That(pe.GetProperty("dsp").GetDouble(), Is.EqualTo(pe.GetProperty("model_dsp").GetDouble()), "Tm 32 x Tn 16 int8: 256 DSPs, counted by Yosys over the 32 lane instances");
        Assert.That(pe.GetProperty("dsp").GetDouble(), Is.EqualTo(32 * pe.GetProperty("lane_dsp").GetDouble()));
        Assert.That(steps["synth.zf_pe_array"].GetProperty("message").GetString(), Does.Contain("within baseline"));
    }
}
