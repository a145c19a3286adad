using ZooForge.Core.Yaml;
using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace ZooForge.Hardware.Devices;

/// <summary>
/// Strict reader of one device YAML file. Deserializes into a private DTO with nullable
/// properties (YamlDotNet enforces required keys, rejects unknown and duplicate keys), then
/// validates the values and maps them to <see cref="Device"/>. Every failure becomes a one-line
/// <see cref="DeviceException"/> naming the source, the line and column where known, and the field.
/// </summary>
internal static partial class DeviceYaml
{
    /// <summary>Every key the format knows, in the order used for messages.</summary>
    internal static readonly IReadOnlyList<string> AllFields =
        ["name", "board", "part", "dsp", "bram18", "uram", "lut", "ff", "axi_port_bits", "clock_mhz", "source"];

    private static readonly HashSet<string> RequiredFields =
        ["name", "board", "part", "dsp", "bram18", "lut", "ff", "axi_port_bits", "clock_mhz"];

    private static readonly HashSet<string> IntegerFields = ["dsp", "bram18", "uram", "lut", "ff", "axi_port_bits"];

    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .WithEnforceRequiredMembers()
        .WithDuplicateKeyChecking()
        .Build();

    /// <summary>Parses and validates one device description.</summary>
    /// <exception cref="DeviceException">The text is not a valid device description.</exception>
    internal static Device Parse(string yamlText, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(yamlText);
        ArgumentNullException.ThrowIfNull(sourceName);

        // First pass: YAML syntax, document shape, and where each top-level key and value sits,
        // so that later errors (which YamlDotNet reports by position) can name their field.
        var entries = Scan(yamlText, sourceName);

        DeviceDto dto;
        try
        {
            dto = Deserializer.Deserialize<DeviceDto>(yamlText)
                  ?? throw DeviceException.At(sourceName, null, null, null, "file is empty; expected a device description");
        }
        catch (YamlException ex)
        {
            throw Translate(ex, entries, sourceName);
        }

        return Validate(dto, entries, sourceName);
    }

    private static List<Entry> Scan(string yamlText, string sourceName) =>
        YamlReading.Read(yamlText, sourceName, () => ScanEvents(yamlText, sourceName), (message, e) => new DeviceException(message, e));

    private static List<Entry> ScanEvents(string yamlText, string sourceName)
    {
        var entries = new List<Entry>();
        try
        {
            var parser = new Parser(new StringReader(yamlText));
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _))
            {
                throw DeviceException.At(sourceName, null, null, null, "file is empty; expected a device description");
            }

            parser.Consume<DocumentStart>();
            if (!parser.TryConsume<MappingStart>(out _))
            {
                var root = parser.Current!;
                if (root is Scalar { Value.Length: 0 })
                {
                    throw DeviceException.At(sourceName, null, null, null, "file is empty; expected a device description");
                }

                throw DeviceException.At(
                    sourceName, Line(root.Start), Column(root.Start), null,
                    $"expected a mapping of device fields (key: value), got {Describe(root)}");
            }

            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var keyEvent = parser.Current!;
                if (keyEvent is not Scalar key)
                {
                    throw DeviceException.At(
                        sourceName, Line(keyEvent.Start), Column(keyEvent.Start), null,
                        $"expected a field name, got {Describe(keyEvent)}");
                }

