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
            dto = Deserializer.Deserialize<SpaceDto>(yaml);
        }
        catch (YamlException e)
        {
            string detail = (e.InnerException?.Message ?? e.Message).ReplaceLineEndings(" ");
            throw new DseException($"{sourceName}:{e.Start.Line}:{e.Start.Column}: {detail}");
        }
        if (dto is null) throw new DseException($"{sourceName}: file is empty; expected a design space");
        var space = new DesignSpace
        {
            Name = string.IsNullOrWhiteSpace(dto.Name) ? Path.GetFileNameWithoutExtension(sourceName) : dto.Name,
            Tm = dto.Tm, Tr = dto.Tr, Tc = dto.Tc,
            WeightLanes = dto.WeightLanes, InputLanes = dto.InputLanes, OutputLanes = dto.OutputLanes,
            DepthwiseTm = dto.DepthwiseTm ?? [], DepthwiseTr = dto.DepthwiseTr ?? [], DepthwiseTc = dto.DepthwiseTc ?? [],
            DataBits = dto.DataBits ?? 16,
        };
        if (space.DataBits is < 2 or > 16)
            throw new DseException($"{sourceName}: field 'data_bits' must be between 2 and 16, got {space.DataBits}");
        return space;
    }

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
    }
}
