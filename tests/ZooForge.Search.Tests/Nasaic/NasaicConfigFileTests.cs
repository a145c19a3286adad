using ZooForge.Asic.Dataflows;
using ZooForge.Search.Config;
using ZooForge.Search.Engine;
using ZooForge.Search.HwSw;
using ZooForge.Search.Nasaic;

namespace ZooForge.Search.Tests.Nasaic;

public class NasaicConfigFileTests
{
    /// <summary>One MNIST task on two slots; a test appends or replaces fields.</summary>
    internal const string Minimal = """
        format: zooforge-search/1
        problem: nasaic
        name: t
        tasks:
          - {name: mnist, candidates: [mnist_lenet5, mnist_vgg]}
        hardware:
          pes: 256
          noc_bandwidth: 64
          off_chip_bandwidth: 16
          sub_accelerators:
            - {dataflow: [ws, rs]}
            - {dataflow: os}
        specs: {latency_ms: 1, energy_uj: 100, area_mm2: 10}

        """;

    [Test]
    public void The_built_in_configuration_is_mnist_and_fashion_on_two_sub_accelerators()
    {
        var config = NasaicConfigFile.Default();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(config.Tasks.Select(t => t.Name), Is.EqualTo(new[] { "mnist", "fashion" }));
            Assert.That(config.Tasks.Sum(t => t.Weight), Is.EqualTo(1).Within(1e-12));
            Assert.That(config.Hardware.Slots, Has.Count.EqualTo(2));
            Assert.That(config.Hardware.Slots.All(s => s.Dataflows.Count == 3));
            Assert.That(HwSwConfigFile.Problem(config.Text), Is.EqualTo(NasaicConfigFile.ProblemName));
            Assert.That(config.Text, Does.Contain("# "), "the text init writes is commented");
        }
    }

    [Test]
    public void Omitted_fields_take_their_defaults_and_weights_are_normalised()
    {
        var config = NasaicConfigFile.Parse(Minimal, "t.yaml");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(config.Widths, Is.EqualTo(new[] { 0.0 }));
            Assert.That(config.Hardware.Base.Name, Is.EqualTo("eyeriss-like"));
            Assert.That(config.Hardware.Slots[0].Dataflows, Is.EqualTo(new[] { Dataflow.WeightStationary, Dataflow.RowStationary }));
            Assert.That(config.Hardware.Slots[1].Dataflows, Is.EqualTo(new[] { Dataflow.OutputStationary }));
            Assert.That(config.Hardware.Slots[0].PeShares, Is.EqualTo(new[] { 0.25, 0.5, 0.75, 1 }));
            Assert.That(config.Tasks[0].Weight, Is.EqualTo(1));
            Assert.That((config.Reward.Alpha, config.Budget, config.FineTune.Batches), Is.EqualTo((0.8, 60, 100)));
        }
    }

    [TestCase("tasks:\n  - {name: cifar100}\n", "field 'tasks[0].name': unknown task 'cifar100'; tasks: mnist, fashion")]
    [TestCase("tasks:\n  - {name: mnist, candidates: [resnet18]}\n", "field 'tasks[0].candidates[0]': 'resnet18' is not in the mnist zoo")]
    [TestCase("tasks:\n  - {name: mnist}\n  - {name: MNIST}\n", "field 'tasks[1].name': task 'mnist' is listed twice")]
    [TestCase("widths: [0, 0.95]\n", "field 'widths[1]': must be in [0, 0.9], got 0.95")]
    [TestCase("specs: {latency_ms: 0, energy_uj: 1, area_mm2: 1}\n", "field 'specs.latency_ms': must be greater than 0, got 0")]
    [TestCase("specs: {latency_ms: 1, energy_uj: 1}\n", "field 'specs.area_mm2' is required")]
    [TestCase("reward: {alpha: 1.5}\n", "field 'reward.alpha': must be between 0 and 1, got 1.5")]
    [TestCase("reward: {latency: 0, energy: 0, area: 0}\n", "the spec weights latency, energy and area must not all be 0")]
    [TestCase("finetune: {batches: 0}\n", "field 'finetune.batches': must be at least 1, got 0")]
    [TestCase("colour: red\n", "field 'colour': unknown field")]
    public void Bad_fields_are_named_with_their_position(string replacement, string expected)
    {
        string key = replacement.Split(':')[0];
        string text = string.Join("\n", Minimal.Split('\n').Where(l => !l.StartsWith(key + ":", StringComparison.Ordinal) && !(key == "tasks" && l.StartsWith("  - {name: mnist", StringComparison.Ordinal))))
            + "\n" + replacement;
        var e = Assert.Throws<SearchConfigException>(() => NasaicConfigFile.Parse(text, "t.yaml"));
        Assert.That(e!.Message, Does.StartWith("t.yaml").And.Contain(expected));
    }

    [TestCase("    - {dataflow: [ws, systolic]}\n", "unknown dataflow 'systolic'")]
    [TestCase("    - {dataflow: tpu}\n", "NASAIC's templates are ws (NVDLA-like), os (ShiDianNao-like) and rs (Eyeriss-like)")]
    [TestCase("    - {pe_share: 1.5}\n", "a share must be in (0, 1], got 1.5")]
    [TestCase("    - {colour: red}\n", "field 'hardware.sub_accelerators[2].colour': unknown field")]
    [TestCase("    - {}\n    - {}\n", "must list 1 to 3 sub-accelerators, got 4")]
    public void Bad_sub_accelerators_are_named(string extra, string expected)
    {
        string text = Minimal.Replace("    - {dataflow: os}\n", "    - {dataflow: os}\n" + extra);
        var e = Assert.Throws<SearchConfigException>(() => NasaicConfigFile.Parse(text, "t.yaml"));
        Assert.That(e!.Message, Does.Contain(expected));
    }

    [Test]
    public void A_share_total_above_100_percent_is_refused_naming_the_shares()
    {
        string text = Minimal.Replace("    - {dataflow: [ws, rs]}\n    - {dataflow: os}\n",
            "    - {dataflow: ws, pe_share: 0.6}\n    - {dataflow: os, pe_share: [0.5, 0.75]}\n");
        var e = Assert.Throws<SearchConfigException>(() => NasaicConfigFile.Parse(text, "t.yaml"));
        Assert.That(e!.Message, Is.EqualTo("t.yaml: field 'hardware.sub_accelerators': the PE shares total 110% of 256 PEs (60% + 50%, the smallest each slot allows), above 100%"));

        string bandwidth = Minimal.Replace("    - {dataflow: os}\n", "    - {dataflow: os, bandwidth_share: 0.8}\n    - {bandwidth_share: 0.5}\n");
        var b = Assert.Throws<SearchConfigException>(() => NasaicConfigFile.Parse(bandwidth, "t.yaml"));
        Assert.That(b!.Message, Does.Contain("the bandwidth shares total 155%"));
    }

    [TestCase("specs: {latency_ms: 0.000001, energy_uj: 100, area_mm2: 10}", "specs.latency_ms 1E-06 cannot be met: mnist's smallest network (mnist_lenet5")]
    [TestCase("specs: {latency_ms: 1, energy_uj: 0.01, area_mm2: 10}", "specs.energy_uj 0.01 cannot be met: the tasks' smallest networks (mnist_lenet5) take at least")]
    [TestCase("specs: {latency_ms: 1, energy_uj: 100, area_mm2: 0.1}", "specs.area_mm2 0.1 cannot be met: the smallest sub-accelerator the space allows (slot 0, 64 PEs on eyeriss-like) takes")]
    public void Specs_that_nothing_can_meet_are_refused_before_searching(string specs, string expected)
    {
        var config = NasaicConfigFile.Parse(Minimal.Replace("specs: {latency_ms: 1, energy_uj: 100, area_mm2: 10}", specs), "t.yaml");
        var zoo = new NasaicZoo();
        var e = Assert.Throws<SearchInfeasibleException>(() => NasaicFeasibility.Check(config, zoo));
        Assert.That(e!.Message, Does.StartWith(expected));
    }

    [Test]
    public void Reachable_specs_pass_the_feasibility_check()
    {
        var config = NasaicConfigFile.Parse(Minimal, "t.yaml");
        Assert.DoesNotThrow(() => NasaicFeasibility.Check(config, new NasaicZoo()));
    }
}
