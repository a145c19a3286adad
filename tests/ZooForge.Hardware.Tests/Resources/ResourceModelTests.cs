using ZooForge.Hardware.Accelerator;
using ZooForge.Hardware.Devices;
using ZooForge.Hardware.Resources;
using static ZooForge.Hardware.Tests.TestData;

namespace ZooForge.Hardware.Tests.Resources;

[TestFixture]
public sealed class ResourceModelTests
{
    private static Device Board(string name) => DeviceCatalogue.BuiltIn().Find(name);

    [TestCase(70, 36, 16, 2520)]   // Tm·Tn
    [TestCase(7, 5, 16, 35)]
    [TestCase(70, 36, 8, 1260)]    // ⌈2520/2⌉
    [TestCase(7, 5, 8, 18)]        // ⌈35/2⌉ = ⌈17.5⌉
    [TestCase(1, 1, 8, 1)]         // ⌈1/2⌉
    public void Dsp_is_one_per_mac_or_half_at_eight_bits(int tm, int tn, int bits, int expected) =>
        Assert.That(ResourceModel.Estimate(Design(tm, tn, 32, 32, 3, 2, 2, 2, dataBits: bits)).Dsp, Is.EqualTo(expected));

    [TestCase(16, 64, 2520 + 64)]          // Tm·Tn + Tm_d
    [TestCase(8, 65, 1260 + 33)]           // ⌈2520/2⌉ + ⌈65/2⌉
    public void Depthwise_engine_adds_its_lanes(int bits, int tmD, int expected)
    {
        var d = Design(70, 36, 32, 32, 3, 2, 2, 2, new EngineTiling(tmD, 1, 32, 32, 3), bits);
        Assert.That(ResourceModel.Estimate(d).Dsp, Is.EqualTo(expected));
    }

    [Test]
    public void Bram18_of_the_published_resnet18_design()
    {
        // [70,36,64,64,7] at 16 bits: per tile ⌈64·64·16/18000⌉ = ⌈65536/18000⌉ = ⌈3.64⌉ = 4.
        // bI = 2·36·4 = 288, bO = 2·70·4 = 560 -> 848 enforced (the 2·7² = 98-word weight
        // memories are LUTRAM). HotNAS's literal count adds bW = 70·36·⌈4·49·16/18000⌉ = 2520·⌈0.17⌉ = 2520 -> 3368.
        var usage = ResourceModel.Estimate(HotNasResNet18);
        Assert.That(usage.Bram18, Is.EqualTo(848));
        Assert.That(usage.Bram18HotNas, Is.EqualTo(3368));
        Assert.That(usage.PortBits, Is.EqualTo(16 * (18 + 6 + 6)));
    }

    [Test]
    public void Bram18_of_the_published_design_at_eight_bits()
    {
        // per tile ⌈64·64·8/18000⌉ = ⌈32768/18000⌉ = 2: bI = 2·36·2 = 144, bO = 2·70·2 = 280 -> 424;
        // bW = 2520·⌈4·49·8/18000⌉ = 2520·⌈0.087⌉ = 2520 -> 2944.
        var usage = ResourceModel.Estimate(HotNasResNet18 with { DataBits = 8 });
        Assert.That(usage.Bram18, Is.EqualTo(424));
        Assert.That(usage.Bram18HotNas, Is.EqualTo(2944));
    }

    [Test]
    public void Dense_engine_drops_the_window_select_and_keeps_its_weights_in_wide_bram()
    {
        var patterned = Design(64, 32, 32, 32, 3, 14, 10, 6);
        var p = ResourceModel.Estimate(patterned);
        var d = ResourceModel.Estimate(patterned with { Dense = true });
        // Patterned: PE array 64·(32 + ⌈32·16·(20 + 5·9)/4⌉) = 64·8352 = 534,528; weight LUTRAM
        // 2048 memories · 2 buffers · ⌈9/64⌉·⌈16/7⌉·8 = 98,304; control 8,000 -> 640,832.
        // Dense: PE array 64·(32 + ⌈32·16·20/4⌉) = 64·2592 = 165,888, no LUTRAM -> 173,888.
        Assert.That((p.Lut, d.Lut), Is.EqualTo((640_832, 173_888)));
        // Buffers: ⌈32·32·16/18000⌉ = 1 per channel, 2·32 + 2·64 = 192. Dense weights: one memory
        // of 2·9 words, 2048·16 bits wide, ⌊36/16⌋ = 2 PEs per BRAM18 -> 1024 more.
        Assert.That((p.Bram18, d.Bram18), Is.EqualTo((192, 1216)));
        Assert.That((d.Dsp, d.Ff), Is.EqualTo((p.Dsp, p.Ff)), "DSPs and registers do not depend on the window select");
        // At 8 bits a BRAM18 holds ⌊36/8⌋ = 4 PEs' weights: ⌈(64·32)/4⌉ = 512, buffers ⌈32·32·8/18000⌉ = 1 per channel -> 192 + 512.
        Assert.That(ResourceModel.Estimate(patterned with { Dense = true, DataBits = 8 }).Bram18, Is.EqualTo(192 + 512));
    }