                parser.MoveNext();
                var valueEvent = parser.Current!;
                entries.Add(new Entry(key.Value, key.Start, valueEvent));
                parser.SkipThisAndNestedEvents();
            }

            parser.Consume<DocumentEnd>();
            if (!parser.Accept<StreamEnd>(out _))
            {
                var next = parser.Current!;
                throw DeviceException.At(
                    sourceName, Line(next.Start), Column(next.Start), null,
                    "expected a single YAML document, found a second one");
            }
        }
        catch (YamlException ex)
        {
            throw DeviceException.At(
                sourceName, Line(ex.Start), Column(ex.Start), null, $"invalid YAML: {ex.Message}", ex);
        }

        return entries;
    }

    private static DeviceException Translate(YamlException ex, List<Entry> entries, string sourceName)
    {
        var line = Line(ex.Start);
        var column = Column(ex.Start);

        if (ex.Message.StartsWith("Missing properties", StringComparison.Ordinal))
        {
            var present = entries.Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
            var missing = AllFields.Where(f => RequiredFields.Contains(f) && !present.Contains(f)).ToList();
            if (missing.Count > 0)
            {
                var text = missing.Count == 1
                    ? $"missing required field '{missing[0]}'"
                    : $"missing required fields {string.Join(", ", missing.Select(m => $"'{m}'"))}";
                return DeviceException.At(sourceName, null, null, missing[0], text, ex);
            }
        }

        if (ex is AnchorNotFoundException)
        {
            return DeviceException.At(sourceName, line, column, null, $"invalid YAML: {ex.Message}", ex);
        }

        var atKey = entries.FirstOrDefault(e => SameMark(e.KeyStart, ex.Start));
        if (atKey is not null)
        {
            if (!AllFields.Contains(atKey.Key))
            {
                return DeviceException.At(
                    sourceName, line, column, atKey.Key,
                    $"unknown field '{atKey.Key}' (known fields: {string.Join(", ", AllFields)})", ex);
            }

            if (entries.Count(e => e.Key == atKey.Key) > 1)
            {
                return DeviceException.At(sourceName, line, column, atKey.Key, $"duplicate key '{atKey.Key}'", ex);
            }
        }

        var atValue = entries.FirstOrDefault(e => SameMark(e.Value.Start, ex.Start));
        if (atValue is not null && AllFields.Contains(atValue.Key))
        {
            var got = atValue.Value is Scalar s ? $"'{s.Value}'" : Describe(atValue.Value);
            var text = $"field '{atValue.Key}': expected {Expected(atValue.Key)}, got {got}";
            if (ex.InnerException is OverflowException)
            {
                text += " (out of range)";
            }

            return DeviceException.At(sourceName, line, column, atValue.Key, text, ex);
        }

        return DeviceException.At(sourceName, line, column, null, ex.Message, ex);
    }

    private static Device Validate(DeviceDto dto, List<Entry> entries, string sourceName)
    {
        DeviceException Error(string field, string text)
        {
            var entry = entries.LastOrDefault(e => e.Key == field);
            var start = entry?.Value.Start;
            return DeviceException.At(
                sourceName,
                start is { } m ? Line(m) : null,
                start is { } n ? Column(n) : null,
                field,
                $"field '{field}': {text}");
        }

        string RequireText(string field, string? value)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                throw Error(field, "must not be empty");
            }

            return value;
        }

        int RequireInt(string field, int? value, int minimum)
        {
            if (value is not { } v)
            {
                throw Error(field, $"expected {Expected(field)}, got an empty value");
            }

            if (v < minimum)
            {
                throw Error(field, minimum == 0 ? $"must be 0 or more, got {v}" : $"must be greater than 0, got {v}");
            }

            return v;
        }

        var name = RequireText("name", dto.Name);
        if (!NamePattern().IsMatch(name))
        {
            throw Error("name", $"must be lower-case letters, digits and '-' (e.g. 'zcu102'), got '{name}'");
        }

        var board = RequireText("board", dto.Board);
        var part = RequireText("part", dto.Part);
        if (!PartPattern().IsMatch(part))
        {
            throw Error("part", $"must be a Xilinx part number (letters, digits and '-'), got '{part}'");
        }

        var dsp = RequireInt("dsp", dto.Dsp, 1);
        var bram18 = RequireInt("bram18", dto.Bram18, 1);
        var uram = entries.Any(e => e.Key == "uram") ? RequireInt("uram", dto.Uram, 0) : 0;
        var lut = RequireInt("lut", dto.Lut, 1);
        var ff = RequireInt("ff", dto.Ff, 1);
        var axi = RequireInt("axi_port_bits", dto.AxiPortBits, 1);
        if (axi % 16 != 0)
        {
            throw Error("axi_port_bits", $"must be a positive multiple of 16, got {axi}");
        }

        if (dto.ClockMhz is not { } clock)
        {
            throw Error("clock_mhz", "expected a number, got an empty value");
        }

        if (!(clock > 0 && clock <= 1000))
        {
            throw Error("clock_mhz", $"must be greater than 0 and at most 1000 (MHz), got {clock.ToString(CultureInfo.InvariantCulture)}");
        }

        return new Device
        {
            Name = name,
            Board = board,
            Part = part,
            Dsp = dsp,
            Bram18 = bram18,
            Uram = uram,
            Lut = lut,
            Ff = ff,
            AxiPortBits = axi,
            ClockMhz = clock,
            Source = string.IsNullOrWhiteSpace(dto.Source) ? null : dto.Source,
        };
    }

    private static string Expected(string field) =>
        IntegerFields.Contains(field) ? "an integer"
        : field == "clock_mhz" ? "a number"
        : "a string";

    private static string Describe(ParsingEvent e) => e switch
    {
        SequenceStart => "a sequence",
        MappingStart => "a mapping",
        Scalar s => $"the scalar '{s.Value}'",
        AnchorAlias a => $"the alias '*{a.Value}'",
        _ => e.GetType().Name,
    };

    private static bool SameMark(Mark a, Mark b) => a.Line == b.Line && a.Column == b.Column;

    private static int? Line(Mark mark) => mark.Line > 0 ? (int)Math.Min(mark.Line, int.MaxValue) : null;

    private static int? Column(Mark mark) => mark.Line > 0 ? (int)Math.Min(mark.Column, int.MaxValue) : null;

    [GeneratedRegex("^[a-z0-9-]+$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[A-Za-z0-9-]+$")]
    private static partial Regex PartPattern();

    /// <summary>One top-level key of the file, with where it and its value start.</summary>
    private sealed record Entry(string Key, Mark KeyStart, ParsingEvent Value);

    /// <summary>Shape of the YAML file; nullable so that values are checked here, not by the deserializer.</summary>
    private sealed class DeviceDto
    {
        public required string? Name { get; init; }

        public required string? Board { get; init; }

        public required string? Part { get; init; }

        public required int? Dsp { get; init; }

        public required int? Bram18 { get; init; }

        public int? Uram { get; init; }

        public required int? Lut { get; init; }

        public required int? Ff { get; init; }

        public required int? AxiPortBits { get; init; }

        public required double? ClockMhz { get; init; }

        public string? Source { get; init; }
    }
}
