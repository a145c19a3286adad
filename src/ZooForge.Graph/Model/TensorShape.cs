namespace ZooForge.Graph.Model;

/// <summary>
/// The shape of one activation tensor for a single image: channels × height × width.
/// The batch size belongs to the <see cref="Network"/>, not to each tensor.
/// Vectors (after <c>flatten</c> or <c>linear</c>) are represented as C×1×1.
/// </summary>
public readonly record struct TensorShape(int Channels, int Height, int Width)
{
    /// <summary>Number of scalars in the tensor.</summary>
    public long Elements => (long)Channels * Height * Width;

    /// <inheritdoc />
    public override string ToString() => $"{Channels}x{Height}x{Width}";
}
