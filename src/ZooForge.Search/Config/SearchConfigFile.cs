using ZooForge.Hardware.Performance;
using ZooForge.Hardware.Exploration;
using ZooForge.Hardware.Devices;
using ZooForge.Core.Errors;
using System.Reflection;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using ZooForge.Compression.Cutting;
using ZooForge.Graph.Layers;
using ZooForge.Graph.Model;
using ZooForge.Search.Expressions;
using ZooForge.Search.Store;
using ZooForge.Search.Store.Postgres;
using ZooForge.Search.Space;

namespace ZooForge.Search.Config;

/// <summary>
/// Reads a search configuration (<c>zooforge-search/1</c>) strictly: unknown, duplicate or
/// missing fields, unknown genes, models or layers, out-of-range values and expressions outside
/// the allowed subset are errors naming the file, line, column and field.
/// <code>
/// format: zooforge-search/1
/// problem: cosearch               # optional; hwsw-edp configurations are read by HwSw.HwSwConfigFile
/// name: mnist_zcu102              # C identifier
/// device: zcu102
/// clock_mhz: 200
/// perf_model: zooforge            # or hotnas
/// hardware_space: hotnas          # built-in space or a DSE space YAML file
/// max_logic_utilisation: 0.8      # optional, (0, 1]: share of the device's LUTs and FFs a design may use
/// zoo: [mnist_resnet, mnist_vgg]  # hot-start models
/// genes:
///   patterns: [0, 4]              # P per layer; 0 = no pattern pruning
///   zeros: [2, 3, 4]              # zeroed positions per 3x3 kernel (centre always kept)
///   bits: [8, 6]                  # weights and activations, 2..8
///   layers:                       # per-layer genes of one model
///     - {model: mnist_resnet, layer: layer3.0.conv1, cut: [0, 0.25, 0.5]}
///     - {model: mnist_vgg, layer: features.3, expand: [0, 1]}
/// objective: accuracy             # maximised
/// constraints: ["latency_ms &lt;= 0.05"]
/// reward: {alpha: 0.7, accuracy_low: 0.9, accuracy_high: 0.99, latency_low_ms: 0.02, latency_high_ms: 0.05}
/// evaluation: {fine_tune_batches: 10, validation_images: 500, calibration_images: 256, learning_rate: 0.01, gradient_clip: 100}
/// budget: 40
/// storage: postgresql://user@host:5432/zooforge  # optional: the trial store (default: SQLite trials.db in the run folder)
/// </code>
/// </summary>
public static partial class SearchConfigFile
{
    /// <summary>The format tag.</summary>
    public const string Format = "zooforge-search/1";

