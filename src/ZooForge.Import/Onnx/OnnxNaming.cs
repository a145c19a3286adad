using System.Text;
using System.Text.RegularExpressions;
using ZooForge.Graph.Model;

namespace ZooForge.Import.Onnx;

/// <summary>
/// How imported layers are named (first rule that gives a name wins):
/// <list type="number">
/// <item>A layer with a weight whose initializer is named like a PyTorch parameter
/// (<c>layer1.0.conv1.weight</c>) takes the module name (<c>layer1.0.conv1</c>).</item>
/// <item>A node named like PyTorch's exporter scopes (<c>/layer1/layer1.0/conv1/Conv</c>) takes
/// the qualified module name (<c>layer1.0.conv1</c>); function calls that are not modules (Add,
/// Concat, Flatten, Reshape) get <c>&lt;module&gt;.add</c>, <c>.cat</c>, <c>.flatten</c>
/// (<c>/layer1/layer1.0/Add</c> → <c>layer1.0.add</c>; <c>/Flatten</c> → <c>flatten</c>).</item>
/// <item>Otherwise the ONNX node name as it is; an unnamed node takes its first output's name,
/// and failing that <c>&lt;op type in lower case&gt;_&lt;node index&gt;</c>.</item>
/// </list>
/// Whitespace and control characters are replaced by <c>_</c>. A name already taken (or the
/// reserved <see cref="Network.InputName"/>) gets the first free suffix <c>_1</c>, <c>_2</c>, …,
/// as torch.fx numbers repeated calls of one module (<c>relu</c>, <c>relu_1</c>).
/// </summary>
internal sealed partial class OnnxNaming
{
    private readonly HashSet<string> _taken = new(StringComparer.Ordinal) { Network.InputName };

    /// <summary>Allocates the name of the layer created for <paramref name="nodeName"/>.</summary>
    /// <param name="nodeName">The ONNX node name (may be empty).</param>
    /// <param name="opType">The ONNX operator type.</param>
    /// <param name="nodeIndex">Position of the node in the graph, for the last-resort name.</param>
    /// <param name="firstOutput">The node's first output tensor name.</param>
    /// <param name="weightName">Initializer holding the layer's weight, if it has one.</param>
    public string Allocate(string nodeName, string opType, int nodeIndex, string firstOutput, string? weightName)
    {
        string candidate = FromTorchParameter(weightName)
            ?? FromTorchScope(nodeName, opType)
            ?? NonEmpty(Sanitize(nodeName))
            ?? NonEmpty(Sanitize(firstOutput))
            ?? $"{opType.ToLowerInvariant()}_{nodeIndex}";
        string name = candidate;
        for (int i = 1; !_taken.Add(name); i++) name = $"{candidate}_{i}";
        return name;
    }

    /// <summary><c>layer1.0.conv1.weight</c> → <c>layer1.0.conv1</c>; null unless the name looks like a torch parameter.</summary>
    public static string? FromTorchParameter(string? initializerName) =>
        initializerName is not null && TorchParameter().Match(initializerName) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>
    /// <c>/layer1/layer1.0/conv1/Conv</c> → <c>layer1.0.conv1</c>. A scope segment that extends
    /// the previous one (<c>layer1.0</c> after <c>layer1</c>, <c>downsample.0</c> after
    /// <c>downsample</c>) is a child of a container and adds only its suffix.
    /// </summary>
    public static string? FromTorchScope(string nodeName, string opType)
    {
        if (!nodeName.StartsWith('/')) return null;
        var segments = nodeName.Split('/');
        string last = segments[^1];
        if (last != opType && !Regex.IsMatch(last, "^" + Regex.Escape(opType) + "_[0-9]+$")) return null;
        var qualified = new StringBuilder();
        string? previous = null;
        for (int i = 1; i < segments.Length - 1; i++)
        {
            string segment = segments[i];
            if (segment.Length == 0 || segment.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))) return null;
            if (previous is not null && segment.StartsWith(previous + ".", StringComparison.Ordinal))
                qualified.Append(segment.AsSpan(previous.Length));
            else
                qualified.Append(qualified.Length == 0 ? "" : ".").Append(segment);
            previous = segment;
        }
        string? function = opType switch
        {
            "Add" => "add",
            "Concat" => "cat",
            "Flatten" or "Reshape" => "flatten",
            _ => null,
        };
        if (qualified.Length == 0) return function ?? opType.ToLowerInvariant();
        if (function is null) return qualified.ToString();
        string module = qualified.ToString();
        return module == function || module.EndsWith("." + function, StringComparison.Ordinal) ? module : module + "." + function;
    }

    /// <summary>Replaces whitespace and control characters by <c>_</c>.</summary>
    public static string Sanitize(string name)
    {
        if (!name.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))) return name;
        return new string(name.Select(c => char.IsWhiteSpace(c) || char.IsControl(c) ? '_' : c).ToArray());
    }

    private static string? NonEmpty(string s) => s.Length == 0 ? null : s;

    [GeneratedRegex(@"^([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)\.weight$")]
    private static partial Regex TorchParameter();
}
