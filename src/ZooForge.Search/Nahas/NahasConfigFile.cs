using ZooForge.Asic.Description;
using ZooForge.Asic.EdgeTpu;
using ZooForge.Search.Config;

namespace ZooForge.Search.Nahas;

/// <summary>
/// Reads a <c>problem: nahas</c> search configuration strictly (unknown, missing and out-of-range
/// fields name the file, line, column and field):
/// <code>
/// format: zooforge-search/1
/// problem: nahas
/// name: nahas_mnist
/// hardware_space: edge-tpu-nahas      # the built-in Edge-TPU-like space, or a space file (relative to this file)
/// hardware_search: nested               # nested: the best point per architecture; joint: the knobs as genes
/// architecture: {expansion: [3, 6], kernel: [3, 5], width: [0.5, 0.75, 1.0], depth: true}
/// constraints: {latency_ms_max: 0.02, area_mm2_max: 53.3}   # area default: the default hardware point's
/// evaluation: {fine_tune_batches: 10, validation_images: 200}
/// budget: 6
/// </code>
/// </summary>
public static class NahasConfigFile
{
    /// <summary>Where the built-in configuration's messages say it came from.</summary>
    public const string DefaultSource = "(built-in nahas config)";

    /// <summary>Name of the built-in hardware space.</summary>
    public const string BuiltInSpace = "edge-tpu-nahas";

