namespace ZooForge.Graph.Model;

/// <summary>
/// The one vocabulary of operation kinds, shared by the graph IR, the quantized network (whose
/// ops are a subset), the HLS emitter (which maps each to a kernel) and the hardware models.
/// Its text form (<see cref="OpKinds.Tag"/>) is what tables, JSON and the quantized-network file show.
/// </summary>
public enum OpKind
{
    /// <summary>Ungrouped convolution (<c>conv</c>).</summary>
    Conv,
    /// <summary>Grouped convolution that is not depthwise (<c>gconv</c>).</summary>
    GroupedConv,
    /// <summary>Depthwise convolution (<c>dwconv</c>).</summary>
    DepthwiseConv,
    /// <summary>Fully connected layer (<c>linear</c>).</summary>
    Linear,
    /// <summary>Batch normalisation (<c>batchnorm</c>), folded away before quantization.</summary>
    BatchNorm,
    /// <summary>ReLU (<c>relu</c>).</summary>
    Relu,
    /// <summary>ReLU6 (<c>relu6</c>).</summary>
    Relu6,
    /// <summary>Max pooling (<c>maxpool</c>).</summary>
    MaxPool,
    /// <summary>Average pooling (<c>avgpool</c>).</summary>
    AvgPool,
    /// <summary>Adaptive average pooling (<c>adaptiveavgpool</c>).</summary>
    AdaptiveAvgPool,
    /// <summary>Element-wise addition (<c>add</c>).</summary>
    Add,
    /// <summary>Channel concatenation (<c>concat</c>).</summary>
    Concat,
    /// <summary>Flattening to a vector (<c>flatten</c>).</summary>
    Flatten,
    /// <summary>A clamp of integer values, what activations become after quantization (<c>clamp</c>).</summary>
    Clamp,
}

/// <summary>The text form of <see cref="OpKind"/>.</summary>
public static class OpKinds
{
    private static readonly Dictionary<OpKind, string> Tags = new()
    {
        [OpKind.Conv] = "conv", [OpKind.GroupedConv] = "gconv", [OpKind.DepthwiseConv] = "dwconv", [OpKind.Linear] = "linear",
        [OpKind.BatchNorm] = "batchnorm", [OpKind.Relu] = "relu", [OpKind.Relu6] = "relu6", [OpKind.MaxPool] = "maxpool",
        [OpKind.AvgPool] = "avgpool", [OpKind.AdaptiveAvgPool] = "adaptiveavgpool", [OpKind.Add] = "add", [OpKind.Concat] = "concat",
        [OpKind.Flatten] = "flatten", [OpKind.Clamp] = "clamp",
    };

    private static readonly Dictionary<string, OpKind> ByTag = Tags.ToDictionary(t => t.Value, t => t.Key, StringComparer.Ordinal);

    /// <summary>The short tag, e.g. <c>dwconv</c>.</summary>
    public static string Tag(this OpKind kind) => Tags[kind];

    /// <summary>Whether the op is a convolution: ungrouped, grouped or depthwise.</summary>
    public static bool IsConvolution(this OpKind kind) => kind is OpKind.Conv or OpKind.GroupedConv or OpKind.DepthwiseConv;

    /// <summary>Whether the op is a pooling: max, average or adaptive average.</summary>
    public static bool IsPooling(this OpKind kind) => kind is OpKind.MaxPool or OpKind.AvgPool or OpKind.AdaptiveAvgPool;

    /// <summary>The kind of <paramref name="tag"/>, or null when it names none.</summary>
    public static OpKind? TryParse(string tag) => ByTag.TryGetValue(tag, out var kind) ? kind : null;
}
