using ZooForge.Compression.Quantization;
using ZooForge.Emit.Model;
using ZooForge.Hardware.Accelerator;

namespace ZooForge.Emit.Passes;

/// <summary>
/// The packed form of one convolution the kernels read (<c>zf_conv.h</c>):
/// <list type="bullet">
/// <item>weights, in the engine's step order: for each output-channel tile m0 (of the engine's
/// Tm) and input-channel step n0 (of its Tn; depthwise layers have one step), one block of its
/// kernels (m, n) in order, each its pattern id (pattern layers only) and then its <c>taps</c>
/// values — the kernel's non-zeros in pattern-position order, zero-padded to the table's largest
/// pattern; a pruned kernel (pattern id −1) stores id 0 and zeros. Every block is zero-padded to
/// whole words of the weight port, so a step's weights are one burst, the beats the latency model
/// charges;</item>
/// <item>parameters: bias[M], multiplier[M], shift[M] and the pattern table (per pattern,
/// <c>taps</c> positions as row·256 + column, so the kernel decodes them without a divider).</item>
/// </list>
/// A layer without patterns gets a one-entry table keeping all K·K positions, so dense and
/// pattern-sparse layers run the same engine. On a dense engine every layer is packed so. A
/// kernel larger than the engine's Tk is packed as its Tk×Tk passes
/// (<see cref="KernelDecomposition"/>): virtual input channel v = pass·N + n holds the sub-kernel
/// of pass v / N, zero-padded past the kernel's edge, and the table keeps the Tk·Tk positions.
/// </summary>
public static class ConvolutionPacking
{
    /// <summary>Appends the layer's weights and parameters and returns its completed schedule entry.</summary>
    /// <param name="c">The convolution.</param>
    /// <param name="entry">Its schedule entry so far.</param>
    /// <param name="layout">The engine it runs on and the weight port's word.</param>
    /// <param name="weights">The design's packed weights, appended to (whole words).</param>
    /// <param name="parameters">The design's packed parameters, appended to.</param>
    /// <param name="inputOrder">For a layer that reads its input reordered (a fully connected layer
    /// after a flatten, <see cref="ScheduleLayersPass"/>): the layer input each hardware input is,
    /// −1 for a zero lane; null when they are the same.</param>
    public static EmitLayer Pack(QConv c, EmitLayer entry, WeightLayout layout, List<int> weights, List<int> parameters, int[]? inputOrder = null)
    {
        int k = c.Kernel, kk = k * k, perGroup = c.InChannels / c.Groups;
        // The layer's inputs as the hardware reads them: input i is the layer's input inputOrder[i] (−1: none, weight 0).
        int inputs = inputOrder?.Length ?? perGroup;
        bool depthwise = c.Groups > 1;
        var split = KernelDecomposition.Of(k, depthwise ? layout.DepthwiseTk : layout.ConvTk);
        int window = split.Window;
        // Patterns need the patterned engine and a kernel that runs as itself; otherwise every
        // tap of the window is stored (the weights outside a pattern are zero, so the sums agree).
        bool withIds = c.Patterns is not null && !layout.Dense && !split.IsDecomposed;
        int[][] table;
        int[] ids;
        if (withIds && c is { Patterns: { } patterns, PatternIds: { } patternIds })
        {
            table = Enumerable.Range(0, patterns.Count).Select(patterns.Offsets).ToArray();
            ids = patternIds;
        }
        else
        {
            table = [Enumerable.Range(0, split.WindowTaps).ToArray()];
            ids = new int[c.OutChannels * perGroup];
        }
        int taps = Math.Max(1, table.Max(t => t.Length));
        if (weights.Count % layout.WeightsPerWord != 0)
            throw new InvalidOperationException("weights must start on a word boundary");
        var result = entry with
        {
            Kind = depthwise ? KernelKinds.Depthwise : KernelKinds.Conv,
            K = k, Kw = window, S = c.Stride, P = c.Padding, Lo = c.Lo, Hi = c.Hi,
            Taps = taps, Ids = withIds ? 1 : 0, Wgt = weights.Count / layout.WeightsPerWord, Prm = parameters.Count, Patterns = table.Length,
        };
        int lanesPerTile = depthwise ? layout.DepthwiseTm : layout.ConvTm;
        int inputsPerStep = depthwise ? 1 : layout.ConvTn;
        // The passes of a decomposed kernel are virtual input channels, pass-major (KernelDecomposition).
        int virtualInputs = inputs * split.Passes;
        for (int m0 = 0; m0 < c.OutChannels; m0 += lanesPerTile)
            for (int v0 = 0; v0 < virtualInputs; v0 += inputsPerStep)
            {
                for (int m = m0; m < Math.Min(m0 + lanesPerTile, c.OutChannels); m++)
                    for (int v = v0; v < Math.Min(v0 + inputsPerStep, virtualInputs); v++)
                    {
                        var (i, rowShift, columnShift) = split.VirtualChannel(v, inputs);
                        int n = inputOrder is null ? i : inputOrder[i];
                        if (n < 0)
                        {
                            if (withIds) weights.Add(0);
                            for (int t = 0; t < taps; t++) weights.Add(0);
                            continue;
                        }
                        int kernel = m * perGroup + n, id = ids[kernel];
                        if (withIds) weights.Add(Math.Max(id, 0));
                        for (int t = 0; t < taps; t++)
                            weights.Add(id >= 0 && t < table[id].Length ? Tap(c, kernel, rowShift + table[id][t] / window, columnShift + table[id][t] % window) : 0);
                    }
                while (weights.Count % layout.WeightsPerWord != 0) weights.Add(0);
            }
        parameters.AddRange(c.Bias);
        parameters.AddRange(c.Multiplier);
        parameters.AddRange(c.Shift);
        foreach (var pattern in table)
            for (int t = 0; t < taps; t++) parameters.Add(t < pattern.Length ? (pattern[t] / window) << 8 | pattern[t] % window : 0);
        return result;
    }

    /// <summary>The kernel's weight at (row, column), zero past its edge (the overhang of an edge pass).</summary>
    private static int Tap(QConv c, int kernel, int row, int column)
    {
        int k = c.Kernel;
        return row < k && column < k ? c.Weights[kernel * k * k + row * k + column] : 0;
    }
}

/// <summary>How the kernels walk a convolution's weights: the engines' tiles and the weights per word of the weight port.</summary>
/// <param name="ConvTm">Output channels per tile of the conv engine.</param>
/// <param name="ConvTn">Input channels per step of the conv engine.</param>
/// <param name="DepthwiseTm">Channels per tile of the depthwise engine.</param>
/// <param name="WeightsPerWord">Weights in one beat of the weight port.</param>
/// <param name="ConvTk">Window of the conv engine; larger kernels run as passes.</param>
/// <param name="DepthwiseTk">Window of the depthwise engine.</param>
/// <param name="Dense">Whether the engines are dense (no pattern ids, every tap stored).</param>
public readonly record struct WeightLayout(int ConvTm, int ConvTn, int DepthwiseTm, int WeightsPerWord, int ConvTk, int DepthwiseTk, bool Dense);
