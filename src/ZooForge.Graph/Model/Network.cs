using ZooForge.Graph.Layers;

namespace ZooForge.Graph.Model;

/// <summary>A layer together with the shapes inferred for it inside a <see cref="Network"/>.</summary>
/// <param name="Layer">The typed layer.</param>
/// <param name="InputShapes">Shapes of the tensors it reads, in the order of <see cref="Layer.Inputs"/>.</param>
/// <param name="OutputShape">Shape of the tensor it produces.</param>
public sealed record LayerNode(Layer Layer, IReadOnlyList<TensorShape> InputShapes, TensorShape OutputShape)
{
    /// <summary>Multiply-accumulates per image.</summary>
    public long Macs => Layer.MacCount(InputShapes, OutputShape);

    /// <summary>Trainable parameters.</summary>
    public long Parameters => Layer.ParameterCount;
}

/// <summary>
/// A validated, shape-inferred graph of layers in topological order. Construction checks that
/// names are unique, every input exists earlier in the order, and every shape agrees; any
/// problem raises a <see cref="GraphException"/> naming the layer.
/// </summary>
public sealed class Network
{
    /// <summary>The name layers use to read the network's input tensor.</summary>
    public const string InputName = "input";

    private readonly Dictionary<string, LayerNode> _byName;

    /// <summary>Validates <paramref name="layers"/> and infers every shape.</summary>
    public Network(string name, TensorShape inputShape, IEnumerable<Layer> layers, int batch = 1)
    {
        if (batch <= 0) throw new GraphException($"network '{name}': batch must be positive, got {batch}");
        if (inputShape.Channels <= 0 || inputShape.Height <= 0 || inputShape.Width <= 0)
            throw new GraphException($"network '{name}': invalid input shape {inputShape}");
        Name = name;
        InputShape = inputShape;
        Batch = batch;
        var shapes = new Dictionary<string, TensorShape>(StringComparer.Ordinal) { [InputName] = inputShape };
        var nodes = new List<LayerNode>();
        _byName = new Dictionary<string, LayerNode>(StringComparer.Ordinal);
        foreach (var layer in layers)
        {
            if (shapes.ContainsKey(layer.Name))
                throw new GraphException($"layer '{layer.Name}' is defined twice");
            var inputs = new TensorShape[layer.Inputs.Count];
            for (int i = 0; i < inputs.Length; i++)
            {
                if (!shapes.TryGetValue(layer.Inputs[i], out inputs[i]))
                    throw new GraphException($"layer '{layer.Name}' reads '{layer.Inputs[i]}', which is not defined before it");
            }
            var node = new LayerNode(layer, inputs, layer.InferOutputShape(inputs));
            shapes[layer.Name] = node.OutputShape;
            nodes.Add(node);
            _byName[layer.Name] = node;
        }
        if (nodes.Count == 0) throw new GraphException($"network '{name}' has no layers");
        Nodes = nodes;
    }

    /// <summary>Network name, e.g. <c>resnet18</c>.</summary>
    public string Name { get; }

    /// <summary>Shape of one input image.</summary>
    public TensorShape InputShape { get; }

    /// <summary>Images per inference (B).</summary>
    public int Batch { get; }

    /// <summary>Layers in topological order, with inferred shapes.</summary>
    public IReadOnlyList<LayerNode> Nodes { get; }

    /// <summary>Shape of the network's final output.</summary>
    public TensorShape OutputShape => Nodes[^1].OutputShape;

    /// <summary>Total trainable parameters.</summary>
    public long ParameterCount => Nodes.Sum(n => n.Parameters);

    /// <summary>Total multiply-accumulates per image.</summary>
    public long MacCount => Nodes.Sum(n => n.Macs);

    /// <summary>Looks a layer up by name; throws a <see cref="GraphException"/> if absent.</summary>
    public LayerNode this[string layerName] =>
        _byName.TryGetValue(layerName, out var node)
            ? node
            : throw new GraphException($"network '{Name}' has no layer '{layerName}'");

    /// <summary>Whether a layer of that name exists.</summary>
    public bool Contains(string layerName) => _byName.ContainsKey(layerName);
}
