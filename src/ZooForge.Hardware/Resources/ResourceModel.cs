using ZooForge.Hardware.Accelerator;
using ZooForge.Hardware.Devices;

namespace ZooForge.Hardware.Resources;

/// <summary>
/// Resource estimate of the template, enforced against a device.
/// <list type="bullet">
/// <item>DSP: one per MAC, half that at 8 bits or fewer (two MACs per DSP48); the depthwise engine adds Tm_d.</item>
/// <item>BRAM18, double-buffered, by HotNAS's formulas: inputs 2·Tn·⌈Tr·Tc·b/18000⌉, outputs
/// 2·Tm·⌈Tr·Tc·b/18000⌉. The weight buffer is partitioned into Tm·Tn memories of 2·Tk² words;
/// HotNAS charges each a BRAM18 (Tm·Tn·⌈4·Tk²·b/18000⌉), but memories this shallow (at most
/// <see cref="LutRamMaxDepth"/> words per buffer) are built from LUTRAM, so they are charged as
/// LUTs instead. Deeper weight buffers use HotNAS's BRAM count. Taken literally, HotNAS's count
/// rules out every design of its own ZCU102 space (2,520 weight BRAMs alone against 1,824).</item>
/// <item>LUT and FF: a first-order estimate — fixed AXI/control logic, an adder tree of Tn−1
/// adders per output lane at the accumulator width, LUTRAM for the weight buffers. Calibrated
/// against synthesis as it becomes available.</item>
/// </list>
/// </summary>
public static class ResourceModel
{
    /// <summary>Bits per BRAM18 in HotNAS's formulas.</summary>
    public const int BramBits = 18000;

    /// <summary>Deepest weight memory (words per buffer) mapped to LUTRAM rather than BRAM.</summary>
    public const int LutRamMaxDepth = 128;

    /// <summary>LUTs of the AXI masters, s_axilite control and layer sequencer.</summary>
    public const int ControlLuts = 8000;

    /// <summary>Flip-flops of the AXI masters, s_axilite control and layer sequencer.</summary>
    public const int ControlFfs = 10000;

    /// <summary>Estimates the resources of <paramref name="design"/>.</summary>
    public static ResourceUsage Estimate(AcceleratorDesign design)
    {
        int bits = design.DataBits;
        var conv = design.Conv;
        long dsp = CeilDiv((long)conv.Tm * conv.Tn, design.MacsPerDsp);
        var (convBram, convLut, hotnasBram) = Buffers(conv, conv.Tn, bits);
        long bram = convBram, lut = ControlLuts + convLut + AdderTreeLuts(conv.Tm, conv.Tn, bits);
        long ff = ControlFfs + PipelineFfs(conv.Tm, conv.Tn, bits);
        long bramHotNas = hotnasBram;
        if (design.Depthwise is { } d)
        {
            dsp += CeilDiv(d.Tm, design.MacsPerDsp);
            // The depthwise engine holds Tm_d input channels, one per lane.
            var (dwBram, dwLut, dwHotNas) = Buffers(d with { Tn = d.Tm }, 1, bits);
            bram += dwBram;
            lut += dwLut + (long)d.Tm * AccumulatorBits(1, bits);
            ff += PipelineFfs(d.Tm, 1, bits);
            bramHotNas += dwHotNas;
        }
        return new ResourceUsage(Clamp(dsp), Clamp(bram), Clamp(lut), Clamp(ff), design.Ports.TotalBits, Clamp(bramHotNas));
    }

    /// <summary>Every resource the design overflows on the device; empty when it fits.</summary>
    public static IReadOnlyList<ResourceOverflow> Overflows(ResourceUsage usage, Device device)
    {
        var list = new List<ResourceOverflow>(0);
        Check(list, "DSP", usage.Dsp, device.Dsp);
        Check(list, "BRAM18", usage.Bram18, device.Bram18);
        Check(list, "LUT", usage.Lut, device.Lut);
        Check(list, "FF", usage.Ff, device.Ff);
        Check(list, "AXI port bits", usage.PortBits, device.AxiPortBits);
        return list;
    }

    /// <summary>Whether the design fits, without building the overflow list (the DSE's hot path).</summary>
    public static bool Fits(ResourceUsage usage, Device device) =>
        usage.Dsp <= device.Dsp && usage.Bram18 <= device.Bram18 && usage.Lut <= device.Lut
        && usage.Ff <= device.Ff && usage.PortBits <= device.AxiPortBits;

    private static (long Bram, long Lut, long HotNasBram) Buffers(EngineTiling t, int weightPartitionsPerLane, int bits)
    {
        long perTile = CeilDiv((long)t.Tr * t.Tc * bits, BramBits);
        long input = 2L * t.Tn * perTile;
        long output = 2L * t.Tm * perTile;
        long partitions = (long)t.Tm * weightPartitionsPerLane;
        long depth = (long)t.Tk * t.Tk;
        long hotnasWeights = partitions * CeilDiv(4L * depth * bits, BramBits);
        if (depth <= LutRamMaxDepth)
        {
            // Two buffers (ping-pong) per partition; a RAM64M8 gives 7 bits × 64 words for 8 LUTs.
            long lutsPerBuffer = CeilDiv(depth, 64) * CeilDiv(bits, 7) * 8;
            return (input + output, partitions * 2 * lutsPerBuffer, input + output + hotnasWeights);
        }
        return (input + output + hotnasWeights, 0, input + output + hotnasWeights);
    }

    private static int AccumulatorBits(int tn, int bits) => 2 * bits + (tn <= 1 ? 0 : (int)Math.Ceiling(Math.Log2(tn))) + 1;

    private static long AdderTreeLuts(int tm, int tn, int bits) => (long)tm * Math.Max(tn - 1, 1) * AccumulatorBits(tn, bits);

    private static long PipelineFfs(int tm, int tn, int bits) =>
        (long)tm * tn * 2 * bits + (long)tm * Math.Max(tn - 1, 1) * AccumulatorBits(tn, bits);

    private static void Check(List<ResourceOverflow> list, string name, long used, long available)
    {
        if (used > available) list.Add(new ResourceOverflow(name, used, available));
    }

    private static long CeilDiv(long a, long b) => (a + b - 1) / b;

    private static int Clamp(long v) => v > int.MaxValue ? int.MaxValue : (int)v;
}
