using ZooForge.Graph.Model;

namespace ZooForge.Graph.Layers;

/// <summary>Element-wise activations the accelerator supports.</summary>
public enum ActivationFunction
{
    /// <summary>max(x, 0).</summary>
    Relu,
    /// <summary>min(max(x, 0), 6).</summary>
    Relu6,
}

/// <summary>ReLU or ReLU6 applied element-wise.</summary>
public sealed class ActivationLayer(string name, string input, ActivationFunction function)
    : Layer(name, [input])
{
    /// <summary>Which activation.</summary>
    public ActivationFunction Function { get; } = function;

    /// <inheritdoc />
    public override OpKind Op => Function == ActivationFunction.Relu ? OpKind.Relu : OpKind.Relu6;

    /// <inheritdoc />
    public override TensorShape InferOutputShape(IReadOnlyList<TensorShape> inputShapes)
    {
        RequireInputCount(inputShapes, 1);
        return inputShapes[0];
    }
}
