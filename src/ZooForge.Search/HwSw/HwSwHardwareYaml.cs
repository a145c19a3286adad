using System.Globalization;
using ZooForge.Asic.Description;

namespace ZooForge.Search.HwSw;

/// <summary>Writes a chosen accelerator in the hardware description format <c>zooforge asic --hw FILE</c> reads back.</summary>
public static class HwSwHardwareYaml
{
    /// <summary>The description of <paramref name="hw"/> as YAML, every field explicit.</summary>
    public static string Write(SpatialAccelerator hw, string name, string source) => string.Create(CultureInfo.InvariantCulture, $$"""
        # {{source}}
        name: {{name}}
        source: {{source}}
        pe_array: { x: {{hw.PeX}}, y: {{hw.PeY}} }
        macs_per_pe: {{hw.MacsPerPe}}
        word_bytes: {{hw.WordBytes}}
        l1_bytes: {{hw.L1Bytes}}
        l2_kb: {{hw.L2Bytes / 1024.0:R}}
        noc: { bandwidth: {{hw.NocBandwidth}}, hops: {{hw.NocHops}}, hop_latency: {{hw.NocHopLatency}} }
        off_chip_bandwidth: {{hw.OffChipBandwidth}}
        clock_mhz: {{hw.ClockMhz:R}}
        energy_pj: { mac: {{hw.Energy.MacPj:R}}, l1: {{hw.Energy.L1Pj:R}}, noc: {{hw.Energy.NocPj:R}}, l2: {{hw.Energy.L2Pj:R}}, dram: {{hw.Energy.DramPj:R}} }
        area_mm2: { pe: {{hw.Area.PeMm2:R}}, sram_kb: {{hw.Area.SramKbMm2:R}} }

        """);
}
