using ZooForge.Graph.Model;

namespace ZooForge.Graph.Layers;

/// <summary>Reshapes C×H×W into a (C·H·W)×1×1 vector.</summary>
public sealed class FlattenLayer(string name, string input) : Layer(name, [input])
{
    /// <inheritdoc />
    public override OpKind Op => OpKind.Flatten;

    /// <inheritdoc />
    public override TensorShape InferOutputShape(IReadOnlyList<TensorShape> inputShapes)
    {
        RequireInputCount(inputShapes, 1);
        long n = inputShapes[0].Elements;
        if (n > int.MaxValue) throw Error($"flattened size {n} is too large");
        return new TensorShape((int)n, 1, 1);
    }
}
