using System.Reflection;
using ZooForge.Asic.Description;

namespace ZooForge.Asic.Eyeriss;

/// <summary>
/// The ranges of the Eyeriss-like template's knobs, read strictly from a space file (the built-in
/// one is <c>Eyeriss/eyeriss-space.yaml</c>): unknown, duplicate and missing knobs, values outside a
/// knob's physical bounds, empty or inverted ranges all fail with one line naming the file, line,
/// column and field.
/// </summary>
public sealed record EyerissSpace
{
    /// <summary>Name of the built-in space.</summary>
    public const string BuiltInName = "eyeriss-shi";

    /// <summary>Largest number of values one knob may take: a range that would expand further is a typo.</summary>
    public const int MaxValuesPerKnob = HardwareKnob.MaxValues;

    /// <summary>The knob fields in the order of a point's indices, with their physical bounds.</summary>
    public static IReadOnlyList<(string Name, long Min, long Max)> KnobBounds { get; } =
    [
        ("pe_x", 1, 256), ("pe_y", 1, 256), ("l1_bytes", 16, 1 << 20), ("l2_kb", 1, 1 << 16),
        ("noc_bandwidth", 1, 1 << 20), ("off_chip_bandwidth", 1, 1 << 20),
    ];

    private static readonly string[] Fields = ["name", "base", .. KnobBounds.Select(k => k.Name)];

    /// <summary>Name of the space.</summary>
    public required string Name { get; init; }
    /// <summary>The accelerator every point starts from (word size, clock, energy and area tables).</summary>
    public required SpatialAccelerator Base { get; init; }
    /// <summary>The knobs, in the order of <see cref="KnobBounds"/>.</summary>
    public required IReadOnlyList<HardwareKnob> Knobs { get; init; }

    /// <summary>Number of points.</summary>
    public long Size => Knobs.Aggregate(1L, (n, k) => n * k.Values.Count);

    /// <summary>The built-in space.</summary>
    public static EyerissSpace BuiltIn()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("ZooForge.Asic.Eyeriss.eyeriss-space.yaml")!;
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), "built-in:eyeriss-space.yaml");
    }

    /// <summary>The built-in space for <see cref="BuiltInName"/>, else the space file at <paramref name="nameOrPath"/>.</summary>
    /// <exception cref="AcceleratorFormatException">The file is missing or malformed.</exception>
    public static EyerissSpace Resolve(string nameOrPath, string field)
    {
        if (nameOrPath == BuiltInName) return BuiltIn();
        if (!File.Exists(nameOrPath))
            throw new AcceleratorFormatException($"{field}: '{nameOrPath}' is neither a space file nor the built-in space '{BuiltInName}'") { Field = field };
        return Parse(File.ReadAllText(nameOrPath), nameOrPath);
    }

    /// <summary>Parses a space file.</summary>
    /// <exception cref="AcceleratorFormatException">The text is not a valid space.</exception>
    public static EyerissSpace Parse(string text, string source)
    {
        var root = StrictYamlMapping.Root(text, source, Fields, "an Eyeriss-like hardware space");
        string baseName = root.String("base");
        var template = AcceleratorCatalogue.BuiltIn.FirstOrDefault(a => a.Name == baseName)
            ?? throw root.ErrorAt("base", $"unknown built-in accelerator '{baseName}' (built-in: {string.Join(", ", AcceleratorCatalogue.BuiltIn.Select(a => a.Name))})");
        return new EyerissSpace
        {
            Name = root.String("name"),
            Base = template,
            Knobs = KnobBounds.Select(k => HardwareKnob.Read(root, k.Name, k.Min, k.Max)).ToList(),
        };
    }

    /// <summary>The point with one value index per knob.</summary>
    /// <exception cref="ArgumentException">Wrong number of indices, or one out of range.</exception>
    public EyerissPoint At(IReadOnlyList<int> indices)
    {
        if (indices.Count != Knobs.Count) throw new ArgumentException($"expected {Knobs.Count} knob indices, got {indices.Count}");
        long V(int k) => Knobs[k].Values[indices[k]];
        return new EyerissPoint
        {
            PeX = (int)V(0), PeY = (int)V(1), L1Bytes = V(2), L2Kb = V(3), NocBandwidth = (int)V(4), OffChipBandwidth = (int)V(5),
        };
    }
}
