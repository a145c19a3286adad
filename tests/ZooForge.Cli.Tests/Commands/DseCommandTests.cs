using ZooForge.TestSupport;
using System.Text.Json;

namespace ZooForge.Cli.Tests.Commands;

[TestFixture]
public class DseCommandTests
{
    private TempFolder _dir = null!;

    [SetUp]
    public void CreateDirectory() => _dir = new TempFolder();

    [TearDown]
    public void DeleteDirectory() => _dir.Dispose();

    private static string BestDesign(JsonElement dse) => dse.GetProperty("best").GetProperty("design").GetProperty("design").GetString()!;

    [Test]
    public void DefaultRunSucceedsAndReportsABestDesign()
    {
        var result = CliRunner.Run("dse");
        Assert.That(result.Code, Is.Zero, result.Stderr);
        Assert.That(result.Stdout, Does.Contain("resnet18 on ZCU102, space zooforge, model zooforge"));
        // The refined model's space finds the dense 3x3 engine (the 7x7 stem as 3x3 passes).
        Assert.That(result.Stdout, Does.Match(@"best: \d+,\d+,\d+,\d+,3,\d+,\d+,\d+ dense "));
        Assert.That(result.Stdout, Does.Contain("per-layer view: zooforge estimate --model resnet18 --device zcu102 --design "));
        Assert.That(result.Stdout, Does.Contain(" --dense --perf-model zooforge"));
        Assert.That(result.Stderr, Is.Empty);
    }

    [Test]
    public void HotNasModelFindsHotNasDesign()
    {
        var result = CliRunner.Run("dse", "--perf-model", "hotnas");
        Assert.That(result.Code, Is.Zero, result.Stderr);
        Assert.That(result.Stdout, Does.Contain($"best: {CliRunner.HotNasDesign} "));
        Assert.That(result.Stdout, Does.Contain($"--design {CliRunner.HotNasDesign} --perf-model hotnas"));
    }

    [Test]
    public void JsonReportsTheBestDesignAndAParetoFrontSortedByCycles()
    {
        var json = CliRunner.RunJson("dse", "--perf-model", "hotnas", "--json");
        Assert.That(BestDesign(json), Is.EqualTo(CliRunner.HotNasDesign));
        var pareto = json.GetProperty("pareto").EnumerateArray().ToList();
        Assert.That(pareto, Is.Not.Empty);
        var cycles = pareto.Select(p => p.GetProperty("cycles").GetDouble()).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(cycles, Is.Ordered);
            Assert.That(cycles[0], Is.EqualTo(json.GetProperty("best").GetProperty("cycles").GetDouble()));
            Assert.That(pareto[0].GetProperty("design").GetProperty("design").GetString(), Is.EqualTo(CliRunner.HotNasDesign));
            Assert.That(json.GetProperty("model").GetString(), Is.EqualTo("resnet18"));
            Assert.That(json.GetProperty("device").GetString(), Is.EqualTo("zcu102"));
            Assert.That(json.GetProperty("perf_model").GetString(), Is.EqualTo("hotnas"));
            Assert.That(json.GetProperty("space").GetString(), Is.EqualTo("hotnas"));
            Assert.That(json.GetProperty("infeasible_reason").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(json.GetProperty("space_size").GetInt64(), Is.EqualTo(8L * 3 * 3 * 5 * 5 * 5));
            Assert.That(json.GetProperty("evaluated").GetInt64(), Is.Positive);
        }
        foreach (var point in pareto)
        {
            var r = point.GetProperty("resources");
            Assert.That(r.GetProperty("dsp").GetInt32(), Is.LessThanOrEqualTo(r.GetProperty("device_dsp").GetInt32()));
            Assert.That(r.GetProperty("bram18").GetInt32(), Is.LessThanOrEqualTo(r.GetProperty("device_bram18").GetInt32()));
            Assert.That(r.GetProperty("port_bits").GetInt32(), Is.LessThanOrEqualTo(r.GetProperty("device_port_bits").GetInt32()));
        }
    }

