using ZooForge.Graph.Model;

namespace ZooForge.Graph.Layers;

/// <summary>Element-wise sum of two or more tensors of equal shape (residual connections).</summary>
public sealed class AddLayer : Layer
{
    /// <summary>Creates an addition of <paramref name="inputs"/>.</summary>
    public AddLayer(string name, IReadOnlyList<string> inputs) : base(name, inputs)
    {
        if (inputs.Count < 2) throw Error("needs at least two inputs");
    }

    /// <inheritdoc />
    public override OpKind Op => OpKind.Add;

    /// <inheritdoc />
    public override TensorShape InferOutputShape(IReadOnlyList<TensorShape> inputShapes)
    {
        RequireInputCount(inputShapes, Inputs.Count);
        var first = inputShapes[0];
        for (int i = 1; i < inputShapes.Count; i++)
            if (inputShapes[i] != first)
                throw Error($"input shapes differ: {first} ('{Inputs[0]}') vs {inputShapes[i]} ('{Inputs[i]}')");
        return first;
    }
}
