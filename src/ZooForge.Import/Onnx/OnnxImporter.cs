using Google.Protobuf;
using Onnx;
using ZooForge.Graph.Model;

namespace ZooForge.Import.Onnx;

/// <summary>
/// Imports an ONNX model (architecture and float32 weights) into the graph IR.
/// </summary>
/// <remarks>
/// <para>Supported operators (default domain, any opset the file declares):
/// <c>Conv</c> (2-D, square kernel, equal strides, dilation 1, any group count),
/// <c>BatchNormalization</c> (inference form, epsilon 1e-5), <c>Relu</c>,
/// <c>Clip</c> to [0, 6] (ReLU6) or [0, ∞) (ReLU) with bounds as attributes or constant inputs,
/// <c>MaxPool</c>, <c>AveragePool</c> (padding only with <c>count_include_pad=1</c>),
/// <c>GlobalAveragePool</c> (adaptive average pool to 1×1), <c>Add</c> of two activations,
/// <c>Concat</c> on the channel axis, <c>Flatten</c> from axis 1, <c>Reshape</c> to [N, -1],
/// <c>Gemm</c> (transA=0, alpha=beta=1; transB=0 weights are transposed), <c>MatMul</c> by a
/// constant (a directly following <c>Add</c> of a constant becomes its bias), <c>Identity</c>
/// and <c>Dropout</c> (skipped), and <c>Constant</c> (for shapes and clip bounds).
/// Anything else raises an <see cref="ImportException"/> naming the operator and the node.</para>
/// <para>Padding: the IR has one symmetric padding. Unequal ONNX begin/end pads (CNTK's "same"
/// padding, e.g. [3,3,2,2]) are accepted when symmetric padding by the begin amount gives the
/// same output size, which makes every window, and so the result, identical; otherwise the
/// node is rejected. <c>auto_pad</c> SAME_UPPER/SAME_LOWER/VALID are resolved to pads first.</para>
/// <para>Only nodes the graph output depends on are converted. The graph must have one input
/// (rank 4 [N,C,H,W] or rank 2 [N,F]; the batch dimension may be symbolic and is then 1, a fixed
/// batch becomes <see cref="Network.Batch"/>) and one output, which must come from the last
/// layer. Layer names: torch parameter names
/// (<c>layer1.0.conv1.weight</c> → <c>layer1.0.conv1</c>) or torch exporter scopes
/// (<c>/layer1/layer1.0/relu/Relu</c> → <c>layer1.0.relu</c>) when present, else the ONNX node
/// name (an unnamed node takes its first output's name); whitespace and control characters become
/// <c>_</c>; duplicates (and the reserved <c>input</c>) get <c>_1</c>, <c>_2</c>, … . Weights are keyed like a torch state_dict
/// (<c>&lt;layer&gt;.weight</c>, <c>.bias</c>, <c>.running_mean</c>, <c>.running_var</c>). Where the file
/// declares intermediate shapes (value_info), the IR's inferred shapes are checked against them.</para>
/// </remarks>
public static class OnnxImporter
{
    /// <summary>Operator types <see cref="Import"/> converts (default domain).</summary>
    public static IReadOnlySet<string> SupportedOperators { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "Conv", "BatchNormalization", "Relu", "Clip", "MaxPool", "AveragePool", "GlobalAveragePool",
        "Add", "Concat", "Flatten", "Reshape", "Gemm", "MatMul", "Identity", "Dropout", "Constant",
    };

    /// <summary>Converts the ONNX file at <paramref name="path"/> into a validated network and its weights.</summary>
    /// <param name="path">The .onnx file.</param>
    /// <param name="name">Network name; defaults to the file name without its extension.</param>
    /// <exception cref="ImportException">The file is missing or corrupt, or holds something the IR cannot represent exactly; the message names the file and the node or tensor.</exception>
    public static (Network Network, NetworkWeights Weights) Import(string path, string? name = null)
    {
        var model = Load(path);
        return new OnnxGraphConverter(model, path, name ?? DefaultName(path)).Convert();
    }

    /// <summary>Summarizes the ONNX file at <paramref name="path"/> without converting it.</summary>
    /// <exception cref="ImportException">The file is missing or not a valid ONNX model.</exception>
    public static OnnxModelSummary Describe(string path)
    {
        var model = Load(path);
        var graph = model.Graph ?? throw new ImportException($"{path}: the model contains no graph");
        var initializers = new Dictionary<string, TensorProto>(StringComparer.Ordinal);
        foreach (var init in graph.Initializer) initializers[init.Name] = init;
        var buffers = new HashSet<string>(StringComparer.Ordinal);
        var notParameters = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in graph.Node)
        {
            if (node.OpType == "BatchNormalization")
                foreach (var b in node.Input.Skip(3).Take(2)) buffers.Add(b);
            if (node.OpType == "Clip")
                foreach (var b in node.Input.Skip(1)) notParameters.Add(b);
        }
        long total = 0, parameters = 0, bufferValues = 0;
        foreach (var (key, t) in initializers)
        {
            long n = OnnxTensors.ElementCount(t);
            total += n;
            if (t.DataType != OnnxTensors.Float || notParameters.Contains(key)) continue;
            if (buffers.Contains(key)) bufferValues += n;
            else parameters += n;
        }
        var counts = graph.Node
            .GroupBy(n => n.Domain is "" or "ai.onnx" ? n.OpType : $"{n.Domain}.{n.OpType}")
            .Select(g => new KeyValuePair<string, int>(g.Key, g.Count()))
            .OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)
            .ToList();
        var unsupported = counts.Select(p => p.Key).Where(op => !SupportedOperators.Contains(op)).Order(StringComparer.Ordinal).ToList();
        var opsets = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var o in model.OpsetImport) opsets[o.Domain.Length == 0 ? "ai.onnx" : o.Domain] = o.Version;
        string producer = $"{model.ProducerName} {model.ProducerVersion}".Trim();
        return new OnnxModelSummary(path, model.IrVersion, producer, opsets,
            graph.Input.Where(i => !initializers.ContainsKey(i.Name)).Select(Info).ToList(),
            graph.Output.Select(Info).ToList(),
            graph.Node.Count, counts, unsupported, initializers.Count, total, parameters, bufferValues);
    }

    private static OnnxTensorInfo Info(ValueInfoProto v)
    {
        var t = v.Type?.TensorType;
        if (t is null) return new OnnxTensorInfo(v.Name, "(not a tensor)", []);
        var dims = t.Shape?.Dim.Select(d => d.ValueCase switch
        {
            TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue => d.DimValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
            TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam => d.DimParam,
            _ => "?",
        }).ToList() ?? [];
        return new OnnxTensorInfo(v.Name, OnnxTensors.TypeName(t.ElemType), dims);
    }

    private static string DefaultName(string path)
    {
        string name = Path.GetFileNameWithoutExtension(path);
        return name.Length > 0 ? name : "onnx-model";
    }

    /// <summary>Reads and parses the file; every failure names it.</summary>
    private static ModelProto Load(string path)
    {
        if (!File.Exists(path)) throw new ImportException($"{path}: file does not exist");
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImportException($"{path}: cannot read the file: {e.Message}", e);
        }
        if (bytes.Length == 0) throw new ImportException($"{path}: the file is empty");
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new ImportException($"{path}: not a valid ONNX model (truncated or corrupt protobuf: {e.Message})", e);
        }
        if (model.Graph is null)
            throw new ImportException($"{path}: not a valid ONNX model (no graph; truncated, or not an ONNX file)");
        return model;
    }
}
