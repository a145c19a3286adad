using ZooForge.Graph.Model;

namespace ZooForge.Graph.Layers;

/// <summary>Concatenation along the channel axis.</summary>
public sealed class ConcatLayer : Layer
{
    /// <summary>Creates a channel concatenation of <paramref name="inputs"/>.</summary>
    public ConcatLayer(string name, IReadOnlyList<string> inputs) : base(name, inputs)
    {
        if (inputs.Count < 2) throw Error("needs at least two inputs");
    }

    /// <inheritdoc />
    public override OpKind Op => OpKind.Concat;

    /// <inheritdoc />
    public override TensorShape InferOutputShape(IReadOnlyList<TensorShape> inputShapes)
    {
        RequireInputCount(inputShapes, Inputs.Count);
        var first = inputShapes[0];
        int channels = 0;
        for (int i = 0; i < inputShapes.Count; i++)
        {
            if (inputShapes[i].Height != first.Height || inputShapes[i].Width != first.Width)
                throw Error($"spatial sizes differ: {first} ('{Inputs[0]}') vs {inputShapes[i]} ('{Inputs[i]}')");
            channels += inputShapes[i].Channels;
        }
        return first with { Channels = channels };
    }
}
