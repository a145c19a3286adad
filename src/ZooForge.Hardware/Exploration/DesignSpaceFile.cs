using ZooForge.Core.Yaml;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace ZooForge.Hardware.Exploration;

/// <summary>
/// Reads a user-declared design space from YAML, strictly: unknown, duplicate or missing keys
/// are errors naming the file, line and column. Example:
/// <code>
/// name: small
/// tm: [8, 16, 32]
/// tr: [14, 28]
/// tc: [14, 28]
/// weight_lanes: [2, 4]
/// input_lanes: [2, 4]
/// output_lanes: [2, 4]
/// depthwise_tm: [16, 32]   # optional, for networks with depthwise layers
/// depthwise_tr: [14]
/// depthwise_tc: [14]
/// data_bits: 16            # optional
/// tk: [3]                  # optional: windows besides the largest kernel (larger kernels run as passes)
/// engines: [patterned, dense]  # optional; default patterned
/// </code>
/// </summary>
public static class DesignSpaceFile
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .WithEnforceRequiredMembers()
        .WithDuplicateKeyChecking()
        .Build();

    /// <summary>Loads the space in <paramref name="path"/>.</summary>
    /// <exception cref="DseException">The file is missing or malformed.</exception>
    public static DesignSpace Load(string path)
    {
        if (!File.Exists(path)) throw new DseException($"design space file '{path}' does not exist");
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses YAML text; <paramref name="sourceName"/> is used in messages.</summary>
    /// <exception cref="DseException">The text is malformed.</exception>
    public static DesignSpace Parse(string yaml, string sourceName)
    {
        SpaceDto? dto;
        try
        {
            dto = YamlReading.Read(yaml, sourceName, () => Deserializer.Deserialize<SpaceDto>(yaml), (message, _) => new DseException(message));
        }
        catch (YamlException e)
        {
            throw new DseException($"{sourceName}:{e.Start.Line}:{e.Start.Column}: {Describe(e)}");
        }
        if (dto is null) throw new DseException($"{sourceName}: file is empty; expected a design space");
        var space = new DesignSpace
        {
            Name = string.IsNullOrWhiteSpace(dto.Name) ? Path.GetFileNameWithoutExtension(sourceName) : dto.Name,
            Tm = dto.Tm, Tr = dto.Tr, Tc = dto.Tc,
            WeightLanes = dto.WeightLanes, InputLanes = dto.InputLanes, OutputLanes = dto.OutputLanes,
            DepthwiseTm = dto.DepthwiseTm ?? [], DepthwiseTr = dto.DepthwiseTr ?? [], DepthwiseTc = dto.DepthwiseTc ?? [],
            DataBits = dto.DataBits ?? 16,
            Tk = dto.Tk ?? [],
            Dense = ParseEngines(dto.Engines, sourceName),
        };
        if (space.DataBits is < 2 or > 16)
            throw new DseException($"{sourceName}: field 'data_bits' must be between 2 and 16, got {space.DataBits}");
        foreach (var (field, values) in new (string, IReadOnlyList<int>)[]
                 {
                     ("tm", space.Tm), ("tr", space.Tr), ("tc", space.Tc), ("weight_lanes", space.WeightLanes),
                     ("input_lanes", space.InputLanes), ("output_lanes", space.OutputLanes), ("depthwise_tm", space.DepthwiseTm),
                     ("depthwise_tr", space.DepthwiseTr), ("depthwise_tc", space.DepthwiseTc), ("tk", space.Tk),
                 })
        {
            if (values.Count == 0 && !field.StartsWith("depthwise_") && field != "tk")
                throw new DseException($"{sourceName}: field '{field}' must list at least one value");
            if (values.FirstOrDefault(v => v <= 0 || v > 65536) is var bad && bad != 0 || values.Contains(0))
                throw new DseException($"{sourceName}: field '{field}' has {bad}, values must be between 1 and 65536");
        }
        return space;
    }

    // YamlDotNet's messages name internal types; say it in the file's own terms.
    private static string Describe(YamlException e)
    {
        string message = (e.InnerException?.Message ?? e.Message).ReplaceLineEndings(" ");
        var unknown = System.Text.RegularExpressions.Regex.Match(message, "Property '([^']+)' not found");
        if (unknown.Success)
            return $"unknown field '{ToSnake(unknown.Groups[1].Value)}' (known fields: name, tm, tr, tc, weight_lanes, input_lanes, output_lanes, depthwise_tm, depthwise_tr, depthwise_tc, data_bits, tk, engines)";
        if (message.StartsWith("Missing properties", StringComparison.Ordinal))
            return "missing required field(s) " + message["Missing properties, ".Length..].Replace(" in source yaml.", "");
        if (e is SyntaxErrorException) return "invalid YAML: " + message;
        return message;
    }

    private static string ToSnake(string name) =>
        string.Concat(name.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));

    private sealed class SpaceDto
    {
        public string? Name { get; set; }
        public required List<int> Tm { get; set; }
        public required List<int> Tr { get; set; }
        public required List<int> Tc { get; set; }
        public required List<int> WeightLanes { get; set; }
        public required List<int> InputLanes { get; set; }
        public required List<int> OutputLanes { get; set; }
        public List<int>? DepthwiseTm { get; set; }
        public List<int>? DepthwiseTr { get; set; }
        public List<int>? DepthwiseTc { get; set; }
        public int? DataBits { get; set; }
        public List<int>? Tk { get; set; }
        public List<string>? Engines { get; set; }
    }

    private static bool[] ParseEngines(List<string>? engines, string sourceName)
    {
        if (engines is null) return [false];
        if (engines.Count == 0) throw new DseException($"{sourceName}: field 'engines' must list at least one of patterned, dense");
        return engines.Select(e => e switch
        {
            "patterned" => false,
            "dense" => true,
            _ => throw new DseException($"{sourceName}: field 'engines' has '{e}'; known engines: patterned, dense"),
        }).Distinct().ToArray();
    }
}
