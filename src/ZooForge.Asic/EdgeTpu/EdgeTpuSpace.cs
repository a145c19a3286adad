using System.Reflection;
using ZooForge.Asic.Description;

namespace ZooForge.Asic.EdgeTpu;

/// <summary>
/// The ranges of the Edge-TPU-like template's knobs, read from a YAML space file (the built-in
/// one is <c>EdgeTpu/edge-tpu-space.yaml</c>). Each knob is a list of allowed values.
/// </summary>
public sealed record EdgeTpuSpace
{
    private static readonly string[] Fields =
        ["name", "pes_x", "pes_y", "simd_units", "compute_lanes", "local_memory_kb", "register_file_kb", "io_bandwidth_gbps", "clock_mhz"];

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
        return new EdgeTpuSpace
        {
            Name = root.String("name"),
            PesX = root.IntegerList("pes_x", 1, 256),
            PesY = root.IntegerList("pes_y", 1, 256),
            SimdUnits = root.IntegerList("simd_units", 1, 1024),
            ComputeLanes = root.IntegerList("compute_lanes", 1, 1024),
            LocalMemoryKb = root.IntegerList("local_memory_kb", 1, 1 << 20),
            RegisterFileKb = root.IntegerList("register_file_kb", 1, 1 << 16),
            IoBandwidthGbps = root.IntegerList("io_bandwidth_gbps", 1, 10000),
            ClockMhz = root.Number("clock_mhz", 0, 10000),
        };
    }

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
