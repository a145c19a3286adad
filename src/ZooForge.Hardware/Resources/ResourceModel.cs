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
/// rules out every design of its own ZCU102 space (2,520 weight BRAMs alone against 1,824).
/// A dense engine reshapes its weight buffer into one wide memory instead (see <c>Buffers</c>):
/// ⌈Tm·Tn/⌊36/b⌋⌉ BRAM18 and no LUTRAM.</item>
/// <item>LUT and FF: fixed AXI/control logic, LUTRAM for the weight buffers, and the PE array
/// (without its window select in a dense engine)
/// by <see cref="PeArrayLuts"/> and <see cref="PeArrayFfs"/>, calibrated against Yosys's
/// synthesis of the generated RTL PE array (<c>src/ZooForge.Hardware/README.md</c>, "Resource
/// model calibration").</item>
/// </list>
/// </summary>
public static class ResourceModel
{
    /// <summary>Bits per BRAM18 in HotNAS's formulas.</summary>
    public const int BramBits = 18000;

    /// <summary>Width in bits of a BRAM18 in simple dual-port mode.</summary>
    public const int SdpBramWidth = 36;

    /// <summary>Words of a BRAM18 at <see cref="SdpBramWidth"/> bits.</summary>
    public const int SdpBramDepth = 512;

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
        var (convBram, convLut, hotnasBram) = Buffers(conv, conv.Tn, bits, design.Dense);
        int pixels = design.MacsPerDsp;
        // A dense engine's PEs have no window select: the Tk term of the PE formula vanishes.
        int convSelect = design.Dense ? 0 : conv.Tk;
        long bram = convBram, lut = ControlLuts + convLut + PeArrayLuts(conv.Tm, conv.Tn, convSelect, bits, pixels);
        long ff = ControlFfs + PeArrayFfs(conv.Tm, conv.Tn, bits, pixels);
        long bramHotNas = hotnasBram;
        if (design.Depthwise is { } d)
        {
            dsp += CeilDiv(d.Tm, design.MacsPerDsp);
            // The depthwise engine holds Tm_d input channels, one per lane.
            var (dwBram, dwLut, dwHotNas) = Buffers(d with { Tn = d.Tm }, 1, bits, design.Dense);
            bram += dwBram;
            // Each depthwise lane is one PE with the same window select as a conv PE.
            lut += dwLut + PeArrayLuts(d.Tm, 1, design.Dense ? 0 : d.Tk, bits, pixels);
            ff += PeArrayFfs(d.Tm, 1, bits, pixels);
            bramHotNas += dwHotNas;
        }
        return new ResourceUsage(Clamp(dsp), Clamp(bram), Clamp(lut), Clamp(ff), design.Ports.TotalBits, Clamp(bramHotNas));
    }

    /// <summary>Every resource the design overflows on the device; empty when it fits.</summary>
    /// <param name="usage">The design's estimate.</param>
    /// <param name="device">The device.</param>
    /// <param name="constrainLogic">Whether LUTs and FFs count; HotNAS's own model constrains DSP, BRAM and ports only.</param>
    public static IReadOnlyList<ResourceOverflow> Overflows(ResourceUsage usage, Device device, bool constrainLogic = true)
    {
        var list = new List<ResourceOverflow>(0);
        Check(list, "DSP", usage.Dsp, device.Dsp);
        Check(list, "BRAM18", usage.Bram18, device.Bram18);
        if (constrainLogic)
        {
            Check(list, "LUT", usage.Lut, device.Lut);
            Check(list, "FF", usage.Ff, device.Ff);
        }
        Check(list, "AXI port bits", usage.PortBits, device.AxiPortBits);
        return list;
    }

    /// <summary>Whether the design fits, without building the overflow list (the DSE's hot path).</summary>
    /// <param name="usage">The design's estimate.</param>
    /// <param name="device">The device.</param>
    /// <param name="constrainLogic">Whether LUTs and FFs count; HotNAS's own model constrains DSP, BRAM and ports only.</param>
    public static bool Fits(ResourceUsage usage, Device device, bool constrainLogic = true) =>
        usage.Dsp <= device.Dsp && usage.Bram18 <= device.Bram18
        && (!constrainLogic || (usage.Lut <= device.Lut && usage.Ff <= device.Ff))
        && usage.PortBits <= device.AxiPortBits;

    private static (long Bram, long Lut, long HotNasBram) Buffers(EngineTiling t, int weightPartitionsPerLane, int bits, bool dense)
    {
        long perTile = CeilDiv((long)t.Tr * t.Tc * bits, BramBits);
        long input = 2L * t.Tn * perTile;
        long output = 2L * t.Tm * perTile;
        long partitions = (long)t.Tm * weightPartitionsPerLane;
        long depth = (long)t.Tk * t.Tk;
        long hotnasWeights = partitions * CeilDiv(4L * depth * bits, BramBits);
        if (dense)
        {
            // A dense engine reads tap t of every PE's kernel in the same cycle, so the weight
            // buffer is one memory of 2·Tk² words (both ping-pong halves) as wide as all PEs'
            // weights together, reshaped rather than partitioned: each BRAM18, 36 bits wide in
            // simple dual-port mode, holds ⌊36/b⌋ PEs' weights over 512 words.
            long perBram = Math.Max(1, SdpBramWidth / bits);
            long weights = CeilDiv(partitions, perBram) * CeilDiv(2 * depth, SdpBramDepth);
            return (input + output + weights, 0, input + output + hotnasWeights);
        }
        if (depth <= LutRamMaxDepth)
        {
            // Two buffers (ping-pong) per partition; a RAM64M8 gives 7 bits × 64 words for 8 LUTs.
            long lutsPerBuffer = CeilDiv(depth, 64) * CeilDiv(bits, 7) * 8;
            return (input + output, partitions * 2 * lutsPerBuffer, input + output + hotnasWeights);
        }
        return (input + output + hotnasWeights, 0, input + output + hotnasWeights);
    }

    /// <summary>
    /// LUTs of a PE array of <paramref name="tm"/> lanes × <paramref name="tn"/> PEs. Yosys puts
    /// nearly all of them in each PE's operand select, a Tk²-input multiplexer per data bit and
    /// pixel (the pattern picks a different window position per kernel), so a PE costs
    /// (5 + 1.25·Tk²)·bits LUTs — 16.25·b at Tk = 3, 36.25·b at Tk = 5 — whether packed or not;
    /// each lane adds a 32-bit accumulator adder per pixel it computes at once. A dense engine
    /// passes <paramref name="tk"/> = 0: all its PEs read the same window position each cycle,
    /// one read per input channel broadcast to the lanes, so the select is gone and a PE keeps
    /// the 5·b LUTs of its operand registers and adder-tree share.
    /// </summary>
    public static long PeArrayLuts(int tm, int tn, int tk, int bits, int pixelsPerLane)
    {
        long quarterLutsPerPeBit = 20 + 5L * tk * tk;
        long perLane = AccumulatorBits * pixelsPerLane + CeilDiv(tn * bits * quarterLutsPerPeBit, 4);
        return tm * perLane;
    }

    /// <summary>
    /// Flip-flops of the same PE array: per PE 6·bits + 16 (operand, product and adder-tree
    /// registers), per lane 35 per pixel (accumulator and control); independent of Tk.
    /// </summary>
    public static long PeArrayFfs(int tm, int tn, int bits, int pixelsPerLane) =>
        tm * (35L * pixelsPerLane + (long)tn * (6 * bits + 16));

    private const int AccumulatorBits = 32;

    private static void Check(List<ResourceOverflow> list, string name, long used, long available)
    {
        if (used > available) list.Add(new ResourceOverflow(name, used, available));
    }

    private static long CeilDiv(long a, long b) => (a + b - 1) / b;

    private static int Clamp(long v) => v > int.MaxValue ? int.MaxValue : (int)v;
}