    /// <summary>The built-in default configuration's text (MNIST zoo on a ZCU102 at 200 MHz).</summary>
    public static string DefaultText
    {
        get
        {
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("ZooForge.Search.default.yaml")
                ?? throw new InvalidOperationException("the default search configuration is not embedded");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
    }

    /// <summary>Loads <paramref name="path"/>; <paramref name="architecture"/> returns a zoo model's network (throwing for unknown names).</summary>
    /// <exception cref="SearchConfigException">Missing file or invalid content.</exception>
    public static SearchConfig Load(string path, Func<string, Network> architecture)
    {
        if (!File.Exists(path)) throw new SearchConfigException($"search configuration '{path}' does not exist");
        return Parse(File.ReadAllText(path), path, architecture);
    }

    /// <summary>
    /// Parses YAML text; <paramref name="source"/> prefixes every message. The device is looked up
    /// in <paramref name="devices"/> (default: the built-in catalogue with the user's device files).
    /// </summary>
    /// <exception cref="SearchConfigException">The text is invalid or names an unknown device, model or space.</exception>
    public static SearchConfig Parse(string text, string source, Func<string, Network> architecture, DeviceCatalogue? devices = null)
    {
        var root = Root(text, source);
        if (root.Optional("problem") is { } problemNode && root.Scalar(problemNode, "problem") is var problem && problem != "cosearch")
            throw root.Error(problemNode, "problem", $"unknown problem '{problem}' (known: cosearch, the default; hwsw-edp, run by zooforge search and run)");

        var formatNode = root.Required("format");
        if (root.Scalar(formatNode, "format") != Format) throw root.Error(formatNode, "format", $"expected '{Format}'");
        string name = Name(root);
        var deviceNode = root.Required("device");
        Device device;
        try { device = (devices ?? DeviceCatalogue.ForUser([])).Find(root.Scalar(deviceNode, "device")); }
        catch (DeviceException e) { throw root.Error(deviceNode, "device", e.Message); }
        var clockNode = root.Required("clock_mhz");
        double clock = root.ToNumber(clockNode, "clock_mhz");
        if (clock is <= 0 or > 1000) throw root.Error(clockNode, "clock_mhz", $"must be in (0, 1000], got {clock}");
        string perfModelName = root.OptionalString("perf_model") ?? "zooforge";
        var perfModel = LatencyModels.TryGet(perfModelName) ?? throw root.Error(root.Required("perf_model"), "perf_model",
            $"unknown model '{perfModelName}'; known models: {string.Join(", ", LatencyModels.All.Select(m => m.Name))}");
        string hardwareSpaceName = root.OptionalString("hardware_space") ?? "hotnas";
        DesignSpace hardwareSpace;
        try { hardwareSpace = DesignSpaces.TryGet(hardwareSpaceName) ?? DesignSpaceFile.Load(hardwareSpaceName); }
        catch (DseException e) { throw root.Error(root.Required("hardware_space"), "hardware_space", e.Message); }
        double maxLogic = root.Number("max_logic_utilisation", 1.0);
        if (maxLogic is not (> 0 and <= 1))
            throw root.Error(root.Required("max_logic_utilisation"), "max_logic_utilisation", $"must be in (0, 1], got {maxLogic}");

        var models = new List<string>();
        var networks = new Dictionary<string, Network>(StringComparer.Ordinal);
        foreach (var (node, path) in root.Sequence("zoo"))
        {
            string model = root.Scalar(node, path);
            try { networks[model] = architecture(model); }
            catch (ZooForgeException e) { throw root.Error(node, path, e.Message); }
            if (models.Contains(model)) throw root.Error(node, path, $"model '{model}' is listed twice");
            models.Add(model);
        }
        if (models.Count == 0) throw root.Error(root.Required("zoo"), "zoo", "must list at least one zoo model");

        var genes = ReadGenes(root.Child("genes"), networks);
        var space = new SearchSpace(models, genes);

        var objectiveNode = root.Required("objective");
        var objective = Expression(root, objectiveNode, "objective", ExpressionCompiler.CompileNumber);
        var constraints = root.Sequence("constraints", required: false)
            .Select(c => Expression(root, c.Node, c.Path, ExpressionCompiler.CompileCondition)).ToList();

        var reward = root.Child("reward");
        var rewardSettings = new RewardSettings(
            reward?.Number("alpha", 0.7) ?? 0.7, reward?.Number("accuracy_low", 0.9) ?? 0.9, reward?.Number("accuracy_high", 0.99) ?? 0.99,
            reward?.Number("latency_low_ms", 0) ?? 0, reward?.Number("latency_high_ms", 1) ?? 1);
        reward?.RejectUnknown();
        if (rewardSettings.Alpha is < 0 or > 1) throw root.Error(root.Required("reward"), "reward.alpha", "must be in [0, 1]");
        if (!(rewardSettings.AccuracyLow < rewardSettings.AccuracyHigh)) throw root.Error(root.Required("reward"), "reward.accuracy_low", "must be below accuracy_high");
        if (!(rewardSettings.LatencyLowMs < rewardSettings.LatencyHighMs)) throw root.Error(root.Required("reward"), "reward.latency_low_ms", "must be below latency_high_ms");

        var evaluation = root.Child("evaluation");
        var evaluationSettings = new EvaluationSettings(
            evaluation?.Integer("fine_tune_batches", 0) ?? 0, evaluation?.Integer("validation_images", 2000) ?? 2000,
            evaluation?.Integer("calibration_images", 512) ?? 512,
            LearningRate(evaluation), GradientClip(evaluation));
        evaluation?.RejectUnknown();
        if (evaluationSettings.FineTuneBatches < 0) throw root.Error(root.Required("evaluation"), "evaluation.fine_tune_batches", "must not be negative");
        if (evaluationSettings.ValidationImages < 1) throw root.Error(root.Required("evaluation"), "evaluation.validation_images", "must be at least 1");
        if (evaluationSettings.CalibrationImages < 1) throw root.Error(root.Required("evaluation"), "evaluation.calibration_images", "must be at least 1");

        int budget = root.Integer("budget", 40);
        if (budget < 1) throw root.Error(root.Required("budget"), "budget", "must be at least 1");
        string? storage = root.OptionalString("storage");
        if (storage is not null)
        {
            try { PostgresLocation.Parse(storage, "storage"); }
            catch (TrialStoreException e) { throw root.Error(root.Required("storage"), "storage", e.Message); }
        }
        root.RejectUnknown();

        return new SearchConfig
        {
            Name = name, Device = device, ClockMhz = clock, PerfModel = perfModel, HardwareSpace = hardwareSpace, MaxLogicUtilisation = maxLogic, Space = space,
            Objective = objective, Constraints = constraints, Reward = rewardSettings, Evaluation = evaluationSettings,
            Budget = budget, Storage = storage, Text = text,
        };
    }

    /// <summary>The configuration's top-level mapping, every syntax error naming the file and position.</summary>
    internal static YamlMap Root(string text, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new SearchConfigException($"{source}:{e.Start.Line}:{e.Start.Column}: invalid YAML: {(e.InnerException ?? e).Message.ReplaceLineEndings(" ")}");
        }
        if (stream.Documents.Count == 0) throw new SearchConfigException($"{source}: file is empty; expected a search configuration");
        return new YamlMap(stream.Documents[0].RootNode, source, "");
    }

