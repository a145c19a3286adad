using ZooForge.Graph.Model;

namespace ZooForge.Graph.Layers;

/// <summary>Average pooling to a fixed output size, as torch's <c>AdaptiveAvgPool2d</c>.</summary>
public sealed class AdaptiveAvgPool2dLayer : Layer
{
    /// <summary>Creates an adaptive average pool to <paramref name="outputHeight"/>×<paramref name="outputWidth"/>.</summary>
    public AdaptiveAvgPool2dLayer(string name, string input, int outputHeight, int outputWidth)
        : base(name, [input])
    {
        if (outputHeight <= 0 || outputWidth <= 0)
            throw Error($"invalid output size {outputHeight}x{outputWidth}");
        OutputHeight = outputHeight;
        OutputWidth = outputWidth;
    }

    /// <summary>Output height.</summary>
    public int OutputHeight { get; }
    /// <summary>Output width.</summary>
    public int OutputWidth { get; }

    /// <inheritdoc />
    public override OpKind Op => OpKind.AdaptiveAvgPool;

    /// <inheritdoc />
    public override TensorShape InferOutputShape(IReadOnlyList<TensorShape> inputShapes)
    {
        RequireInputCount(inputShapes, 1);
        return new TensorShape(inputShapes[0].Channels, OutputHeight, OutputWidth);
    }
}
