using ZooForge.TestSupport;
using ZooForge.Asic.Dataflows;
using ZooForge.Search.Config;
using ZooForge.Search.HwSw;

namespace ZooForge.Search.Tests.HwSw;

public class HwSwConfigFileTests
{
    private const string Minimal = "format: zooforge-search/1\nproblem: hwsw-edp\nname: t\nworkloads: [resnet18]\n";

    [Test]
    public void The_built_in_configuration_searches_resnet18_and_mobilenet_v2_within_eyeriss_area()
    {
        var config = HwSwConfigFile.Default();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(config.Workloads, Is.EqualTo(new[] { "resnet18", "mobilenet_v2" }));
            Assert.That(config.Dataflows, Is.EqualTo(new[] { Dataflow.RowStationary, Dataflow.WeightStationary, Dataflow.OutputStationary }));
            Assert.That(config.HardwareSpace.Name, Is.EqualTo("eyeriss-shi"));
            Assert.That(config.Constraints.AreaMm2Max, Is.GreaterThanOrEqualTo(Asic.Description.AcceleratorCatalogue.Resolve("eyeriss-like").AreaMm2));
            Assert.That(HwSwConfigFile.Problem(config.Text), Is.EqualTo("hwsw-edp"));
            Assert.That(HwSwConfigFile.Problem(SearchConfigFile.DefaultText), Is.Null);
        }
    }

    [Test]
    public void Omitted_fields_take_the_built_in_space_all_three_dataflows_and_no_constraints()
    {
        var config = HwSwConfigFile.Parse(Minimal, "t.yaml");
        Assert.That((config.HardwareSpace.Name, config.Dataflows.Count, config.Constraints, config.Budget), Is.EqualTo(("eyeriss-shi", 3, new HwSwConstraints(), 40)));
    }

    [TestCase("colour: red\n", "t.yaml:5:1: field 'colour': unknown field")]
    [TestCase("constraints: {area_mm2_max: -1}\n", "field 'constraints.area_mm2_max': must be greater than 0, got -1")]
    [TestCase("constraints: {power_w_max: 1}\n", "field 'constraints.power_w_max': unknown field")]
    [TestCase("constraints: {pes_max: 12.5}\n", "field 'constraints.pes_max': expected an integer, got 12.5")]
    [TestCase("dataflows: [rs, systolic]\n", "field 'dataflows[1]': unknown dataflow 'systolic'")]
    [TestCase("dataflows: [tpu]\n", "needs vector PEs")]
    [TestCase("dataflows: [rs, rs]\n", "dataflow 'rs' is listed twice")]
    [TestCase("hardware_space: no-such-space.yaml\n", "field 'hardware_space': 'no-such-space.yaml' is neither a space file nor the built-in space 'eyeriss-shi'")]
    [TestCase("budget: 0\n", "field 'budget': must be at least 1")]
    public void Bad_fields_are_named_with_the_file_and_position(string extra, string message)
    {
        var e = Assert.Throws<SearchConfigException>(() => HwSwConfigFile.Parse(Minimal + extra, "t.yaml"));
        Assert.That(e!.Message, Does.StartWith("t.yaml:").And.Contain(message));
    }

    [TestCase("workloads: [resnet18, alexnetz]", "field 'workloads[1]': unknown workload 'alexnetz'")]
    [TestCase("workloads: [resnet18, resnet18]", "workload 'resnet18' is listed twice")]
    [TestCase("workloads: []", "field 'workloads': must list at least one workload")]
    [TestCase("problem: nahas", "field 'problem': expected 'hwsw-edp'")]
    public void Bad_workloads_and_problems_are_refused(string replacement, string message)
    {
        string field = replacement.Split(':')[0];
        string text = string.Join("\n", Minimal.Split('\n').Select(l => l.StartsWith(field + ":") ? replacement : l));
        var e = Assert.Throws<SearchConfigException>(() => HwSwConfigFile.Parse(text, "t.yaml"));
        Assert.That(e!.Message, Does.Contain(message));
    }

    [Test]
    public void The_co_search_reader_accepts_problem_cosearch_and_names_the_known_problems_for_others()
    {
        Assert.That(TestSearch.Parse(TestSearch.Yaml(extra: "problem: cosearch\n")).Name, Is.Not.Empty);
        var e = Assert.Throws<SearchConfigException>(() => TestSearch.Parse(TestSearch.Yaml(extra: "problem: nahas\n")));
        Assert.That(e!.Message, Does.Contain("field 'problem': unknown problem 'nahas' (known: cosearch, the default; hwsw-edp"));
    }

    [Test]
    public void A_space_file_next_to_the_configuration_is_found_and_its_errors_name_it()
    {
        using var folder = new TempFolder();
        string config = Path.Combine(folder.Path, "c.yaml");
        File.WriteAllText(config, Minimal + "hardware_space: space.yaml\n");
        File.WriteAllText(Path.Combine(folder.Path, "space.yaml"), "name: mine\nbase: eyeriss-like\npe_x: [14]\npe_y: [12]\nl1_bytes: [520]\nl2_kb: [108]\nnoc_bandwidth: [64]\noff_chip_bandwidth: [16, 32]\n");
        Assert.That(HwSwConfigFile.Parse(File.ReadAllText(config), config).HardwareSpace.Size, Is.EqualTo(2));

        File.WriteAllText(Path.Combine(folder.Path, "space.yaml"), "name: mine\nbase: eyeriss-like\npe_x: [14]\npe_y: [12]\nl1_bytes: [520]\nl2_kb: [108]\nnoc_bandwidth: [64]\noff_chip_bandwidth: [16]\nsimd_units: [4]\n");
        var e = Assert.Throws<SearchConfigException>(() => HwSwConfigFile.Parse(File.ReadAllText(config), config));
        Assert.That(e!.Message, Does.Contain("space.yaml:9:1: unknown field 'simd_units'"));
    }
}