    /// <summary>The run name as a C identifier (it names generated designs), or an error at the field.</summary>
    internal static string Name(YamlMap root)
    {
        var nameNode = root.Required("name");
        string name = root.Scalar(nameNode, "name");
        if (!IdentifierPattern().IsMatch(name)) throw root.Error(nameNode, "name", $"'{name}' is not a C identifier");
        return name;
    }

    private static double LearningRate(YamlMap? evaluation)
    {
        if (evaluation?.Optional("learning_rate") is not { } node) return EvaluationSettings.DefaultLearningRate;
        double rate = evaluation.ToNumber(node, "evaluation.learning_rate");
        if (!(rate > 0) || !double.IsFinite(rate)) throw evaluation.Error(node, "evaluation.learning_rate", $"must be a positive number, got {rate}");
        return rate;
    }

    // 0 turns clipping off; non-finite steps are skipped either way.
    private static double? GradientClip(YamlMap? evaluation)
    {
        if (evaluation?.Optional("gradient_clip") is not { } node) return EvaluationSettings.DefaultGradientClip;
        double clip = evaluation.ToNumber(node, "evaluation.gradient_clip");
        if (!(clip >= 0) || !double.IsFinite(clip)) throw evaluation.Error(node, "evaluation.gradient_clip", $"must be a non-negative number (0: no clipping), got {clip}");
        return clip == 0 ? null : clip;
    }

