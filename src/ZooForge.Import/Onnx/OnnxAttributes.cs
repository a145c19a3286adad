using Onnx;

namespace ZooForge.Import.Onnx;

/// <summary>Typed access to a node's attributes, with errors naming the node.</summary>
internal sealed class OnnxAttributes
{
    private readonly Dictionary<string, AttributeProto> _byName = new(StringComparer.Ordinal);
    private readonly Func<string, ImportException> _error;

    public OnnxAttributes(NodeProto node, Func<string, ImportException> error)
    {
        _error = error;
        foreach (var a in node.Attribute)
        {
            if (!string.IsNullOrEmpty(a.RefAttrName))
                throw error($"attribute '{a.Name}' refers to a function attribute, which is not supported");
            _byName[a.Name] = a;
        }
    }

    public bool Has(string name) => _byName.ContainsKey(name);

    public long Int(string name, long fallback)
    {
        if (!_byName.TryGetValue(name, out var a)) return fallback;
        if (a.Type is not (AttributeProto.Types.AttributeType.Int or AttributeProto.Types.AttributeType.Undefined))
            throw _error($"attribute '{name}' must be an integer, not {a.Type}");
        return a.I;
    }

    public float Float(string name, float fallback)
    {
        if (!_byName.TryGetValue(name, out var a)) return fallback;
        if (a.Type is not (AttributeProto.Types.AttributeType.Float or AttributeProto.Types.AttributeType.Undefined))
            throw _error($"attribute '{name}' must be a float, not {a.Type}");
        return a.F;
    }

    public long[]? Ints(string name)
    {
        if (!_byName.TryGetValue(name, out var a)) return null;
        if (a.Type is not (AttributeProto.Types.AttributeType.Ints or AttributeProto.Types.AttributeType.Undefined))
            throw _error($"attribute '{name}' must be a list of integers, not {a.Type}");
        return [.. a.Ints];
    }

    public string String(string name, string fallback)
    {
        if (!_byName.TryGetValue(name, out var a)) return fallback;
        if (a.Type is not (AttributeProto.Types.AttributeType.String or AttributeProto.Types.AttributeType.Undefined))
            throw _error($"attribute '{name}' must be a string, not {a.Type}");
        return a.S.ToStringUtf8();
    }

    public AttributeProto? Raw(string name) => _byName.GetValueOrDefault(name);
}
