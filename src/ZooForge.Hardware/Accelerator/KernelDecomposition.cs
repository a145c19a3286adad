namespace ZooForge.Hardware.Accelerator;

/// <summary>
/// How an engine with a Tk×Tk window runs a K×K kernel. A kernel that fits (K ≤ Tk) runs as
/// itself. A larger one runs as ⌈K/Tk⌉² passes of Tk×Tk sub-kernels, zero-padded where they
/// overhang the kernel's edge: pass (py, px) convolves the input shifted by (py·Tk, px·Tk)
/// with taps [py·Tk, py·Tk+Tk)×[px·Tk, px·Tk+Tk) of the kernel, and every pass accumulates
/// into the same outputs. The engine sees the passes as extra input channels — virtual channel
/// v = pass·N + n is input channel n, shifted — so a decomposed layer is a Tk×Tk layer with
/// N·passes input channels, and the N loop packs passes into the Tn lanes (resnet18's 7×7 stem
/// has 3 input channels: 9 passes make 27 virtual ones, filling a Tn of 32 where the plain
/// 7×7 layer would use 3 of them).
/// </summary>
/// <param name="Kernel">The layer's kernel size K.</param>
/// <param name="Window">The window the engine computes per pass: K, or Tk when the kernel is decomposed.</param>
/// <param name="PassesPerSide">⌈K/Tk⌉ when decomposed, else 1.</param>
public readonly record struct KernelDecomposition(int Kernel, int Window, int PassesPerSide)
{
    /// <summary>The decomposition of a <paramref name="kernel"/>×<paramref name="kernel"/> kernel on an engine of window <paramref name="tk"/>.</summary>
    public static KernelDecomposition Of(int kernel, int tk) =>
        kernel <= tk ? new(kernel, kernel, 1) : new(kernel, tk, (kernel + tk - 1) / tk);

    /// <summary>Whether the kernel runs as several passes.</summary>
    public bool IsDecomposed => PassesPerSide > 1;

    /// <summary>Passes per output tile and input channel, ⌈K/Tk⌉².</summary>
    public int Passes => PassesPerSide * PassesPerSide;

    /// <summary>Taps one pass computes per output pixel: Window².</summary>
    public int WindowTaps => Window * Window;

    /// <summary>The channel and the (row, column) shift of the input that virtual channel <paramref name="virtualChannel"/> reads.</summary>
    public (int Channel, int RowShift, int ColumnShift) VirtualChannel(int virtualChannel, int channels)
    {
        int pass = virtualChannel / channels;
        return (virtualChannel % channels, pass / PassesPerSide * Window, pass % PassesPerSide * Window);
    }
}
