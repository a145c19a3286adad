namespace ZooForge.Compression.Reference;

/// <summary>
/// Window arithmetic shared by the float and integer references (and the quantized-network
/// checks), following torch exactly: convolution output sizes, pooling with <c>ceil_mode</c>
/// and <c>count_include_pad=True</c>, and adaptive average pooling windows.
/// </summary>
public static class WindowGeometry
{
    /// <summary>Convolution output size ⌊(size + 2p − k)/s⌋ + 1; non-positive when the kernel does not fit.</summary>
    public static int ConvOutputSize(int size, int kernel, int stride, int padding) =>
        size + 2 * padding < kernel ? 0 : (size + 2 * padding - kernel) / stride + 1;

    /// <summary>
    /// Pooling output size as torch: ⌊(size + 2p − k)/s⌋ + 1, or with <paramref name="ceilMode"/>
    /// ⌈(size + 2p − k)/s⌉ + 1 minus one when the last window would start inside the right padding.
    /// Returns 0 when the window does not fit.
    /// </summary>
    public static int PoolOutputSize(int size, int kernel, int stride, int padding, bool ceilMode)
    {
        int span = size + 2 * padding - kernel;
        if (span < 0) return 0;
        int output = (ceilMode ? (span + stride - 1) / stride : span / stride) + 1;
        if (ceilMode && (output - 1) * stride >= size + padding) output--;
        return output;
    }

    /// <summary>
    /// Window <paramref name="index"/> of a pooling layer along one axis: the input positions
    /// [<c>Start</c>, <c>End</c>) it covers inside the input, and <c>Extent</c>, the number of
    /// positions torch divides by for average pooling with <c>count_include_pad=True</c>: the
    /// window clipped to the padded input [−p, size + p), padding included.
    /// </summary>
    public static (int Start, int End, int Extent) PoolWindow(int index, int size, int kernel, int stride, int padding)
    {
        int start = index * stride - padding;
        int paddedEnd = Math.Min(start + kernel, size + padding);
        int extent = paddedEnd - start;
        return (Math.Max(start, 0), Math.Min(paddedEnd, size), extent);
    }

    /// <summary>
    /// Window <paramref name="index"/> of adaptive average pooling from <paramref name="size"/> to
    /// <paramref name="outputSize"/> along one axis, torch's rule: [⌊i·size/out⌋, ⌈(i+1)·size/out⌉).
    /// </summary>
    public static (int Start, int End) AdaptiveWindow(int index, int size, int outputSize) =>
        ((int)((long)index * size / outputSize), (int)(((long)(index + 1) * size + outputSize - 1) / outputSize));
}