    [Test]
    public void Bram18_with_a_256_tile()
    {
        // [10,252,256,32,3]: ⌈256·32·16/18000⌉ = ⌈131072/18000⌉ = ⌈7.28⌉ = 8;
        // bI = 2·252·8 = 4032, bO = 2·10·8 = 160 -> 4192; bW = 10·252·⌈4·9·16/18000⌉ = 2520 -> 6712.
        var usage = ResourceModel.Estimate(Design(10, 252, 256, 32, 3, 2, 2, 2));
        Assert.That(usage.Bram18, Is.EqualTo(4192));
        Assert.That(usage.Bram18HotNas, Is.EqualTo(6712));
    }

    [Test]
    public void Depthwise_engine_buffers_are_counted()
    {
        // Depthwise engine [64,1,32,32,3] at 16 bits holds 64 input and 64 output channels:
        // per tile ⌈32·32·16/18000⌉ = ⌈16384/18000⌉ = 1 -> 2·64·1 + 2·64·1 = 256 BRAM18;
        // HotNAS's weight count adds 64·1·⌈4·9·16/18000⌉ = 64.
        var conv = Design(70, 36, 64, 64, 7, 18, 6, 6);
        var withDw = conv with { Depthwise = new EngineTiling(64, 1, 32, 32, 3) };
        var a = ResourceModel.Estimate(conv);
        var b = ResourceModel.Estimate(withDw);
        Assert.That(b.Bram18 - a.Bram18, Is.EqualTo(256));
        Assert.That(b.Bram18HotNas - a.Bram18HotNas, Is.EqualTo(320));
        Assert.That(b.Lut, Is.GreaterThan(a.Lut));
    }

    [Test]
    public void Thirteen_by_thirteen_weights_go_to_bram()
    {
        // [10,20,32,32,Tk]: per tile 1 -> bI = 2·20 = 40, bO = 2·10 = 20.
        // Tk=13: 169 words per buffer > 128, so BRAM: bW = 10·20·⌈4·169·16/18000⌉ = 200·⌈0.60⌉ = 200 -> 260.
        // Tk=11: 121 words fit LUTRAM: 60 enforced, while HotNAS's count is still 200·⌈7744/18000⌉ + 60 = 260.
        var tk13 = ResourceModel.Estimate(Design(10, 20, 32, 32, 13, 2, 2, 2));
        var tk11 = ResourceModel.Estimate(Design(10, 20, 32, 32, 11, 2, 2, 2));
        Assert.That((tk13.Bram18, tk13.Bram18HotNas), Is.EqualTo((260, 260)));
        Assert.That((tk11.Bram18, tk11.Bram18HotNas), Is.EqualTo((60, 260)));
        long PeArray(int tk) => ResourceModel.PeArrayLuts(10, 20, tk, 16, 1);
        Assert.That(tk11.Lut - PeArray(11), Is.GreaterThan(tk13.Lut - PeArray(13)), "LUTRAM weight buffers cost LUTs");
    }

    [Test]
    public void Huge_Tk_does_not_overflow()
    {
        // Tk = 50000 (the parser accepts up to 65536): Tk² = 2.5e9 words per buffer, past int.
        // BRAM: bW = 10·10·⌈4·2.5e9·16/18000⌉ = 100·⌈8888888.9⌉ = 888888900; bI = bO = 2·10·⌈64·64·16/18000⌉ = 80.
        var usage = ResourceModel.Estimate(Design(10, 10, 64, 64, 50000, 18, 6, 6));
        Assert.That(usage.Bram18, Is.EqualTo(888_889_060));
        Assert.That(usage.Bram18HotNas, Is.EqualTo(888_889_060));
        Assert.That(usage.Lut, Is.Positive);
        Assert.That(ResourceModel.Fits(usage, Board("alveo-u250")), Is.False);
    }

