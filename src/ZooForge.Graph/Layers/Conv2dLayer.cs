using ZooForge.Graph.Model;

namespace ZooForge.Graph.Layers;

/// <summary>
/// 2-D convolution with a square kernel, including grouped and depthwise forms
/// (depthwise: <c>Groups == InChannels == OutChannels</c>).
/// </summary>
public sealed class Conv2dLayer : Layer
{
    /// <summary>Creates a convolution reading <paramref name="input"/>.</summary>
    public Conv2dLayer(string name, string input, int inChannels, int outChannels, int kernel,
        int stride = 1, int padding = 0, int groups = 1, bool bias = true)
        : base(name, [input])
    {
        if (inChannels <= 0 || outChannels <= 0 || kernel <= 0 || stride <= 0 || padding < 0 || groups <= 0)
            throw Error($"invalid hyper-parameters (in={inChannels}, out={outChannels}, k={kernel}, s={stride}, p={padding}, groups={groups})");
        if (inChannels % groups != 0 || outChannels % groups != 0)
            throw Error($"channels {inChannels}->{outChannels} are not divisible by groups={groups}");
        InChannels = inChannels;
        OutChannels = outChannels;
        Kernel = kernel;
        Stride = stride;
        Padding = padding;
        Groups = groups;
        HasBias = bias;
    }

    /// <summary>Input channels (N in the accelerator notation).</summary>
    public int InChannels { get; }
    /// <summary>Output channels (M).</summary>
    public int OutChannels { get; }
    /// <summary>Kernel size K (K×K).</summary>
    public int Kernel { get; }
    /// <summary>Stride S.</summary>
    public int Stride { get; }
    /// <summary>Zero padding P on every side.</summary>
    public int Padding { get; }
    /// <summary>Channel groups; 1 for a conventional convolution.</summary>
    public int Groups { get; }
    /// <summary>Whether the layer has a bias vector.</summary>
    public bool HasBias { get; }

    /// <summary>True when every group has exactly one input and one output channel.</summary>
    public bool IsDepthwise => Groups > 1 && Groups == InChannels && Groups == OutChannels;

    /// <inheritdoc />
    public override OpKind Op => IsDepthwise ? OpKind.DepthwiseConv : Groups > 1 ? OpKind.GroupedConv : OpKind.Conv;

    /// <inheritdoc />
    public override long ParameterCount =>
        (long)OutChannels * (InChannels / Groups) * Kernel * Kernel + (HasBias ? OutChannels : 0);

    /// <inheritdoc />
    public override TensorShape InferOutputShape(IReadOnlyList<TensorShape> inputShapes)
    {
        RequireInputCount(inputShapes, 1);
        var x = inputShapes[0];
        if (x.Channels != InChannels)
            throw Error($"expects {InChannels} input channels, got {x.Channels}");
        int h = (x.Height + 2 * Padding - Kernel) / Stride + 1;
        int w = (x.Width + 2 * Padding - Kernel) / Stride + 1;
        if (x.Height + 2 * Padding < Kernel || x.Width + 2 * Padding < Kernel)
            throw Error($"kernel {Kernel} is larger than the padded input {x.Height}x{x.Width}");
        return new TensorShape(OutChannels, h, w);
    }

    /// <inheritdoc />
    public override long MacCount(IReadOnlyList<TensorShape> inputShapes, TensorShape output) =>
        output.Elements * (InChannels / Groups) * Kernel * Kernel;
}
