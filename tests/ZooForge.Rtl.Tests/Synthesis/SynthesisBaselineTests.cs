using ZooForge.TestSupport;
using ZooForge.Rtl.Synthesis;

namespace ZooForge.Rtl.Tests.Synthesis;

public class SynthesisBaselineTests
{
    private static readonly BlockResources Baseline = new("zf_pe_array", 1000, 2000, 16, 0);

    [Test]
    public void Logic_within_ten_percent_and_equal_dsp_pass()
    {
        Assert.That(SynthesisBaseline.Compare(Baseline with { Lut = 1100, Ff = 1800 }, Baseline), Is.Empty);
    }

    [TestCase(1101, 2000, 16, 0, "LUT 1101")]
    [TestCase(1000, 2201, 16, 0, "FF 2201")]
    [TestCase(1000, 2000, 17, 0, "DSP 17 vs baseline 16")]
    [TestCase(1000, 2000, 16, 1, "BRAM18 1")]
    public void Departures_beyond_the_tolerance_are_named(int lut, int ff, int dsp, int bram, string expected)
    {
        var problems = SynthesisBaseline.Compare(new BlockResources("zf_pe_array", lut, ff, dsp, bram), Baseline);
        Assert.That(problems, Has.Count.EqualTo(1));
        Assert.That(problems[0], Does.Contain(expected));
    }

    [Test]
    public void Saved_blocks_load_back_and_other_blocks_are_kept()
    {
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Path, "d.synth-baseline.json");
        Assert.That(SynthesisBaseline.Load(path, "zf_pe_array", "conv"), Is.Null);
        SynthesisBaseline.Save(path, "conv", Baseline);
        SynthesisBaseline.Save(path, "conv", new BlockResources("zf_requantizer", 5, 6, 4, 0));
        Assert.That(SynthesisBaseline.Load(path, "zf_pe_array", "conv"), Is.EqualTo(Baseline));
        Assert.That(SynthesisBaseline.Load(path, "zf_requantizer", "conv"), Is.EqualTo(new BlockResources("zf_requantizer", 5, 6, 4, 0)));
        Assert.That(SynthesisBaseline.Load(path, "zf_channel_mask", "conv"), Is.Null);
    }

    [Test]
    public void A_baseline_of_another_layer_is_refused_by_name()
    {
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Path, "d.synth-baseline.json");
        SynthesisBaseline.Save(path, "layer1.0.relu", Baseline);
        var e = Assert.Throws<InvalidDataException>(() => SynthesisBaseline.Load(path, "zf_pe_array", "layer2.0.bn2"));
        Assert.That(e!.Message, Does.Contain("'layer1.0.relu'").And.Contain("'layer2.0.bn2'"));
        SynthesisBaseline.Save(path, "layer2.0.bn2", Baseline with { Dsp = 8 });
        Assert.That(SynthesisBaseline.Load(path, "zf_pe_array", "layer2.0.bn2")!.Dsp, Is.EqualTo(8));
    }

    [Test]
    public void A_malformed_baseline_is_an_error_naming_the_file()
    {
        using var temp = new TempFolder();
        string path = Path.Combine(temp.Path, "bad.synth-baseline.json");
        File.WriteAllText(path, "{\"format\": \"other\"}");
        var e = Assert.Throws<InvalidDataException>(() => SynthesisBaseline.Load(path, "zf_pe_array", "conv"));
        Assert.That(e!.Message, Does.Contain(path).And.Contain("format"));
    }
}