    [Test]
    public void Published_design_fits_hotnas_constraints_but_not_zooforge_luts()
    {
        // HotNAS constrains DSP, BRAM and ports; ZooForge's PE array with a 7x7 window select
        // per PE at 16 bits needs 2520 · 16 · (5 + 1.25·49) ≈ 2.7 M LUTs.
        var usage = ResourceModel.Estimate(HotNasResNet18);
        var zcu102 = Board("zcu102");
        Assert.That(ResourceModel.Fits(usage, zcu102, constrainLogic: false), Is.True);
        Assert.That(ResourceModel.Fits(usage, zcu102), Is.False);
        Assert.That(ResourceModel.Overflows(usage, zcu102).Select(o => o.Resource), Is.EqualTo(new[] { "LUT", "FF" }).Or.EqualTo(new[] { "LUT" }));
    }

    [Test]
    public void Overflow_names_the_resource_and_the_excess()
    {
        // [100,30,…] needs 3000 DSPs; PYNQ-Z2 has 220: over by 2780.
        var usage = ResourceModel.Estimate(Design(100, 30, 32, 32, 3, 2, 2, 2));
        var pynq = Board("pynq-z2");
        var overflows = ResourceModel.Overflows(usage, pynq);
        var dsp = overflows.Single(o => o.Resource == "DSP");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(dsp.Used, Is.EqualTo(3000));
            Assert.That(dsp.Available, Is.EqualTo(220));
            Assert.That(dsp.Excess, Is.EqualTo(2780));
            Assert.That(dsp.ToString(), Does.Contain("DSP").And.Contain("3,000").And.Contain("220").And.Contain("2,780"));
            Assert.That(ResourceModel.Fits(usage, pynq), Is.False);
        }
    }

    [Test]
    public void Port_bits_overflow_is_detected()
    {
        // 16·(18+18+18) = 864 > 512 on ZCU102; the small tiling fits otherwise.
        var usage = ResourceModel.Estimate(Design(10, 10, 32, 32, 3, 18, 18, 18));
        var zcu102 = Board("zcu102");
        var overflows = ResourceModel.Overflows(usage, zcu102);
        Assert.That(overflows, Has.Count.EqualTo(1));
        Assert.That(overflows[0].Resource, Does.Contain("port"));
        Assert.That((overflows[0].Used, overflows[0].Available, overflows[0].Excess), Is.EqualTo((864L, 512L, 352L)));
        Assert.That(ResourceModel.Fits(usage, zcu102), Is.False);
        Assert.That(ResourceModel.Fits(usage with { PortBits = 512 }, zcu102), Is.True);
    }

    [Test]
    public void Bram_overflow_is_detected()
    {
        // [10,252,256,32] needs 4192 BRAM18 (see above) > 1824 on ZCU102, with exactly 2520 DSPs.
        var usage = ResourceModel.Estimate(Design(10, 252, 256, 32, 3, 2, 2, 2));
        var o = ResourceModel.Overflows(usage, Board("zcu102")).Single(x => x.Resource == "BRAM18");
        Assert.That((o.Used, o.Available, o.Excess), Is.EqualTo((4192L, 1824L, 2368L)));
    }

    [Test]
    public void Fits_agrees_with_Overflows_on_random_designs()
    {
        var rng = new Random(11);
        var devices = DeviceCatalogue.BuiltIn().Devices;
        for (int i = 0; i < 3000; i++)
        {
            int tk = rng.Next(1, 14);
            EngineTiling? dw = rng.Next(2) == 0 ? null : new EngineTiling(rng.Next(1, 900), 1, rng.Next(8, 260), rng.Next(8, 260), tk);
            var d = Design(rng.Next(1, 300), rng.Next(1, 100), rng.Next(8, 260), rng.Next(8, 260), tk,
                rng.Next(1, 20), rng.Next(1, 20), rng.Next(1, 20), dw, rng.Next(2) == 0 ? 8 : 16);
            var usage = ResourceModel.Estimate(d);
            var device = devices[rng.Next(devices.Count)];
            Assert.That(ResourceModel.Fits(usage, device), Is.EqualTo(ResourceModel.Overflows(usage, device).Count == 0), $"{d} on {device.Name}");
            Assert.That(usage.Bram18, Is.LessThanOrEqualTo(usage.Bram18HotNas));
        }
    }
}
