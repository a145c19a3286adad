using ZooForge.Graph.Model;

namespace ZooForge.Graph.Layers;

/// <summary>Fully connected layer on a flattened C×1×1 vector.</summary>
public sealed class LinearLayer : Layer
{
    /// <summary>Creates a fully connected layer.</summary>
    public LinearLayer(string name, string input, int inFeatures, int outFeatures, bool bias = true)
        : base(name, [input])
    {
        if (inFeatures <= 0 || outFeatures <= 0)
            throw Error($"invalid features {inFeatures}->{outFeatures}");
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        HasBias = bias;
    }

    /// <summary>Input features.</summary>
    public int InFeatures { get; }
    /// <summary>Output features.</summary>
    public int OutFeatures { get; }
    /// <summary>Whether the layer has a bias vector.</summary>
    public bool HasBias { get; }

    /// <inheritdoc />
    public override OpKind Op => OpKind.Linear;

    /// <inheritdoc />
    public override long ParameterCount => (long)InFeatures * OutFeatures + (HasBias ? OutFeatures : 0);

    /// <inheritdoc />
    public override TensorShape InferOutputShape(IReadOnlyList<TensorShape> inputShapes)
    {
        RequireInputCount(inputShapes, 1);
        var x = inputShapes[0];
        if (x.Height != 1 || x.Width != 1)
            throw Error($"expects a flattened vector, got {x}; insert a flatten layer");
        if (x.Channels != InFeatures)
            throw Error($"expects {InFeatures} input features, got {x.Channels}");
        return new TensorShape(OutFeatures, 1, 1);
    }

    /// <inheritdoc />
    public override long MacCount(IReadOnlyList<TensorShape> inputShapes, TensorShape output) =>
        (long)InFeatures * OutFeatures;
}
