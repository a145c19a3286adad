using ZooForge.Graph.Model;

namespace ZooForge.Graph.Layers;

/// <summary>Reduction used by a window pooling layer.</summary>
public enum PoolMode
{
    /// <summary>Maximum over the window.</summary>
    Max,
    /// <summary>Mean over the window (padding counted, as torch's default).</summary>
    Average,
}

/// <summary>Max or average pooling with a square window, following torch's output-size rule.</summary>
public sealed class Pool2dLayer : Layer
{
    /// <summary>Creates a pooling layer; <paramref name="stride"/> defaults to the kernel size.</summary>
    public Pool2dLayer(string name, string input, PoolMode mode, int kernel, int? stride = null,
        int padding = 0, bool ceilMode = false) : base(name, [input])
    {
        int s = stride ?? kernel;
        if (kernel <= 0 || s <= 0 || padding < 0 || padding * 2 > kernel)
            throw Error($"invalid window (k={kernel}, s={s}, p={padding})");
        Mode = mode;
        Kernel = kernel;
        Stride = s;
        Padding = padding;
        CeilMode = ceilMode;
    }

    /// <summary>Max or average.</summary>
    public PoolMode Mode { get; }
    /// <summary>Window size.</summary>
    public int Kernel { get; }
    /// <summary>Stride.</summary>
    public int Stride { get; }
    /// <summary>Padding on every side.</summary>
    public int Padding { get; }
    /// <summary>Round the output size up instead of down (torch's <c>ceil_mode</c>).</summary>
    public bool CeilMode { get; }

    /// <inheritdoc />
    public override OpKind Op => Mode == PoolMode.Max ? OpKind.MaxPool : OpKind.AvgPool;

    /// <inheritdoc />
    public override TensorShape InferOutputShape(IReadOnlyList<TensorShape> inputShapes)
    {
        RequireInputCount(inputShapes, 1);
        var x = inputShapes[0];
        return new TensorShape(x.Channels, OutputSize(x.Height), OutputSize(x.Width));
    }

    /// <inheritdoc />
    public override long MacCount(IReadOnlyList<TensorShape> inputShapes, TensorShape output) => 0;

    private int OutputSize(int size)
    {
        int span = size + 2 * Padding - Kernel;
        if (span < 0) throw Error($"window {Kernel} is larger than the padded input {size}");
        int output = (CeilMode ? (span + Stride - 1) / Stride : span / Stride) + 1;
        // torch drops a last window that would start entirely inside the right padding.
        if (CeilMode && (output - 1) * Stride >= size + Padding) output--;
        return output;
    }
}
