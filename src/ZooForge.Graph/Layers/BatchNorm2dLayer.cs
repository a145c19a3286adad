using ZooForge.Graph.Model;

namespace ZooForge.Graph.Layers;

/// <summary>Batch normalization; folded into the preceding convolution before hardware.</summary>
public sealed class BatchNorm2dLayer : Layer
{
    /// <summary>Creates a batch-norm over <paramref name="channels"/> channels.</summary>
    public BatchNorm2dLayer(string name, string input, int channels) : base(name, [input])
    {
        if (channels <= 0) throw Error($"invalid channel count {channels}");
        Channels = channels;
    }

    /// <summary>Normalized channels.</summary>
    public int Channels { get; }

    /// <inheritdoc />
    public override OpKind Op => OpKind.BatchNorm;

    /// <inheritdoc />
    public override long ParameterCount => 2L * Channels;

    /// <inheritdoc />
    public override TensorShape InferOutputShape(IReadOnlyList<TensorShape> inputShapes)
    {
        RequireInputCount(inputShapes, 1);
        if (inputShapes[0].Channels != Channels)
            throw Error($"expects {Channels} channels, got {inputShapes[0].Channels}");
        return inputShapes[0];
    }
}
