using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace ZooForge.Search.Config;

/// <summary>
/// A strict view of one YAML mapping that remembers where each value came from, so every error
/// names <c>file:line:column</c> and the field's path. Unknown keys are reported by
/// <see cref="RejectUnknown"/> with the known ones listed.
/// </summary>
internal sealed class YamlMap
{
    private readonly YamlMappingNode _node;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public YamlMap(YamlNode node, string source, string path)
    {
        Source = source;
        Path = path;
        _node = node as YamlMappingNode ?? throw Error(node, path, "expected a mapping of fields");
    }

    public string Source { get; }

    public IEnumerable<YamlNode> Keys => _node.Children.Keys;
    public string Path { get; }

    public SearchConfigException Error(YamlNode node, string field, string text) =>
        new($"{Source}:{node.Start.Line}:{node.Start.Column}: field '{field}': {text}");

    private string FieldPath(string key) => Path.Length == 0 ? key : Path + "." + key;

    public YamlNode? Optional(string key)
    {
        _read.Add(key);
        return _node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;
    }

    public YamlNode Required(string key) =>
        Optional(key) ?? throw new SearchConfigException($"{Source}:{_node.Start.Line}:{_node.Start.Column}: field '{FieldPath(key)}' is required");

    public string String(string key) => Scalar(Required(key), FieldPath(key));

    public string? OptionalString(string key) => Optional(key) is { } n ? Scalar(n, FieldPath(key)) : null;

    public double Number(string key, double? fallback = null)
    {
        var node = fallback is null ? Required(key) : Optional(key);
        return node is null ? fallback!.Value : ToNumber(node, FieldPath(key));
    }

    public int Integer(string key, int? fallback = null)
    {
        var node = fallback is null ? Required(key) : Optional(key);
        if (node is null) return fallback!.Value;
        double v = ToNumber(node, FieldPath(key));
        if (v != Math.Floor(v) || v is > int.MaxValue or < int.MinValue) throw Error(node, FieldPath(key), $"expected an integer, got {v}");
        return (int)v;
    }

    public List<(YamlNode Node, string Path)> Sequence(string key, bool required = true)
    {
        var node = required ? Required(key) : Optional(key);
        if (node is null) return [];
        if (node is not YamlSequenceNode sequence) throw Error(node, FieldPath(key), "expected a list");
        return sequence.Children.Select((n, i) => (n, $"{FieldPath(key)}[{i}]")).ToList();
    }

    public YamlMap? Child(string key) => Optional(key) is { } n ? new YamlMap(n, Source, FieldPath(key)) : null;

    public void RejectUnknown()
    {
        foreach (var (key, _) in _node.Children)
        {
            string name = key is YamlScalarNode s ? s.Value ?? "" : key.ToString();
            if (!_read.Contains(name))
                throw Error(key, FieldPath(name), $"unknown field (known fields here: {string.Join(", ", _read.Order(StringComparer.Ordinal))})");
        }
    }

    public string Scalar(YamlNode node, string field) =>
        node is YamlScalarNode { Value: { } v } ? v : throw Error(node, field, "expected a single value");

    public double ToNumber(YamlNode node, string field)
    {
        string text = Scalar(node, field);
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v)
            ? v
            : throw Error(node, field, $"expected a number, got '{text}'");
    }
}
