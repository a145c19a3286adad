using ZooForge.Graph.Model;

namespace ZooForge.Graph.Layers;

/// <summary>
/// One typed node of the graph IR. A layer knows its own hyper-parameters, how to infer its
/// output shape from its input shapes, and how many parameters and multiply-accumulates it has.
/// </summary>
public abstract class Layer
{
    /// <summary>Creates a layer consuming the outputs of <paramref name="inputs"/>.</summary>
    protected Layer(string name, IReadOnlyList<string> inputs)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new GraphException("a layer has an empty name");
        Name = name;
        Inputs = inputs;
    }

    /// <summary>Unique name; built-in architectures use torchvision's module names.</summary>
    public string Name { get; }

    /// <summary>Names of the layers (or <see cref="Network.InputName"/>) this layer reads.</summary>
    public IReadOnlyList<string> Inputs { get; }

    /// <summary>What the layer computes.</summary>
    public abstract OpKind Op { get; }

    /// <summary>Short type tag shown in tables and JSON, e.g. <c>conv</c> or <c>dwconv</c> (<see cref="OpKinds.Tag"/> of <see cref="Op"/>).</summary>
    public string Kind => Op.Tag();

    /// <summary>Trainable parameters (batch-norm running statistics are buffers, not parameters).</summary>
    public virtual long ParameterCount => 0;

    /// <summary>Output shape for the given input shapes; throws <see cref="GraphException"/> on a mismatch.</summary>
    public abstract TensorShape InferOutputShape(IReadOnlyList<TensorShape> inputShapes);

    /// <summary>Multiply-accumulates per image. Batch-norm counts zero because it is folded before hardware.</summary>
    public virtual long MacCount(IReadOnlyList<TensorShape> inputShapes, TensorShape output) => 0;

    /// <summary>Throws unless exactly <paramref name="count"/> inputs were given.</summary>
    protected void RequireInputCount(IReadOnlyList<TensorShape> inputShapes, int count)
    {
        if (inputShapes.Count != count)
            throw new GraphException($"layer '{Name}' ({Kind}) takes {count} input(s), got {inputShapes.Count}");
    }

    /// <summary>Throws naming this layer.</summary>
    protected GraphException Error(string problem) => new($"layer '{Name}' ({Kind}): {problem}");
}
