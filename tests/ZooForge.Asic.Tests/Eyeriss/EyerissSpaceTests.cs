using ZooForge.Asic.Description;
using ZooForge.Asic.Eyeriss;

namespace ZooForge.Asic.Tests.Eyeriss;

public class EyerissSpaceTests
{
    private const string Valid = """
        name: small
        base: eyeriss-like
        pe_x: {min: 4, max: 16, step: 4}
        pe_y: [12, 4]
        l1_bytes: [520]
        l2_kb: {min: 27, max: 108, factor: 2}
        noc_bandwidth: [64]
        off_chip_bandwidth: {min: 8, max: 32, factor: 2}
        """;

    [Test]
    public void Ranges_expand_to_their_values_and_lists_are_sorted()
    {
        var space = EyerissSpace.Parse(Valid, "s.yaml");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(space.Knobs.Select(k => k.Name), Is.EqualTo(EyerissSpace.KnobBounds.Select(k => k.Name)));
            Assert.That(space.Knobs[0].Values, Is.EqualTo(new long[] { 4, 8, 12, 16 }));
            Assert.That(space.Knobs[1].Values, Is.EqualTo(new long[] { 4, 12 }));
            Assert.That(space.Knobs[3].Values, Is.EqualTo(new long[] { 27, 54, 108 }), "a geometric range includes its max when it lands on it");
            Assert.That(space.Knobs[5].Values, Is.EqualTo(new long[] { 8, 16, 32 }));
            Assert.That(space.Size, Is.EqualTo(4L * 2 * 1 * 3 * 1 * 3));
        }
    }

    [Test]
    public void The_built_in_space_holds_eyeriss_own_point_and_builds_it_on_the_base()
    {
        var space = EyerissSpace.BuiltIn();
        var eyeriss = AcceleratorCatalogue.Resolve("eyeriss-like");
        var own = EyerissPoint.Of(eyeriss);
        var indices = new[]
        {
            space.Knobs[0].Values.ToList().IndexOf(own.PeX), space.Knobs[1].Values.ToList().IndexOf(own.PeY),
            space.Knobs[2].Values.ToList().IndexOf(own.L1Bytes), space.Knobs[3].Values.ToList().IndexOf(own.L2Kb),
            space.Knobs[4].Values.ToList().IndexOf(own.NocBandwidth), space.Knobs[5].Values.ToList().IndexOf(own.OffChipBandwidth),
        };
        Assert.That(indices, Is.All.GreaterThanOrEqualTo(0), "every knob list contains eyeriss-like's value");
        var rebuilt = space.At(indices).ToAccelerator(space.Base, "eyeriss-like");
        Assert.That(rebuilt with { Source = eyeriss.Source }, Is.EqualTo(eyeriss));
        Assert.That(space.Size, Is.EqualTo(15L * 15 * 7 * 5 * 4 * 4));
    }

    [TestCase("simd_units: [1, 2]\n", "s.yaml:9:1: unknown field 'simd_units'", TestName = "An unknown knob is named with the known ones")]
    [TestCase("", "missing required field 'pe_x'", "pe_x", TestName = "A missing knob is named")]
    [TestCase("pe_x: {min: 32, max: 4, step: 2}\n", "s.yaml:9:", "field 'pe_x.min': the range is empty: min 32 is above max 4", TestName = "An inverted range is refused")]
    [TestCase("pe_x: {min: 4, max: 32}\n", "give exactly one of 'pe_x.step' and 'pe_x.factor'", TestName = "A range needs a step or a factor")]
    [TestCase("pe_x: {min: 4, max: 32, step: 2, factor: 2}\n", "not both", TestName = "A range takes a step or a factor, not both")]
    [TestCase("pe_x: {min: 0, max: 32, step: 2}\n", "field 'pe_x.min': must be between 1 and 256, got 0", TestName = "A bound outside the knob's physical range is refused")]
    [TestCase("pe_x: [4, 300]\n", "field 'pe_x': values must be between 1 and 256, got 300", TestName = "A listed value outside the physical range is refused")]
    [TestCase("pe_x: {min: 4, max: 32, step: 2, stride: 1}\n", "unknown field 'pe_x.stride'", TestName = "An unknown range field is refused")]
    [TestCase("pe_x: {min: 1, max: 256, step: 1}\npe_x_extra: 1\n", "unknown field 'pe_x_extra'", TestName = "Fields after a valid knob are still checked")]
    public void Bad_space_files_fail_with_the_file_line_and_field(string pe, params string[] fragments)
    {
        string text = "name: s\nbase: eyeriss-like\npe_y: [12]\nl1_bytes: [520]\nl2_kb: [108]\nnoc_bandwidth: [64]\noff_chip_bandwidth: [16]\n# knobs under test\n" + pe;
        var e = Assert.Throws<AcceleratorFormatException>(() => EyerissSpace.Parse(text, "s.yaml"));
        Assert.That(e!.Message, Does.StartWith("s.yaml:"));
        foreach (var fragment in fragments) Assert.That(e.Message, Does.Contain(fragment));
    }

    [Test]
    public void An_unknown_base_accelerator_is_refused_with_the_built_in_names()
    {
        var e = Assert.Throws<AcceleratorFormatException>(() => EyerissSpace.Parse(Valid.Replace("base: eyeriss-like", "base: tpu-v9"), "s.yaml"));
        Assert.That(e!.Message, Does.StartWith("s.yaml:2:").And.Contain("unknown built-in accelerator 'tpu-v9'").And.Contain("eyeriss-like"));
    }

    [Test]
    public void A_range_of_more_than_the_value_limit_is_a_clear_error()
    {
        var e = Assert.Throws<AcceleratorFormatException>(() =>
            EyerissSpace.Parse(Valid.Replace("l1_bytes: [520]", "l1_bytes: {min: 16, max: 1000000, step: 1}"), "s.yaml"));
        Assert.That(e!.Message, Does.Contain("field 'l1_bytes.max'").And.Contain($"more than {EyerissSpace.MaxValuesPerKnob} values"));
    }
}
