using ZooForge.Core.Yaml;
using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ZooForge.Asic.Description;

/// <summary>
/// A YAML mapping read strictly: every key must be known, appear once and hold a value of the
/// expected type and range; every failure is an <see cref="AcceleratorFormatException"/> of the
/// form <c>FILE:LINE:COLUMN: field 'a.b': ...</c>.
/// </summary>
internal sealed class StrictYamlMapping
{
    private readonly YamlMappingNode _node;
    private readonly string _source;
    private readonly string _prefix;
    private readonly IReadOnlyList<string> _known;
    private readonly Dictionary<string, (YamlNode Key, YamlNode Value)> _entries = new(StringComparer.Ordinal);

    private StrictYamlMapping(YamlMappingNode node, string source, string prefix, IReadOnlyList<string> known)
    {
        _node = node;
        _source = source;
        _prefix = prefix;
        _known = known;
        foreach (var (key, value) in node.Children)
        {
            if (key is not YamlScalarNode { Value: { } name })
                throw Error(key, null, "expected a field name");
            if (!known.Contains(name))
                throw Error(key, Path(name), $"unknown field '{Path(name)}' (known fields{(prefix.Length > 0 ? $" of '{prefix}'" : "")}: {string.Join(", ", known)})");
            if (!_entries.TryAdd(name, (key, value)))
                throw Error(key, Path(name), $"duplicate key '{Path(name)}'");
        }
    }