    [TestCase("hotnas")]
    [TestCase("zooforge")]
    public void ExhaustiveSearchFindsTheSameBest(string perfModel)
    {
        var pruned = CliRunner.RunJson("dse", "--perf-model", perfModel, "--json");
        var exhaustive = CliRunner.RunJson("dse", "--perf-model", perfModel, "--exhaustive", "--json");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(BestDesign(exhaustive), Is.EqualTo(BestDesign(pruned)));
            Assert.That(exhaustive.GetProperty("best").GetProperty("cycles").GetDouble(),
                Is.EqualTo(pruned.GetProperty("best").GetProperty("cycles").GetDouble()));
            Assert.That(exhaustive.GetProperty("evaluated").GetInt64(), Is.GreaterThanOrEqualTo(pruned.GetProperty("evaluated").GetInt64()));
            Assert.That(exhaustive.GetProperty("pruned_by_bound").GetInt64(), Is.Zero);
        }
        if (perfModel == "hotnas") Assert.That(BestDesign(exhaustive), Is.EqualTo(CliRunner.HotNasDesign));
    }

    [Test]
    public void MobileNetGetsADepthwiseEngineSharingThePorts()
    {
        var json = CliRunner.RunJson("dse", "--model", "mobilenet_v2", "--json");
        var design = json.GetProperty("best").GetProperty("design");
        string conv = design.GetProperty("design").GetString()!;
        string? dconv = design.GetProperty("dconv").GetString();
        Assert.That(dconv, Is.Not.Null.And.Not.Empty);
        var convFields = conv.Split(',');
        var dconvFields = dconv!.Split(',');
        using (Assert.EnterMultipleScope())
        {
            Assert.That(dconvFields, Has.Length.EqualTo(8));
            Assert.That(dconvFields[1], Is.EqualTo("1"), "depthwise Tn");
            Assert.That(dconvFields[5..], Is.EqualTo(convFields[5..]), "shared ports");
            Assert.That(design.GetProperty("dconv_tm").GetInt32(), Is.EqualTo(int.Parse(dconvFields[0])));
        }
    }

    [Test]
    public void ResNetHasNoDepthwiseEngine()
    {
        var json = CliRunner.RunJson("dse", "--json");
        Assert.That(json.GetProperty("best").GetProperty("design").GetProperty("dconv").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public void BestDesignEstimatesToTheSameCycles()
    {
        var dse = CliRunner.RunJson("dse", "--model", "mobilenet_v2", "--json");
        var design = dse.GetProperty("best").GetProperty("design");
        string[] dense = design.GetProperty("dense").GetBoolean() ? ["--dense"] : [];
        var estimate = CliRunner.RunJson(["estimate", "--model", "mobilenet_v2", "--design", design.GetProperty("design").GetString()!,
            "--dconv", design.GetProperty("dconv").GetString()!, .. dense, "--json"]);
        Assert.That(estimate.GetProperty("total_cycles").GetDouble(), Is.EqualTo(dse.GetProperty("best").GetProperty("cycles").GetDouble()));
    }

    [Test]
    public void SpaceFileIsExplored()
    {
        string file = _dir.Write("small.yaml", Yaml.SmallSpace);
        var json = CliRunner.RunJson("dse", "--space", file, "--perf-model", "hotnas", "--json");
        var design = json.GetProperty("best").GetProperty("design");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(json.GetProperty("space").GetString(), Is.EqualTo("small"));
            Assert.That(json.GetProperty("space_size").GetInt64(), Is.EqualTo(3L * 2 * 2 * 2 * 2 * 1));
            Assert.That(design.GetProperty("tm").GetInt32(), Is.AnyOf(40, 70, 100));
            Assert.That(design.GetProperty("tr").GetInt32(), Is.AnyOf(32, 64));
            Assert.That(design.GetProperty("tc").GetInt32(), Is.AnyOf(32, 64));
            Assert.That(design.GetProperty("wp").GetInt32(), Is.AnyOf(6, 18));
            Assert.That(design.GetProperty("ip").GetInt32(), Is.AnyOf(6, 10));
            Assert.That(design.GetProperty("op").GetInt32(), Is.EqualTo(6));
        }
        // The hotnas optimum lies in this space too.
        Assert.That(BestDesign(json), Is.EqualTo(CliRunner.HotNasDesign));
    }

    [Test]
    public void SpaceFileTableNamesTheSpace()
    {
        string file = _dir.Write("small.yaml", Yaml.SmallSpace);
        var result = CliRunner.Run("dse", "--space", file);
        Assert.That(result.Code, Is.Zero, result.Stderr);
        Assert.That(result.Stdout, Does.Contain("space small"));
    }

    [Test]
    public void MalformedSpaceFileIsNamed()
    {
        string file = _dir.Write("broken-space.yaml", Yaml.SpaceSyntaxError);
        CliRunner.AssertBadInput(CliRunner.Run("dse", "--space", file), file);
    }

    [Test]
    public void SpaceFileMissingAFieldIsNamed()
    {
        string file = _dir.Write("no-tc.yaml", Yaml.SmallSpace.Replace("tc: [32, 64]\n", ""));
        CliRunner.AssertBadInput(CliRunner.Run("dse", "--space", file), file, "tc");
    }

    [Test]
    public void SpaceWithNothingThatFitsIsAnErrorWithTheStatisticsOnStandardOutput()
    {
        string file = _dir.Write("huge.yaml", """
            name: huge
            tm: [400]
            tr: [32]
            tc: [32]
            weight_lanes: [2]
            input_lanes: [2]
            output_lanes: [2]
            """);
        var result = CliRunner.Run("dse", "--device", "pynq-z2", "--space", file);
        Assert.That(result.Code, Is.EqualTo(1));
        Assert.That(result.ErrorLines, Has.Count.EqualTo(1));
        Assert.That(result.Stderr, Does.StartWith(CliRunner.ErrorPrefix).And.Contain("huge").And.Contain("PYNQ-Z2"));
        Assert.That(result.Stdout, Does.Contain("over the device's resources").And.Not.Contain("best:"));

        var json = CliRunner.Run("dse", "--device", "pynq-z2", "--space", file, "--json");
        Assert.That(json.Code, Is.EqualTo(1));
        Assert.That(json.Stderr, Is.EqualTo(result.Stderr), "the same one-line error as the table form");
        using var document = JsonDocument.Parse(json.Stdout);
        Assert.That(document.RootElement.GetProperty("best").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(document.RootElement.GetProperty("infeasible_reason").GetString(), Does.Contain("huge"));
    }

    [Test]
    public void TopLimitsTheParetoRows()
    {
        var result = CliRunner.Run("dse", "--perf-model", "hotnas", "--top", "2");
        Assert.That(result.Code, Is.Zero, result.Stderr);
        Assert.That(result.Stdout, Does.Contain("fastest 2 shown"));
    }
}
