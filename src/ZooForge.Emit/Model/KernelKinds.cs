using ZooForge.Graph.Model;

namespace ZooForge.Emit.Model;

/// <summary>
/// The <c>zf_kind</c> enumerators of the HLS kernels (<c>templates/hls/kernels/zf_layer.h</c>):
/// the emitter's names for the graph's <see cref="OpKind"/>s, plus <see cref="Scale"/>, the copy
/// with requantization a concatenation becomes (one per input).
/// </summary>
public static class KernelKinds
{
    /// <summary>The conv engine.</summary>
    public const string Conv = "ZF_CONV";
    /// <summary>The depthwise engine.</summary>
    public const string Depthwise = "ZF_DWCONV";
    /// <summary>Max pooling.</summary>
    public const string MaxPool = "ZF_MAXPOOL";
    /// <summary>Average pooling.</summary>
    public const string AvgPool = "ZF_AVGPOOL";
    /// <summary>Adaptive average pooling.</summary>
    public const string Adaptive = "ZF_ADAPTIVE";
    /// <summary>Residual addition.</summary>
    public const string Add = "ZF_ADD";
    /// <summary>A clamp on its own.</summary>
    public const string Clamp = "ZF_CLAMP";
    /// <summary>One input of a concatenation, requantized into its channels of the output.</summary>
    public const string Scale = "ZF_SCALE";

    /// <summary>The kernel that runs <paramref name="kind"/>.</summary>
    /// <exception cref="ArgumentException">No kernel runs it (it is folded or addressing only).</exception>
    public static string Of(OpKind kind) => kind switch
    {
        OpKind.Conv or OpKind.GroupedConv => Conv,
        OpKind.DepthwiseConv => Depthwise,
        OpKind.MaxPool => MaxPool,
        OpKind.AvgPool => AvgPool,
        OpKind.AdaptiveAvgPool => Adaptive,
        OpKind.Add => Add,
        OpKind.Clamp => Clamp,
        _ => throw new ArgumentException($"no HLS kernel runs a {kind.Tag()} op on its own"),
    };

    /// <summary>Whether <paramref name="kernel"/> is one of the pooling kernels.</summary>
    public static bool IsPool(string kernel) => kernel is MaxPool or AvgPool or Adaptive;

    /// <summary>Whether <paramref name="kernel"/> is an element-wise kernel (add, scale, clamp).</summary>
    public static bool IsEltwise(string kernel) => kernel is Add or Scale or Clamp;
}
