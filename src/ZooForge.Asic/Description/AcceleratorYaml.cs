using System.Text.RegularExpressions;

namespace ZooForge.Asic.Description;

/// <summary>
/// Reads a spatial-accelerator description. The format (every field but <c>source</c>,
/// <c>macs_per_pe</c>, <c>simd_units</c>, <c>compute_lanes</c>, <c>register_file_bytes</c>, <c>word_bytes</c>, <c>noc.hops</c>, <c>noc.hop_latency</c>, <c>energy_pj</c>
/// and <c>area_mm2</c> is required; give the array as <c>pe_array: {x, y}</c> or <c>pes: N</c>):
/// <code>
/// name: eyeriss-like
/// pe_array: { x: 14, y: 12 }
/// macs_per_pe: 1
/// word_bytes: 2
/// l1_bytes: 512          # scratchpad per PE
/// l2_kb: 108             # shared buffer
/// noc: { bandwidth: 64, hops: 1, hop_latency: 1 }   # words per cycle
/// off_chip_bandwidth: 16 # words per cycle
/// clock_mhz: 200
/// energy_pj: { mac: 1.0, l1: 1.0, noc: 2.0, l2: 6.0, dram: 200.0 }
/// area_mm2: { pe: 0.0035, sram_kb: 0.009 }
/// </code>
/// </summary>
public static partial class AcceleratorYaml
{
    private static readonly string[] Fields =
        ["name", "source", "pe_array", "pes", "macs_per_pe", "simd_units", "compute_lanes", "register_file_bytes", "word_bytes", "l1_bytes", "l2_kb", "noc", "off_chip_bandwidth", "clock_mhz", "energy_pj", "area_mm2"];

    /// <summary>Parses one description; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="AcceleratorFormatException">The text is not a valid description.</exception>
    public static SpatialAccelerator Parse(string text, string source)
    {
        var root = StrictYamlMapping.Root(text, source, Fields, "an accelerator description");
        string name = root.String("name");
        if (!NamePattern().IsMatch(name)) throw root.ErrorAt("name", $"must be lower-case letters, digits and '-' (e.g. 'eyeriss-like'), got '{name}'");
        root.RequireOneOf("pe_array", "pes");
        int x, y;
        if (root.Has("pe_array"))
        {
            var array = root.Mapping("pe_array", ["x", "y"]);
            x = (int)array.Integer("x", 1, 65536);
            y = (int)array.Integer("y", 1, 65536);
        }
        else
        {
            x = (int)root.Integer("pes", 1, 1 << 24);
            y = 1;
        }
        if ((long)x * y > 1 << 24) throw root.ErrorAt("pe_array", $"{x}×{y} PEs is more than {1 << 24}");
        var noc = root.Mapping("noc", ["bandwidth", "hops", "hop_latency"]);
        var energy = EnergyTable.Eyeriss65nm;
        if (root.Has("energy_pj"))
        {
            var e = root.Mapping("energy_pj", ["mac", "l1", "noc", "l2", "dram"]);
            energy = new EnergyTable { MacPj = e.Number("mac"), L1Pj = e.Number("l1"), NocPj = e.Number("noc"), L2Pj = e.Number("l2"), DramPj = e.Number("dram") };
        }
        var area = AreaTable.Accelergy45nm;
        if (root.Has("area_mm2"))
        {
            var a = root.Mapping("area_mm2", ["pe", "sram_kb"]);
            area = new AreaTable { PeMm2 = a.Number("pe"), SramKbMm2 = a.Number("sram_kb") };
        }
        int simd = (int)root.OptionalInteger("simd_units", 0, 1, 4096);
        int lanes = (int)root.OptionalInteger("compute_lanes", 0, 1, 4096);
        if ((simd > 0) != (lanes > 0)) throw root.ErrorAt(simd > 0 ? "simd_units" : "compute_lanes", "give simd_units and compute_lanes together (a vector PE), or neither");
        int macs = (int)root.OptionalInteger("macs_per_pe", simd > 0 ? simd * lanes : 1, 1, 1 << 20);
        if (simd > 0 && macs != simd * lanes) throw root.ErrorAt("macs_per_pe", $"must equal simd_units × compute_lanes = {simd * lanes} for a vector PE, got {macs}");
        return new SpatialAccelerator
        {
            Name = name,
            Source = root.OptionalString("source"),
            PeX = x,
            PeY = y,
            MacsPerPe = macs,
            WordBytes = (int)root.OptionalInteger("word_bytes", 1, 1, 8),
            SimdUnits = simd,
            ComputeLanes = lanes,
            RegisterFileBytes = root.OptionalInteger("register_file_bytes", 0, 0, 1L << 30),
            L1Bytes = root.Integer("l1_bytes", 1, 1L << 30),
            L2Bytes = (long)Math.Round(root.Number("l2_kb", 0, 1 << 22) * 1024),
            NocBandwidth = (int)noc.Integer("bandwidth", 1, 1 << 20),
            NocHops = (int)noc.OptionalInteger("hops", 1, 0, 1024),
            NocHopLatency = (int)noc.OptionalInteger("hop_latency", 1, 0, 1024),
            OffChipBandwidth = (int)root.Integer("off_chip_bandwidth", 1, 1 << 20),
            ClockMhz = root.Number("clock_mhz", 0, 10000),
            Energy = energy,
            Area = area,
        };
    }

    [GeneratedRegex("^[a-z0-9-]+$")]
    private static partial Regex NamePattern();
}
