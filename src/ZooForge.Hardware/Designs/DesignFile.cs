using ZooForge.Core.Yaml;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;
using ZooForge.Hardware.Accelerator;

namespace ZooForge.Hardware.Designs;

/// <summary>
/// Reads and writes <c>design.yaml</c> (format <c>zooforge-design/1</c>), strictly: unknown,
/// duplicate or missing keys and out-of-range values are errors naming the file, line and field.
/// <code>
/// format: zooforge-design/1
/// name: mnist_resnet_p4_int8          # C identifier
/// network: mnist_resnet.zfq.safetensors   # compressed network, relative to this file
/// device: zcu102
/// clock_mhz: 200
/// data_bits: 8                        # must equal the network's bits
/// conv: {tm: 32, tn: 8, tr: 14, tc: 14, tk: 3}
/// depthwise: {tm: 32, tr: 14, tc: 14, tk: 3}   # optional: the depthwise engine (tn is 1)
/// dense: true                                  # optional: dense engines (no pattern window select)
/// ports: {weight: 4, input: 4, output: 4}     # 16-bit AXI lanes per port
/// provenance: {model: mnist_resnet, accuracy: "0.9830"}   # optional, strings, informational
/// </code>
/// </summary>
public static partial class DesignFile
{
    /// <summary>The format tag.</summary>
    public const string Format = "zooforge-design/1";

    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .WithEnforceRequiredMembers()
        .WithDuplicateKeyChecking()
        .Build();

    /// <summary>Loads <paramref name="path"/>; the network path is resolved against its folder.</summary>
    /// <exception cref="DesignFormatException">The file is missing or invalid.</exception>
    public static DesignDocument Load(string path)
    {
        if (!File.Exists(path)) throw new DesignFormatException($"design file '{path}' does not exist");
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        return Parse(File.ReadAllText(path), path, folder);
    }

    /// <summary>Parses YAML text; <paramref name="sourceName"/> prefixes messages and relative network paths resolve against <paramref name="baseFolder"/>.</summary>
    /// <exception cref="DesignFormatException">The text is invalid.</exception>
    public static DesignDocument Parse(string yaml, string sourceName, string baseFolder)
    {
        DesignDto? dto;
        try
        {
            dto = YamlReading.Read(yaml, sourceName, () => Deserializer.Deserialize<DesignDto>(yaml), (message, _) => new DesignFormatException(message));
        }
        catch (YamlException e)
        {
            throw new DesignFormatException($"{sourceName}:{e.Start.Line}:{e.Start.Column}: {Describe(e)}");
        }
        if (dto is null) throw new DesignFormatException($"{sourceName}: file is empty; expected a design");
        DesignFormatException Error(string field, string text) => new($"{sourceName}: field '{field}': {text}");

        if (dto.Format != Format) throw Error("format", $"expected '{Format}', got '{dto.Format}'");
        if (!IdentifierPattern().IsMatch(dto.Name)) throw Error("name", $"'{dto.Name}' is not a C identifier (letters, digits, '_', not starting with a digit)");
        if (string.IsNullOrWhiteSpace(dto.Network)) throw Error("network", "must name the compressed network file");
        if (string.IsNullOrWhiteSpace(dto.Device)) throw Error("device", "must name a device");
        if (!(dto.ClockMhz > 0 && dto.ClockMhz <= 1000)) throw Error("clock_mhz", $"must be in (0, 1000], got {dto.ClockMhz}");
        if (dto.DataBits is < 2 or > 16) throw Error("data_bits", $"must be in 2..16, got {dto.DataBits}");
        var conv = Engine("conv", dto.Conv, Error, requireTn: true);
        EngineTiling? depthwise = dto.Depthwise is null ? null : Engine("depthwise", dto.Depthwise, Error, requireTn: false);
        foreach (var (field, value) in new[] { ("ports.weight", dto.Ports.Weight), ("ports.input", dto.Ports.Input), ("ports.output", dto.Ports.Output) })
            if (value is < 1 or > 64) throw Error(field, $"must be in 1..64, got {value}");

        return new DesignDocument
        {
            Name = dto.Name,
            NetworkPath = Path.GetFullPath(Path.Combine(baseFolder, dto.Network)),
            Device = dto.Device,
            Accelerator = new AcceleratorDesign
            {
                Conv = conv, Depthwise = depthwise, Ports = new PortWidths(dto.Ports.Weight, dto.Ports.Input, dto.Ports.Output),
                DataBits = dto.DataBits, ClockMhz = dto.ClockMhz, Dense = dto.Dense ?? false,
            },
            Provenance = new SortedDictionary<string, string>(dto.Provenance ?? [], StringComparer.Ordinal),
        };
    }