    private static List<Gene> ReadGenes(YamlMap? map, IReadOnlyDictionary<string, Network> networks)
    {
        var genes = new List<Gene>();
        if (map is null) return genes;
        var known = new[] { "patterns", "zeros", "bits", "layers" };
        foreach (var key in map.Keys)
        {
            string name = map.Scalar(key, "genes");
            if (!known.Contains(name))
                throw map.Error(key, "genes." + name, $"unknown gene '{name}' (global genes: patterns, zeros, bits; per-layer genes cut and expand go under 'layers')");
        }
        AddGlobal(map, genes, GeneKind.Patterns, "patterns", v => v is >= 0 and <= 64 && v == Math.Floor(v), "an integer in 0..64");
        AddGlobal(map, genes, GeneKind.Zeros, "zeros", v => v is >= 1 and <= 8 && v == Math.Floor(v), "an integer in 1..8");
        // Wider integers overflow the integer reference's 32-bit accumulators on the zoo models.
        AddGlobal(map, genes, GeneKind.Bits, "bits", v => v is >= 2 and <= 8 && v == Math.Floor(v), "an integer in 2..8");
        foreach (var (node, path) in map.Sequence("layers", required: false))
        {
            var entry = new YamlMap(node, map.Source, path);
            var modelNode = entry.Required("model");
            string model = entry.Scalar(modelNode, path + ".model");
            if (!networks.TryGetValue(model, out var network))
                throw entry.Error(modelNode, path + ".model", $"'{model}' is not in 'zoo' ({string.Join(", ", networks.Keys)})");
            var layerNode = entry.Required("layer");
            string layer = entry.Scalar(layerNode, path + ".layer");
            if (!network.Contains(layer) || network[layer].Layer is not Conv2dLayer)
            {
                var convolutions = network.Nodes.Where(n => n.Layer is Conv2dLayer).Select(n => n.Layer.Name);
                throw entry.Error(layerNode, path + ".layer", $"{model} has no convolution '{layer}' (its convolutions: {string.Join(", ", convolutions)})");
            }
            bool any = false;
            if (entry.Optional("cut") is { } cutNode)
            {
                var cuttable = ChannelCutter.CuttableLayers(network);
                if (!cuttable.Contains(layer))
                    throw entry.Error(layerNode, path + ".layer", $"{model}'s layer '{layer}' cannot be cut (cuttable: {string.Join(", ", cuttable)})");
                genes.Add(new Gene(GeneKind.Cut, Values(entry, cutNode, path + ".cut", v => v is >= 0 and < 1, "a ratio in [0, 1)"), model, layer));
                any = true;
            }
            if (entry.Optional("expand") is { } expandNode)
            {
                genes.Add(new Gene(GeneKind.Expand, Values(entry, expandNode, path + ".expand", v => v is 0 or 1, "0 or 1"), model, layer));
                any = true;
            }
            entry.RejectUnknown();
            if (!any) throw entry.Error(node, path, "a layer entry needs a 'cut' or 'expand' gene");
        }
        return genes;
    }

    private static void AddGlobal(YamlMap map, List<Gene> genes, GeneKind kind, string key, Func<double, bool> valid, string expected)
    {
        if (map.Optional(key) is { } node) genes.Add(new Gene(kind, Values(map, node, $"{map.Path}.{key}", valid, expected)));
    }

    private static List<double> Values(YamlMap map, YamlNode node, string path, Func<double, bool> valid, string expected)
    {
        if (node is not YamlSequenceNode sequence || sequence.Children.Count == 0) throw map.Error(node, path, "expected a non-empty list of values");
        var values = new List<double>();
        foreach (var child in sequence.Children)
        {
            double v = map.ToNumber(child, path);
            if (!valid(v)) throw map.Error(child, path, $"value {v} is not {expected}");
            if (values.Contains(v)) throw map.Error(child, path, $"value {v} is listed twice");
            values.Add(v);
        }
        return values;
    }

    private static CompiledExpression Expression(YamlMap map, YamlNode node, string path, Func<string, CompiledExpression> compile)
    {
        string text = map.Scalar(node, path);
        try { return compile(text); }
        catch (ExpressionException e) { throw map.Error(node, path, e.Message); }
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex IdentifierPattern();
}