    /// <summary>Parses <paramref name="text"/> as one YAML document holding a mapping.</summary>
    public static StrictYamlMapping Root(string text, string source, IReadOnlyList<string> known, string what)
    {
        var stream = new YamlStream();
        try
        {
            YamlReading.Read(text, source, () => { stream.Load(new StringReader(text)); return stream; }, (message, e) => new AcceleratorFormatException(message, e));
        }
        catch (YamlException e) when (e.Message.StartsWith("Duplicate key ", StringComparison.Ordinal))
        {
            string key = e.Message["Duplicate key ".Length..].Trim();
            throw new AcceleratorFormatException($"{source}:{e.Start.Line}:{e.Start.Column}: duplicate key '{key}'", e) { Field = key };
        }
        catch (YamlException e)
        {
            throw new AcceleratorFormatException($"{source}:{e.Start.Line}:{e.Start.Column}: invalid YAML: {e.Message}", e);
        }
        if (stream.Documents.Count == 0) throw new AcceleratorFormatException($"{source}: file is empty; expected {what}");
        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode.Start;
            throw new AcceleratorFormatException($"{source}:{second.Line}:{second.Column}: expected a single YAML document, found a second one");
        }
        var root = stream.Documents[0].RootNode;
        if (root is YamlScalarNode { Value: null or "" }) throw new AcceleratorFormatException($"{source}: file is empty; expected {what}");
        if (root is not YamlMappingNode mapping)
            throw new AcceleratorFormatException($"{source}:{root.Start.Line}:{root.Start.Column}: expected a mapping of fields (key: value), got {Describe(root)}");
        return new StrictYamlMapping(mapping, source, "", known);
    }

    /// <summary>True when the field is present.</summary>
    public bool Has(string name) => _entries.ContainsKey(name);

    /// <summary>True when the field is present and holds a mapping (a space file's knob given as a range rather than a list).</summary>
    public bool IsMapping(string name) => _entries.TryGetValue(name, out var e) && e.Value is YamlMappingNode;

    /// <summary>Fails unless exactly one of the fields is present.</summary>
    public void RequireOneOf(string a, string b)
    {
        if (Has(a) == Has(b))
        {
            var at = Has(a) ? _entries[b].Key : null;
            throw at is null
                ? new AcceleratorFormatException($"{_source}: {Where()}give exactly one of '{Path(a)}' and '{Path(b)}'") { Field = Path(a) }
                : Error(at, Path(b), $"give exactly one of '{Path(a)}' and '{Path(b)}', not both");
        }
    }

    /// <summary>A nested mapping.</summary>
    public StrictYamlMapping Mapping(string name, IReadOnlyList<string> known)
    {
        var (_, value) = Require(name);
        if (value is not YamlMappingNode m) throw Error(value, Path(name), $"field '{Path(name)}': expected a mapping, got {Describe(value)}");
        return new StrictYamlMapping(m, _source, Path(name), known);
    }

    /// <summary>A required non-empty string.</summary>
    public string String(string name)
    {
        var (_, value) = Require(name);
        if (value is not YamlScalarNode { Value: { Length: > 0 } s } || string.IsNullOrWhiteSpace(s))
            throw Error(value, Path(name), $"field '{Path(name)}': expected a non-empty string, got {Describe(value)}");
        return s;
    }

    /// <summary>An optional string.</summary>
    public string? OptionalString(string name) => Has(name) ? String(name) : null;

    /// <summary>A required integer within [min, max].</summary>
    public long Integer(string name, long min, long max = long.MaxValue)
    {
        var (_, value) = Require(name);
        if (value is not YamlScalarNode { Value: { } s } || !long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v))
            throw Error(value, Path(name), $"field '{Path(name)}': expected an integer, got {Describe(value)}");
        if (v < min || v > max)
            throw Error(value, Path(name), $"field '{Path(name)}': must be {Range(min, max)}, got {v}");
        return v;
    }

    /// <summary>An optional integer, or <paramref name="fallback"/>.</summary>
    public long OptionalInteger(string name, long fallback, long min, long max = long.MaxValue) => Has(name) ? Integer(name, min, max) : fallback;

    /// <summary>A required number greater than <paramref name="exclusiveMin"/>.</summary>
    public double Number(string name, double exclusiveMin = 0, double max = double.MaxValue)
    {
        var (_, value) = Require(name);
        if (value is not YamlScalarNode { Value: { } s } || !double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v))
            throw Error(value, Path(name), $"field '{Path(name)}': expected a number, got {Describe(value)}");
        if (!(v > exclusiveMin) || v > max)
            throw Error(value, Path(name), $"field '{Path(name)}': must be greater than {exclusiveMin.ToString(CultureInfo.InvariantCulture)}{(max < double.MaxValue ? $" and at most {max.ToString(CultureInfo.InvariantCulture)}" : "")}, got {s}");
        return v;
    }

    /// <summary>A required list of integers, each within [min, max], at least one.</summary>
    public IReadOnlyList<long> IntegerList(string name, long min, long max = long.MaxValue)
    {
        var (_, value) = Require(name);
        if (value is not YamlSequenceNode seq || seq.Children.Count == 0)
            throw Error(value, Path(name), $"field '{Path(name)}': expected a non-empty list of integers, got {Describe(value)}");
        var result = new List<long>();
        foreach (var item in seq.Children)
        {
            if (item is not YamlScalarNode { Value: { } s } || !long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v))
                throw Error(item, Path(name), $"field '{Path(name)}': expected an integer, got {Describe(item)}");
            if (v < min || v > max) throw Error(item, Path(name), $"field '{Path(name)}': values must be {Range(min, max)}, got {v}");
            if (result.Contains(v)) throw Error(item, Path(name), $"field '{Path(name)}': value {v} is listed twice");
            result.Add(v);
        }
        return result;
    }

    /// <summary>An error at a field's value.</summary>
    public AcceleratorFormatException ErrorAt(string name, string text)
    {
        var node = _entries.TryGetValue(name, out var e) ? e.Value : _node;
        return Error(node, Path(name), $"field '{Path(name)}': {text}");
    }

    private (YamlNode Key, YamlNode Value) Require(string name) =>
        _entries.TryGetValue(name, out var e)
            ? e
            : throw new AcceleratorFormatException($"{_source}:{_node.Start.Line}:{_node.Start.Column}: missing required field '{Path(name)}'") { Field = Path(name) };

    private string Where() => _prefix.Length > 0 ? $"in '{_prefix}': " : "";

    private string Path(string name) => _prefix.Length > 0 ? $"{_prefix}.{name}" : name;

    private AcceleratorFormatException Error(YamlNode at, string? field, string text) =>
        new($"{_source}:{at.Start.Line}:{at.Start.Column}: {text}") { Field = field };

    private static string Range(long min, long max) =>
        max == long.MaxValue ? (min == 1 ? "greater than 0" : $"at least {min}") : $"between {min} and {max}";

    private static string Describe(YamlNode node) => node switch
    {
        YamlScalarNode { Value: null or "" } => "an empty value",
        YamlScalarNode s => $"'{s.Value}'",
        YamlSequenceNode => "a list",
        YamlMappingNode => "a mapping",
        _ => node.NodeType.ToString(),
    };
}
