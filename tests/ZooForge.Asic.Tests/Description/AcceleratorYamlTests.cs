using ZooForge.Asic.Description;

namespace ZooForge.Asic.Tests.Description;

public class AcceleratorYamlTests
{
    private const string Valid = """
        name: small
        pe_array: { x: 4, y: 2 }
        l1_bytes: 256
        l2_kb: 16
        noc: { bandwidth: 8 }
        off_chip_bandwidth: 4
        clock_mhz: 500
        """;

    [Test]
    public void Every_built_in_accelerator_loads()
    {
        var names = AcceleratorCatalogue.BuiltIn.Select(a => a.Name).ToList();
        Assert.That(names, Is.SupersetOf(new[] { "eyeriss-like", "nvdla-like", "shidiannao-like", "edge-tpu-like" }));
        var eyeriss = AcceleratorCatalogue.Resolve("eyeriss-like");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(eyeriss.Pes, Is.EqualTo(168));
            Assert.That((eyeriss.PeX, eyeriss.PeY), Is.EqualTo((14, 12)));
            Assert.That(eyeriss.L2Bytes, Is.EqualTo(108 * 1024));
            Assert.That(eyeriss.AreaMm2, Is.GreaterThan(0));
        }
    }

    [Test]
    public void A_valid_file_gets_defaults_for_optional_fields()
    {
        var hw = AcceleratorYaml.Parse(Valid, "small.yaml");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(hw.Pes, Is.EqualTo(8));
            Assert.That(hw.MacsPerPe, Is.EqualTo(1));
            Assert.That(hw.NocHops, Is.EqualTo(1));
            Assert.That(hw.Energy, Is.EqualTo(EnergyTable.Eyeriss65nm));
            Assert.That(hw.L2Bytes, Is.EqualTo(16 * 1024));
        }
    }

    [TestCase("colour: red\n", "small.yaml:8:1: unknown field 'colour'")]
    [TestCase("noc: { bandwidth: 8, width: 3 }\n", "unknown field 'noc.width'")]
    [TestCase("pes: 8\n", "give exactly one of 'pe_array' and 'pes', not both")]
    [TestCase("name: other\n", "duplicate key 'name'")]
    public void Extra_fields_are_refused_with_their_line(string extra, string expected)
    {
        string text = extra.StartsWith("noc", StringComparison.Ordinal)
            ? Valid.Replace("noc: { bandwidth: 8 }", extra.TrimEnd())
            : Valid + "\n" + extra;
        var e = Assert.Throws<AcceleratorFormatException>(() => AcceleratorYaml.Parse(text, "small.yaml"));
        Assert.That(e!.Message, Does.Contain(expected).And.StartWith("small.yaml:"));
    }

    [TestCase("l1_bytes: 256", "l1_bytes: -3", "small.yaml:3:11: field 'l1_bytes': must be between 1 and 1073741824, got -3")]
    [TestCase("l1_bytes: 256", "l1_bytes: lots", "field 'l1_bytes': expected an integer, got 'lots'")]
    [TestCase("clock_mhz: 500", "clock_mhz: 0", "field 'clock_mhz': must be greater than 0")]
    [TestCase("pe_array: { x: 4, y: 2 }", "pe_array: { x: 4 }", "missing required field 'pe_array.y'")]
    [TestCase("off_chip_bandwidth: 4\n", "", "missing required field 'off_chip_bandwidth'")]
    [TestCase("name: small", "name: Small Array", "field 'name': must be lower-case letters")]
    [TestCase("noc: { bandwidth: 8 }", "noc: { bandwidth: 8", "invalid YAML")]
    public void Bad_values_name_the_file_line_and_field(string from, string to, string expected)
    {
        var e = Assert.Throws<AcceleratorFormatException>(() => AcceleratorYaml.Parse(Valid.Replace(from, to), "small.yaml"));
        Assert.That(e!.Message, Does.Contain(expected).And.StartWith("small.yaml"));
    }

    [Test]
    public void An_empty_file_and_a_list_are_refused()
    {
        Assert.That(() => AcceleratorYaml.Parse("", "e.yaml"), Throws.TypeOf<AcceleratorFormatException>().With.Message.Contains("file is empty"));
        Assert.That(() => AcceleratorYaml.Parse("- 1\n- 2\n", "l.yaml"), Throws.TypeOf<AcceleratorFormatException>().With.Message.Contains("expected a mapping"));
    }

    [Test]
    public void Vector_pes_need_both_simd_units_and_lanes()
    {
        var e = Assert.Throws<AcceleratorFormatException>(() => AcceleratorYaml.Parse(Valid + "\nsimd_units: 4\n", "v.yaml"));
        Assert.That(e!.Message, Does.Contain("give simd_units and compute_lanes together"));
        var hw = AcceleratorYaml.Parse(Valid + "\nsimd_units: 4\ncompute_lanes: 8\n", "v.yaml");
        Assert.That(hw.MacsPerPe, Is.EqualTo(32));
    }

    [Test]
    public void An_unknown_name_lists_the_built_ins()
    {
        var e = Assert.Throws<AcceleratorFormatException>(() => AcceleratorCatalogue.Resolve("tpu-v9"));
        Assert.That(e!.Message, Does.Contain("eyeriss-like"));
    }
}
