using System.Reflection;
using ZooForge.Asic.Description;
using ZooForge.Asic.Eyeriss;

namespace ZooForge.Asic.EdgeTpu;

/// <summary>
/// The ranges of the Edge-TPU-like template's knobs, read from a YAML space file (the built-in
/// one is <c>EdgeTpu/edge-tpu-space.yaml</c>). Each knob is a list of allowed values or a
/// <c>{min, max, step|factor}</c> range (<see cref="HardwareKnob.Read"/>); unknown, missing and out-of-bounds
/// knobs fail naming the file, line, column and field.
/// </summary>
public sealed record EdgeTpuSpace
{
    /// <summary>The knob fields in the order of a point's indices, with their physical bounds.</summary>
    public static IReadOnlyList<(string Name, long Min, long Max)> KnobBounds { get; } =
    [
        ("pes_x", 1, 256), ("pes_y", 1, 256), ("simd_units", 1, 1024), ("compute_lanes", 1, 1024),
        ("local_memory_kb", 1, 1 << 20), ("register_file_kb", 1, 1 << 16), ("io_bandwidth_gbps", 1, 10000),
    ];

    private static readonly string[] Fields = ["name", .. KnobBounds.Select(k => k.Name), "clock_mhz"];

    /// <summary>Name of the space.</summary>
    public required string Name { get; init; }
    /// <summary>Allowed PEs along x.</summary>
    public required IReadOnlyList<long> PesX { get; init; }
    /// <summary>Allowed PEs along y.</summary>
    public required IReadOnlyList<long> PesY { get; init; }
    /// <summary>Allowed SIMD units per PE.</summary>
    public required IReadOnlyList<long> SimdUnits { get; init; }
    /// <summary>Allowed compute lanes.</summary>
    public required IReadOnlyList<long> ComputeLanes { get; init; }
    /// <summary>Allowed local memory per PE, KB.</summary>
    public required IReadOnlyList<long> LocalMemoryKb { get; init; }
    /// <summary>Allowed register file per PE, KB.</summary>
    public required IReadOnlyList<long> RegisterFileKb { get; init; }
    /// <summary>Allowed I/O bandwidths, GB/s.</summary>
    public required IReadOnlyList<long> IoBandwidthGbps { get; init; }
    /// <summary>Clock, MHz.</summary>
    public required double ClockMhz { get; init; }

    /// <summary>Number of points.</summary>
    public long Size => (long)PesX.Count * PesY.Count * SimdUnits.Count * ComputeLanes.Count * LocalMemoryKb.Count * RegisterFileKb.Count * IoBandwidthGbps.Count;

    /// <summary>The built-in space.</summary>
    public static EdgeTpuSpace BuiltIn()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("ZooForge.Asic.EdgeTpu.edge-tpu-space.yaml")!;
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), "built-in:edge-tpu-space.yaml");
    }

    /// <summary>Parses a space file.</summary>
    /// <exception cref="AcceleratorFormatException">The text is not a valid space.</exception>
    public static EdgeTpuSpace Parse(string text, string source)
    {
        var root = StrictYamlMapping.Root(text, source, Fields, "an Edge-TPU space");
        var knobs = KnobBounds.Select(k => HardwareKnob.Read(root, k.Name, k.Min, k.Max).Values).ToArray();
        return new EdgeTpuSpace
        {
            Name = root.String("name"),
            PesX = knobs[0], PesY = knobs[1], SimdUnits = knobs[2], ComputeLanes = knobs[3],
            LocalMemoryKb = knobs[4], RegisterFileKb = knobs[5], IoBandwidthGbps = knobs[6],
            ClockMhz = root.Number("clock_mhz", 0, 10000),
        };
    }

    /// <summary>The knobs with their values (ascending), in the order of <see cref="KnobBounds"/>.</summary>
    public IReadOnlyList<HardwareKnob> Knobs =>
        new[] { PesX, PesY, SimdUnits, ComputeLanes, LocalMemoryKb, RegisterFileKb, IoBandwidthGbps }.Select((v, i) => new HardwareKnob(KnobBounds[i].Name, v)).ToList();

    /// <summary>The point with one value index per knob, in the order of <see cref="KnobBounds"/>.</summary>
    /// <exception cref="ArgumentException">Wrong number of indices.</exception>
    public EdgeTpuConfig At(IReadOnlyList<int> indices) => indices.Count == KnobBounds.Count
        ? At(indices[0], indices[1], indices[2], indices[3], indices[4], indices[5], indices[6])
        : throw new ArgumentException($"expected {KnobBounds.Count} knob indices, got {indices.Count}");

    /// <summary>The point with one index per knob, in the order of the file's fields.</summary>
    public EdgeTpuConfig At(int x, int y, int simd, int lanes, int memory, int registers, int io) => new()
    {
        PesX = (int)PesX[x], PesY = (int)PesY[y], SimdUnits = (int)SimdUnits[simd], ComputeLanes = (int)ComputeLanes[lanes],
        LocalMemoryKb = (int)LocalMemoryKb[memory], RegisterFileKb = (int)RegisterFileKb[registers], IoBandwidthGbps = IoBandwidthGbps[io],
        ClockMhz = ClockMhz,
    };

    /// <summary>The middle of every range: the default Edge-TPU-like point.</summary>
    public EdgeTpuConfig Default() => At(PesX.Count / 2, PesY.Count / 2, SimdUnits.Count / 2, ComputeLanes.Count / 2, LocalMemoryKb.Count / 2, RegisterFileKb.Count / 2, IoBandwidthGbps.Count / 2);
}
