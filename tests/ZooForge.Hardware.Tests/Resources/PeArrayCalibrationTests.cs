using ZooForge.Hardware.Resources;

namespace ZooForge.Hardware.Tests.Resources;

/// <summary>
/// The PE-array terms of the resource model against Yosys 0.23 (<c>synth_xilinx -family xcup</c>,
/// <c>stat -top zf_pe_array</c>) on the generated RTL of every design `zooforge check` has
/// synthesised: the test designs of tests/ZooForge.TestSupport/Designs and the shipped designs.
/// </summary>
[TestFixture]
public sealed class PeArrayCalibrationTests
{
    /// <summary>(name, Tm, Tn, Tk, bits, pixels per lane, Yosys LUT, Yosys FF).</summary>
    public static IEnumerable<TestCaseData> Synthesised()
    {
        (string Name, int Tm, int Tn, int Tk, int Bits, int Pixels, int Lut, int Ff)[] designs =
        [
            ("resnet_p4_int8", 8, 4, 3, 8, 2, 4772, 2738),
            ("resnet_p2_int12_cut", 8, 3, 3, 12, 1, 4380, 2290),
            ("mnist_resnet_p4_int8", 32, 16, 3, 8, 2, 67876, 36034),
            ("mnist_mobilenetv2_p4_int8", 32, 16, 3, 8, 2, 60324, 36034),
            ("mnist_lenet5_p4_int8", 32, 16, 5, 8, 2, 149092, 36034),
            ("mnist_vgg_p4_int8", 32, 16, 3, 8, 2, 64196, 36034),
            ("mnist_mnasnet_p4_int8", 32, 16, 3, 8, 2, 60100, 36034),
            ("search_tm220_tn22_int4", 220, 22, 3, 4, 2, 325824, 205922),
            ("search_tm40_tn126_int6", 40, 126, 3, 6, 2, 496484, 271602),
        ];
        return designs.Select(d => new TestCaseData(d.Tm, d.Tn, d.Tk, d.Bits, d.Pixels, d.Lut, d.Ff).SetArgDisplayNames(d.Name));
    }

    [TestCaseSource(nameof(Synthesised))]
    public void Pe_array_luts_and_ffs_are_within_fifteen_percent_of_yosys(int tm, int tn, int tk, int bits, int pixels, int yosysLut, int yosysFf)
    {
        long lut = ResourceModel.PeArrayLuts(tm, tn, tk, bits, pixels);
        long ff = ResourceModel.PeArrayFfs(tm, tn, bits, pixels);
        TestContext.Out.WriteLine($"LUT model {lut} / Yosys {yosysLut} ({100.0 * (lut - yosysLut) / yosysLut:+0.0;-0.0}%), " +
            $"FF model {ff} / Yosys {yosysFf} ({100.0 * (ff - yosysFf) / yosysFf:+0.0;-0.0}%)");
        Assert.That(lut, Is.EqualTo(yosysLut).Within(15).Percent);
        Assert.That(ff, Is.EqualTo(yosysFf).Within(10).Percent);
    }

    [TestCase(3, 65)]    // 16.25 LUT per bit
    [TestCase(5, 145)]   // 36.25
    [TestCase(1, 25)]    // 6.25: a 1x1 engine has no window to select from
    public void A_pe_costs_five_plus_one_and_a_quarter_tk_squared_luts_per_bit(int tk, int lutsPerFourBitPe) =>
        Assert.That(ResourceModel.PeArrayLuts(1, 1, tk, 4, 1) - 32, Is.EqualTo(lutsPerFourBitPe));
}
