using ZooForge.Hardware.Accelerator;
using ZooForge.Hardware.Designs;

namespace ZooForge.Hardware.Tests.Designs;

[TestFixture]
public sealed class DesignFileTests
{
    private const string Example = """
        format: zooforge-design/1
        name: mnist_resnet_p4_int8
        network: nets/mnist_resnet.zfq.safetensors
        device: zcu102
        clock_mhz: 200
        data_bits: 8
        conv: {tm: 32, tn: 8, tr: 14, tc: 14, tk: 3}
        depthwise: {tm: 16, tr: 7, tc: 7, tk: 3}
        ports: {weight: 4, input: 2, output: 2}
        provenance: {model: mnist_resnet, accuracy: "0.9830"}
        """;

    [Test]
    public void Parses_every_field_and_resolves_the_network_against_the_base_folder()
    {
        var d = DesignFile.Parse(Example, "design.yaml", "/runs/a");
        Assert.That(d.Name, Is.EqualTo("mnist_resnet_p4_int8"));
        Assert.That(d.NetworkPath, Is.EqualTo("/runs/a/nets/mnist_resnet.zfq.safetensors"));
        Assert.That(d.Device, Is.EqualTo("zcu102"));
        Assert.That(d.Accelerator.Conv, Is.EqualTo(new EngineTiling(32, 8, 14, 14, 3)));
        Assert.That(d.Accelerator.Depthwise, Is.EqualTo(new EngineTiling(16, 1, 7, 7, 3)));
        Assert.That(d.Accelerator.Ports, Is.EqualTo(new PortWidths(4, 2, 2)));
        Assert.That((d.Accelerator.DataBits, d.Accelerator.ClockMhz), Is.EqualTo((8, 200.0)));
        Assert.That(d.Provenance["accuracy"], Is.EqualTo("0.9830"));
    }

    [Test]
    public void Writing_and_reading_back_gives_the_same_design_and_the_same_text()
    {
        var d = DesignFile.Parse(Example, "design.yaml", "/runs/a");
        var text = DesignFile.ToYaml(d, "/runs/a");
        var again = DesignFile.Parse(text, "again.yaml", "/runs/a");
        Assert.That(again.Accelerator, Is.EqualTo(d.Accelerator));
        Assert.That((again.Name, again.NetworkPath, again.Device), Is.EqualTo((d.Name, d.NetworkPath, d.Device)));
        Assert.That(again.Provenance, Is.EquivalentTo(d.Provenance));
        Assert.That(DesignFile.ToYaml(again, "/runs/a"), Is.EqualTo(text));
        Assert.That(text, Does.Contain("network: nets/mnist_resnet.zfq.safetensors\n"));
    }

    [Test]
    public void Dense_is_optional_and_round_trips()
    {
        var d = DesignFile.Parse(Example, "design.yaml", "/runs/a");
        Assert.That(d.Accelerator.Dense, Is.False);
        Assert.That(DesignFile.ToYaml(d, "/runs/a"), Does.Not.Contain("dense"));
        var dense = DesignFile.Parse(Example + "\ndense: true\n", "design.yaml", "/runs/a");
        Assert.That(dense.Accelerator, Is.EqualTo(d.Accelerator with { Dense = true }));
        var text = DesignFile.ToYaml(dense, "/runs/a");
        Assert.That(DesignFile.Parse(text, "again.yaml", "/runs/a").Accelerator.Dense, Is.True);
    }

    [TestCase("colour: red\n", "unknown field 'colour'")]
    [TestCase("", "missing required field")]
    public void Rejects_unknown_and_missing_fields(string extra, string message)
    {
        var yaml = extra.Length == 0 ? Example.Replace("device: zcu102\n", "") : Example + "\n" + extra;
        Assert.That(() => DesignFile.Parse(yaml, "bad.yaml", "/"),
            Throws.TypeOf<DesignFormatException>().With.Message.StartsWith("bad.yaml").And.Message.Contains(message));
    }

    [TestCase("name: mnist_resnet_p4_int8", "name: 9lives", "field 'name'")]
    [TestCase("format: zooforge-design/1", "format: zooforge-design/9", "field 'format'")]
    [TestCase("data_bits: 8", "data_bits: 17", "field 'data_bits'")]
    [TestCase("tn: 8", "tn: 0", "field 'conv.tn'")]
    [TestCase("depthwise: {tm: 16,", "depthwise: {tn: 2, tm: 16,", "field 'depthwise.tn'")]
    [TestCase("weight: 4", "weight: 0", "field 'ports.weight'")]
    [TestCase("clock_mhz: 200", "clock_mhz: -5", "field 'clock_mhz'")]
    public void Rejects_out_of_range_values_naming_the_field(string from, string to, string message)
    {
        Assert.That(() => DesignFile.Parse(Example.Replace(from, to), "bad.yaml", "/"),
            Throws.TypeOf<DesignFormatException>().With.Message.Contains(message));
    }

    [Test]
    public void Malformed_yaml_names_the_line()
    {
        Assert.That(() => DesignFile.Parse("name: [unclosed\n", "bad.yaml", "/"),
            Throws.TypeOf<DesignFormatException>().With.Message.StartsWith("bad.yaml:"));
    }
}