    /// <summary>
    /// The YAML text of <paramref name="design"/>, deterministic (fixed key order, invariant
    /// numbers); the network path is written relative to <paramref name="folder"/>.
    /// </summary>
    public static string ToYaml(DesignDocument design, string folder)
    {
        var a = design.Accelerator;
        var network = Path.GetRelativePath(Path.GetFullPath(folder), design.NetworkPath).Replace('\\', '/');
        var s = new StringBuilder();
        s.Append("format: ").Append(Format).Append('\n');
        s.Append("name: ").Append(design.Name).Append('\n');
        s.Append("network: ").Append(Quote(network)).Append('\n');
        s.Append("device: ").Append(Quote(design.Device)).Append('\n');
        s.Append("clock_mhz: ").Append(a.ClockMhz.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        s.Append("data_bits: ").Append(a.DataBits).Append('\n');
        s.Append($"conv: {{tm: {a.Conv.Tm}, tn: {a.Conv.Tn}, tr: {a.Conv.Tr}, tc: {a.Conv.Tc}, tk: {a.Conv.Tk}}}\n");
        if (a.Depthwise is { } d) s.Append($"depthwise: {{tm: {d.Tm}, tr: {d.Tr}, tc: {d.Tc}, tk: {d.Tk}}}\n");
        s.Append($"ports: {{weight: {a.Ports.Weight}, input: {a.Ports.Input}, output: {a.Ports.Output}}}\n");
        if (a.Dense) s.Append("dense: true\n");
        if (design.Provenance.Count > 0)
        {
            s.Append("provenance:\n");
            foreach (var (key, value) in design.Provenance.OrderBy(p => p.Key, StringComparer.Ordinal))
                s.Append("  ").Append(key).Append(": ").Append(Quote(value)).Append('\n');
        }
        return s.ToString();
    }

    /// <summary>Writes <paramref name="design"/> to <paramref name="path"/> (whole file or nothing).</summary>
    public static void Save(DesignDocument design, string path)
    {
        var full = Path.GetFullPath(path);
        ZooForge.Graph.Serialization.AtomicFile.WriteAllText(full, ToYaml(design, Path.GetDirectoryName(full)!));
    }

    private static EngineTiling Engine(string field, EngineDto e, Func<string, string, DesignFormatException> error, bool requireTn)
    {
        int tn = e.Tn ?? 1;
        if (requireTn && e.Tn is null) throw error($"{field}.tn", "is required");
        if (!requireTn && tn != 1) throw error($"{field}.tn", $"must be 1 for the depthwise engine, got {tn}");
        foreach (var (name, value) in new[] { ("tm", e.Tm), ("tn", tn), ("tr", e.Tr), ("tc", e.Tc), ("tk", e.Tk) })
            if (value is < 1 or > 4096) throw error($"{field}.{name}", $"must be in 1..4096, got {value}");
        return new EngineTiling(e.Tm, tn, e.Tr, e.Tc, e.Tk);
    }

    // Quoted with double quotes when YAML would read the plain text as something else.
    private static string Quote(string text) =>
        PlainPattern().IsMatch(text) ? text : "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    private static string Describe(YamlException e)
    {
        string message = (e.InnerException?.Message ?? e.Message).ReplaceLineEndings(" ");
        var unknown = Regex.Match(message, "Property '([^']+)' not found");
        if (unknown.Success)
            return $"unknown field '{ToSnake(unknown.Groups[1].Value)}' (known fields: format, name, network, device, clock_mhz, data_bits, conv, depthwise, ports, provenance)";
        if (message.StartsWith("Missing properties", StringComparison.Ordinal))
            return "missing required field(s) " + message["Missing properties, ".Length..].Replace(" in source yaml.", "");
        if (e is SyntaxErrorException) return "invalid YAML: " + message;
        // YamlDotNet names the C# type it could not build, which tells the user nothing.
        if (Regex.IsMatch(message, @"DesignFile\+\w+Dto\b"))
            return "invalid value: this field takes a {key: value} mapping";
        return message;
    }

    private static string ToSnake(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex IdentifierPattern();

    [GeneratedRegex("^[A-Za-z0-9_./][A-Za-z0-9_./-]*$")]
    private static partial Regex PlainPattern();

    private sealed class DesignDto
    {
        public required string Format { get; set; }
        public required string Name { get; set; }
        public required string Network { get; set; }
        public required string Device { get; set; }
        public required double ClockMhz { get; set; }
        public required int DataBits { get; set; }
        public required EngineDto Conv { get; set; }
        public EngineDto? Depthwise { get; set; }
        public required PortsDto Ports { get; set; }
        public bool? Dense { get; set; }
        public Dictionary<string, string>? Provenance { get; set; }
    }

    private sealed class EngineDto
    {
        public required int Tm { get; set; }
        public int? Tn { get; set; }
        public required int Tr { get; set; }
        public required int Tc { get; set; }
        public required int Tk { get; set; }
    }

    private sealed class PortsDto
    {
        public required int Weight { get; set; }
        public required int Input { get; set; }
        public required int Output { get; set; }
    }
}