    /// <summary>The built-in configuration's text.</summary>
    public static string DefaultText
    {
        get
        {
            using var stream = typeof(NahasConfigFile).Assembly.GetManifestResourceStream("ZooForge.Search.nahas.yaml")
                ?? throw new InvalidOperationException("the built-in nahas configuration is not embedded");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
    }

    /// <summary>The built-in configuration.</summary>
    public static NahasConfig Default() => Parse(DefaultText, DefaultSource);

    /// <summary>Parses YAML text; <paramref name="source"/> prefixes every message and locates a relative space file.</summary>
    /// <exception cref="SearchConfigException">The text is invalid, or names a bad space file.</exception>
    public static NahasConfig Parse(string text, string source)
    {
        var root = SearchConfigFile.Root(text, source);
        var formatNode = root.Required("format");
        if (root.Scalar(formatNode, "format") != SearchConfigFile.Format) throw root.Error(formatNode, "format", $"expected '{SearchConfigFile.Format}'");
        var problemNode = root.Required("problem");
        if (root.Scalar(problemNode, "problem") != NahasProblem.ProblemName) throw root.Error(problemNode, "problem", $"expected '{NahasProblem.ProblemName}'");
        string name = SearchConfigFile.Name(root);
        var space = Space(root.OptionalString("hardware_space") ?? BuiltInSpace, source);
        var blocks = Blocks(root);
        string mode = root.OptionalString("hardware_search") ?? "nested";
        if (mode is not ("nested" or "joint"))
            throw root.Error(root.Required("hardware_search"), "hardware_search", $"expected 'nested' (the hardware searched per architecture) or 'joint' (its knobs as genes), got '{mode}'");

        var c = root.Child("constraints") ?? throw root.Error(root.Required("constraints"), "constraints", "missing");
        double latency = Positive(c, "latency_ms_max", null);
        double area = Positive(c, "area_mm2_max", space.Default().ToAccelerator().AreaMm2);
        c.RejectUnknown();

        int batches = 10, images = 200;
        if (root.Child("evaluation") is { } e)
        {
            batches = Bounded(e, "fine_tune_batches", batches, 1, 100_000);
            images = Bounded(e, "validation_images", images, 1, 2000);
            e.RejectUnknown();
        }
        int budget = Bounded(root, "budget", 6, 1, 100_000);
        root.RejectUnknown();
        return new NahasConfig
        {
            Name = name, HardwareSpace = space, Blocks = blocks, Constraints = new NahasConstraints(latency, area),
            FineTuneBatches = batches, ValidationImages = images, Budget = budget, Text = text, NestedHardware = mode == "nested",
        };
    }

    private static EdgeTpuSpace Space(string nameOrPath, string source)
    {
        if (nameOrPath == BuiltInSpace) return EdgeTpuSpace.BuiltIn();
        // A relative space file is relative to the configuration that names it, so a run can be resumed from anywhere.
        string path = Path.IsPathRooted(nameOrPath) || !File.Exists(source) ? nameOrPath : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(source))!, nameOrPath);
        if (!File.Exists(path))
            throw new SearchConfigException($"{source}: field 'hardware_space': '{nameOrPath}' is neither a space file nor the built-in space '{BuiltInSpace}'");
        try
        {
            return EdgeTpuSpace.Parse(File.ReadAllText(path), path);
        }
        catch (AcceleratorFormatException e)
        {
            throw new SearchConfigException(e.Message);
        }
    }

    private static NahasBlockSpace Blocks(YamlMap root)
    {
        var d = NahasBlockSpace.Default;
        if (root.Child("architecture") is not { } a) return d;
        var expansions = Values(a, "expansion", 1, 8).Select(v => (int)v).ToList() is { Count: > 0 } ex ? ex : d.Expansions;
        var kernels = Values(a, "kernel", 1, 7).Select(v => (int)v).ToList() is { Count: > 0 } k ? k : d.Kernels;
        foreach (var (node, path) in a.Sequence("kernel", required: false))
            if ((int)a.ToNumber(node, path) % 2 == 0) throw a.Error(node, path, "kernels must be odd (the padding keeps the map size)");
        var widths = Values(a, "width", 0.25, 2, integer: false) is { Count: > 0 } w ? w : d.Widths;
        bool depth = d.SearchDepth;
        if (a.Optional("depth") is { } dn)
        {
            string v = a.Scalar(dn, $"{a.Path}.depth");
            depth = v switch { "true" => true, "false" => false, _ => throw a.Error(dn, $"{a.Path}.depth", $"expected true or false, got '{v}'") };
        }
        a.RejectUnknown();
        return new NahasBlockSpace(expansions, kernels, widths, depth);
    }

    private static List<double> Values(YamlMap map, string key, double min, double max, bool integer = true)
    {
        var values = new List<double>();
        foreach (var (node, path) in map.Sequence(key, required: false))
        {
            double v = map.ToNumber(node, path);
            if (integer && v != Math.Floor(v)) throw map.Error(node, path, $"expected an integer, got {v}");
            if (v < min || v > max) throw map.Error(node, path, $"must be between {min} and {max}, got {v}");
            if (values.Contains(v)) throw map.Error(node, path, $"value {v} is listed twice");
            values.Add(v);
        }
        if (map.Optional(key) is { } n && values.Count == 0) throw map.Error(n, $"{map.Path}.{key}", "must list at least one value");
        return values;
    }

    private static double Positive(YamlMap map, string key, double? fallback)
    {
        if (map.Optional(key) is not { } node)
            return fallback ?? throw map.Error(map.Required(key), $"{map.Path}.{key}", "missing");
        double v = map.ToNumber(node, $"{map.Path}.{key}");
        if (!(v > 0) || !double.IsFinite(v)) throw map.Error(node, $"{map.Path}.{key}", $"must be greater than 0, got {v}");
        return v;
    }

    private static int Bounded(YamlMap map, string key, int fallback, int min, int max)
    {
        if (map.Optional(key) is not { } node) return fallback;
        string field = map.Path.Length == 0 ? key : $"{map.Path}.{key}";
        double v = map.ToNumber(node, field);
        if (v != Math.Floor(v) || v < min || v > max) throw map.Error(node, field, $"must be an integer between {min} and {max}, got {v}");
        return (int)v;
    }

    /// <summary>The configuration's <c>problem</c> field (see <see cref="HwSw.HwSwConfigFile.Problem"/>).</summary>
    public static bool Handles(string text) => HwSw.HwSwConfigFile.Problem(text) == NahasProblem.ProblemName;
}
