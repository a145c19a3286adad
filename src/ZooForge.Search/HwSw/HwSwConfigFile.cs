using ZooForge.Core.Errors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using ZooForge.Asic.Dataflows;
using ZooForge.Asic.Description;
using ZooForge.Asic.Eyeriss;
using ZooForge.Search.Config;

namespace ZooForge.Search.HwSw;

/// <summary>
/// Reads a <c>problem: hwsw-edp</c> search configuration strictly (unknown, missing and
/// out-of-range fields name the file, line, column and field):
/// <code>
/// format: zooforge-search/1
/// problem: hwsw-edp
/// name: eyeriss_edp
/// hardware_space: eyeriss-shi          # the built-in space, or a space file (relative to this file)
/// workloads: [resnet18, mobilenet_v2]  # built-in architectures
/// dataflows: [rs, ws, os]              # templates the inner search maps each layer with (default: all three)
/// constraints: {area_mm2_max: 2.33, pes_max: 256, latency_ms_max: 150}
/// budget: 40
/// </code>
/// </summary>
public static class HwSwConfigFile
{
    /// <summary>Where the built-in configuration's messages say it came from.</summary>
    public const string DefaultSource = "(built-in hwsw-edp config)";

    /// <summary>The built-in configuration's text (ResNet-18 and MobileNetV2 on the Eyeriss-like space).</summary>
    public static string DefaultText
    {
        get
        {
            using var stream = typeof(HwSwConfigFile).Assembly.GetManifestResourceStream("ZooForge.Search.hwsw-edp.yaml")
                ?? throw new InvalidOperationException("the built-in hwsw-edp configuration is not embedded");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
    }

    /// <summary>The built-in configuration.</summary>
    public static HwSwConfig Default() => Parse(DefaultText, DefaultSource);

    /// <summary>Parses YAML text; <paramref name="source"/> prefixes every message and locates a relative space file.</summary>
    /// <exception cref="SearchConfigException">The text is invalid, or names a bad space file.</exception>
    public static HwSwConfig Parse(string text, string source)
    {
        var root = SearchConfigFile.Root(text, source);
        var formatNode = root.Required("format");
        if (root.Scalar(formatNode, "format") != SearchConfigFile.Format) throw root.Error(formatNode, "format", $"expected '{SearchConfigFile.Format}'");
        var problemNode = root.Required("problem");
        if (root.Scalar(problemNode, "problem") != NestedHwSwProblem.ProblemName)
            throw root.Error(problemNode, "problem", $"expected '{NestedHwSwProblem.ProblemName}'");
        string name = SearchConfigFile.Name(root);

        var spaceNode = root.Optional("hardware_space");
        string spaceName = spaceNode is null ? EyerissSpace.BuiltInName : root.Scalar(spaceNode, "hardware_space");
        EyerissSpace space;
        try
        {
            space = EyerissSpace.Resolve(Locate(spaceName, source), $"{source}: field 'hardware_space'");
        }
        catch (AcceleratorFormatException e)
        {
            throw new SearchConfigException(e.Message);
        }

        var workloads = new List<string>();
        foreach (var (node, path) in root.Sequence("workloads"))
        {
            string workload = root.Scalar(node, path);
            if (!Graph.Zoo.BuiltinModels.Names.Contains(workload))
                throw root.Error(node, path, $"unknown workload '{workload}' (built-in architectures: {string.Join(", ", Graph.Zoo.BuiltinModels.Names)})");
            if (workloads.Contains(workload)) throw root.Error(node, path, $"workload '{workload}' is listed twice");
            workloads.Add(workload);
        }
        if (workloads.Count == 0) throw root.Error(root.Required("workloads"), "workloads", "must list at least one workload");

        var dataflows = new List<Dataflow>();
        foreach (var (node, path) in root.Sequence("dataflows", required: false))
        {
            Dataflow dataflow;
            try { dataflow = DataflowNames.Parse(root.Scalar(node, path)); }
            catch (InvalidInputException e) { throw root.Error(node, path, e.Message); }
            if (dataflow == Dataflow.EdgeTpu) throw root.Error(node, path, "the Edge-TPU-like template needs vector PEs, which the Eyeriss-like array does not have (use ws, os or rs)");
            if (dataflows.Contains(dataflow)) throw root.Error(node, path, $"dataflow '{dataflow.ShortName()}' is listed twice");
            dataflows.Add(dataflow);
        }
        if (dataflows.Count == 0) dataflows.AddRange(MapperInnerSearch.DefaultDataflows);

        var constraints = new HwSwConstraints();
        if (root.Child("constraints") is { } c)
        {
            constraints = new HwSwConstraints(
                Positive(c, "area_mm2_max"), Positive(c, "pes_max") is { } pes ? CheckedInteger(c, "pes_max", pes) : null, Positive(c, "latency_ms_max"));
            c.RejectUnknown();
        }
        int budget = root.Integer("budget", 40);
        if (budget < 1) throw root.Error(root.Required("budget"), "budget", "must be at least 1");
        root.RejectUnknown();
        return new HwSwConfig { Name = name, HardwareSpace = space, Workloads = workloads, Dataflows = dataflows, Constraints = constraints, Budget = budget, Text = text };
    }

    /// <summary>The configuration's <c>problem</c> field, or null when it has none (the co-search); null as well for text that is not a YAML mapping.</summary>
    public static string? Problem(string text)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            return stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode map
                && map.Children.TryGetValue(new YamlScalarNode("problem"), out var value) && value is YamlScalarNode { Value: { } p } ? p : null;
        }
        catch (Exception e) when (e is YamlException or InvalidOperationException)
        {
            return null; // the full parser reports the syntax error with its position
        }
    }

    // A relative space file is relative to the configuration that names it, so a run can be resumed from anywhere.
    private static string Locate(string space, string source)
    {
        if (space == EyerissSpace.BuiltInName || Path.IsPathRooted(space) || !File.Exists(source)) return space;
        return Path.Combine(Path.GetDirectoryName(Path.GetFullPath(source))!, space);
    }

    private static double? Positive(YamlMap map, string key)
    {
        if (map.Optional(key) is not { } node) return null;
        double v = map.ToNumber(node, $"{map.Path}.{key}");
        if (!(v > 0)) throw map.Error(node, $"{map.Path}.{key}", $"must be greater than 0, got {v}");
        return v;
    }

    private static int CheckedInteger(YamlMap map, string key, double value)
    {
        if (value != Math.Floor(value) || value > int.MaxValue) throw map.Error(map.Required(key), $"{map.Path}.{key}", $"expected an integer, got {value}");
        return (int)value;
    }
}
