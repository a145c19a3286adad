using ZooForge.Core.Errors;
using System.Globalization;
using ZooForge.Asic.Dataflows;
using ZooForge.Asic.Description;
using ZooForge.Graph.Model;
using ZooForge.Graph.Zoo;
using ZooForge.Search.Config;

namespace ZooForge.Search.Nasaic;

/// <summary>
/// Reads a <c>problem: nasaic</c> search configuration strictly: unknown, missing and
/// out-of-range fields name the file, line, column and field (the built-in, commented example is
/// <c>nasaic.yaml</c>, which <c>zooforge init --problem nasaic</c> writes).
/// </summary>
public static class NasaicConfigFile
{
    /// <summary>The <c>problem</c> value of a NASAIC configuration.</summary>
    public const string ProblemName = "nasaic";

    /// <summary>Where the built-in configuration's messages say it came from.</summary>
    public const string DefaultSource = "(built-in nasaic config)";

    /// <summary>The built-in configuration's text (MNIST and Fashion-MNIST on two sub-accelerators), with its comments.</summary>
    public static string DefaultText
    {
        get
        {
            using var stream = typeof(NasaicConfigFile).Assembly.GetManifestResourceStream("ZooForge.Search.nasaic.yaml")
                ?? throw new InvalidOperationException("the built-in nasaic configuration is not embedded");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
    }

    /// <summary>The built-in configuration.</summary>
    public static NasaicConfig Default() => Parse(DefaultText, DefaultSource);

    /// <summary>Parses YAML text; <paramref name="source"/> prefixes every message.</summary>
    /// <exception cref="SearchConfigException">The text is invalid.</exception>
    public static NasaicConfig Parse(string text, string source)
    {
        var root = SearchConfigFile.Root(text, source);
        var formatNode = root.Required("format");
        if (root.Scalar(formatNode, "format") != SearchConfigFile.Format) throw root.Error(formatNode, "format", $"expected '{SearchConfigFile.Format}'");
        var problemNode = root.Required("problem");
        if (root.Scalar(problemNode, "problem") != ProblemName) throw root.Error(problemNode, "problem", $"expected '{ProblemName}'");
        string name = SearchConfigFile.Name(root);

        var tasks = Tasks(root);
        var widths = Numbers(root, "widths", 0, 0.9, [0.0], inclusiveLow: true);
        var hardware = Hardware(root.Child("hardware") ?? throw new SearchConfigException($"{source}: field 'hardware' is required"));

        var specsMap = root.Child("specs") ?? throw new SearchConfigException($"{source}: field 'specs' is required");
        var specs = new NasaicSpecs(Positive(specsMap, "latency_ms"), Positive(specsMap, "energy_uj"), Positive(specsMap, "area_mm2"));
        specsMap.RejectUnknown();

        var reward = new NasaicReward(0.8, 1 / 3.0, 1 / 3.0, 1 / 3.0);
        if (root.Child("reward") is { } r)
        {
            double alpha = r.Number("alpha", reward.Alpha);
            if (alpha is < 0 or > 1) throw r.Error(r.Required("alpha"), "reward.alpha", $"must be between 0 and 1, got {alpha}");
            double[] gamma = new[] { "latency", "energy", "area" }.Select(k => NonNegative(r, k, 1 / 3.0)).ToArray();
            double sum = gamma.Sum();
            if (!(sum > 0)) throw new SearchConfigException($"{source}: field 'reward': the spec weights latency, energy and area must not all be 0");
            r.RejectUnknown();
            reward = new NasaicReward(alpha, gamma[0] / sum, gamma[1] / sum, gamma[2] / sum);
        }

        var fineTune = new NasaicFineTune(100, 32, 0.01, 2000, 1);
        if (root.Child("finetune") is { } f)
        {
            fineTune = new NasaicFineTune(AtLeast(f, "batches", fineTune.Batches, 1), AtLeast(f, "batch_size", fineTune.BatchSize, 1),
                Positive(f, "learning_rate", fineTune.LearningRate), AtLeast(f, "validation_images", fineTune.ValidationImages, 1),
                AtLeast(f, "seed", (int)fineTune.Seed, 0));
            f.RejectUnknown();
        }

        int budget = root.Integer("budget", 60);
        if (budget < 1) throw root.Error(root.Required("budget"), "budget", "must be at least 1");
        root.RejectUnknown();
        return new NasaicConfig
        {
            Name = name, Tasks = tasks, Widths = widths, Hardware = hardware, Specs = specs, Reward = reward, FineTune = fineTune,
            Budget = budget, Text = text,
        };
    }

    private static List<NasaicTask> Tasks(YamlMap root)
    {
        var entries = root.Sequence("tasks");
        if (entries.Count == 0) throw root.Error(root.Required("tasks"), "tasks", "must list at least one task");
        var parsed = new List<(ZooTask Zoo, List<string> Candidates, double? Weight)>();
        foreach (var (node, path) in entries)
        {
            var map = new YamlMap(node, root.Source, path);
            var nameNode = map.Required("name");
            string taskName = map.Scalar(nameNode, path + ".name");
            ZooTask zoo;
            try { zoo = ZooTask.Find(taskName); }
            catch (GraphException e) { throw map.Error(nameNode, path + ".name", e.Message); }
            if (parsed.Any(p => p.Zoo == zoo)) throw map.Error(nameNode, path + ".name", $"task '{zoo.Name}' is listed twice");
            var candidates = new List<string>();
            foreach (var (c, cpath) in map.Sequence("candidates", required: false))
            {
                string model = map.Scalar(c, cpath);
                if (!zoo.Contains(model))
                    throw map.Error(c, cpath, $"'{model}' is not in the {zoo.Name} zoo (its models: {string.Join(", ", zoo.Names)})");
                string canonical = zoo.Names.First(n => string.Equals(n, model, StringComparison.OrdinalIgnoreCase));
                if (candidates.Contains(canonical)) throw map.Error(c, cpath, $"candidate '{canonical}' is listed twice");
                candidates.Add(canonical);
            }
            if (candidates.Count == 0) candidates.AddRange(zoo.Names);
            double? weight = map.Optional("weight") is { } w ? map.ToNumber(w, path + ".weight") : null;
            if (weight is { } wv && !(wv > 0)) throw map.Error(map.Required("weight"), path + ".weight", $"must be greater than 0, got {wv}");
            map.RejectUnknown();
            parsed.Add((zoo, candidates, weight));
        }
        double total = parsed.Sum(p => p.Weight ?? 1);
        return parsed.Select(p => new NasaicTask(p.Zoo, p.Candidates, (p.Weight ?? 1) / total)).ToList();
    }

    private static NasaicHardware Hardware(YamlMap map)
    {
        var baseNode = map.Optional("base");
        string baseName = baseNode is null ? "eyeriss-like" : map.Scalar(baseNode, "hardware.base");
        SpatialAccelerator baseHardware;
        try { baseHardware = AcceleratorCatalogue.Resolve(baseName); }
        catch (AcceleratorFormatException e) { throw new SearchConfigException($"{map.Source}: field 'hardware.base': {e.Message}"); }
        if (baseHardware.SimdUnits > 0)
            throw map.Error(baseNode!, "hardware.base", $"'{baseName}' has vector PEs; the ws, os and rs templates need scalar PEs");
        int pes = AtLeast(map, "pes", null, 1);
        int noc = AtLeast(map, "noc_bandwidth", null, 1);
        int offChip = AtLeast(map, "off_chip_bandwidth", null, 1);
        var shares = Numbers(map, "shares", 0, 1, [0.25, 0.5, 0.75, 1.0], inclusiveLow: false);
        var entries = map.Sequence("sub_accelerators");
        if (entries.Count is 0 or > NasaicHardware.MaxSubAccelerators)
            throw map.Error(map.Required("sub_accelerators"), "hardware.sub_accelerators",
                $"must list 1 to {NasaicHardware.MaxSubAccelerators} sub-accelerators, got {entries.Count}");
        var slots = new List<SubAcceleratorSlot>();
        foreach (var (node, path) in entries)
        {
            var slot = new YamlMap(node, map.Source, path);
            var dataflows = new List<Dataflow>();
            foreach (var (d, dpath) in ScalarOrList(slot, "dataflow"))
            {
                Dataflow dataflow;
                try { dataflow = DataflowNames.Parse(slot.Scalar(d, dpath)); }
                catch (InvalidInputException e) { throw slot.Error(d, dpath, e.Message); }
                if (dataflow == Dataflow.EdgeTpu) throw slot.Error(d, dpath, "NASAIC's templates are ws (NVDLA-like), os (ShiDianNao-like) and rs (Eyeriss-like)");
                if (dataflows.Contains(dataflow)) throw slot.Error(d, dpath, $"dataflow '{dataflow.ShortName()}' is listed twice");
                dataflows.Add(dataflow);
            }
            if (dataflows.Count == 0) dataflows.AddRange([Dataflow.WeightStationary, Dataflow.OutputStationary, Dataflow.RowStationary]);
            var peShares = SharesOf(slot, "pe_share", path, shares);
            var bwShares = SharesOf(slot, "bandwidth_share", path, shares);
            slot.RejectUnknown();
            slots.Add(new SubAcceleratorSlot(dataflows, peShares, bwShares));
        }
        CheckShareTotal(map, slots, s => s.PeShares, "PE", $"{pes} PEs");
        CheckShareTotal(map, slots, s => s.BandwidthShares, "bandwidth", "the NoC and off-chip bandwidth");
        map.RejectUnknown();
        return new NasaicHardware(baseHardware, pes, noc, offChip, slots);
    }

    // The slots' smallest shares must fit in the totals together: otherwise no design can use every slot.
    private static void CheckShareTotal(YamlMap map, List<SubAcceleratorSlot> slots, Func<SubAcceleratorSlot, IReadOnlyList<double>> shares, string what, string of)
    {
        double least = slots.Sum(s => shares(s).Min());
        if (least > 1 + 1e-9)
        {
            string parts = string.Join(" + ", slots.Select(s => Percent(shares(s).Min())));
            throw new SearchConfigException($"{map.Source}: field 'hardware.sub_accelerators': the {what} shares total {Percent(least)} of {of} ({parts}, the smallest each slot allows), above 100%");
        }
    }

    private static string Percent(double share) => (100 * share).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    private static List<double> SharesOf(YamlMap slot, string key, string path, List<double> fallback)
    {
        var values = new List<double>();
        foreach (var (n, npath) in ScalarOrList(slot, key))
        {
            double v = slot.ToNumber(n, npath);
            if (!(v > 0 && v <= 1)) throw slot.Error(n, npath, $"a share must be in (0, 1], got {v}");
            if (!values.Contains(v)) values.Add(v);
        }
        return values.Count == 0 ? fallback : values.Order().ToList();
    }

    private static List<(YamlDotNet.RepresentationModel.YamlNode Node, string Path)> ScalarOrList(YamlMap map, string key)
    {
        if (map.Optional(key) is not { } node) return [];
        string path = map.Path + "." + key;
        return node is YamlDotNet.RepresentationModel.YamlSequenceNode s
            ? s.Children.Select((c, i) => (c, $"{path}[{i}]")).ToList()
            : [(node, path)];
    }

    private static List<double> Numbers(YamlMap map, string key, double low, double high, List<double> fallback, bool inclusiveLow)
    {
        var values = new List<double>();
        foreach (var (n, path) in map.Sequence(key, required: false))
        {
            double v = map.ToNumber(n, path);
            if (!((inclusiveLow ? v >= low : v > low) && v <= high))
                throw map.Error(n, path, $"must be in {(inclusiveLow ? "[" : "(")}{low}, {high}], got {v}");
            if (values.Contains(v)) throw map.Error(n, path, $"{v} is listed twice");
            values.Add(v);
        }
        return values.Count == 0 ? fallback : values.Order().ToList();
    }

    private static double Positive(YamlMap map, string key, double? fallback = null)
    {
        double v = map.Number(key, fallback);
        if (!(v > 0)) throw map.Error(map.Required(key), $"{map.Path}.{key}", $"must be greater than 0, got {v}");
        return v;
    }

    private static double NonNegative(YamlMap map, string key, double fallback)
    {
        double v = map.Number(key, fallback);
        if (v < 0) throw map.Error(map.Required(key), $"{map.Path}.{key}", $"must not be negative, got {v}");
        return v;
    }

    private static int AtLeast(YamlMap map, string key, int? fallback, int least)
    {
        int v = map.Integer(key, fallback);
        if (v < least) throw map.Error(map.Required(key), $"{map.Path}.{key}", $"must be at least {least}, got {v}");
        return v;
    }
}
