using ZooForge.Compression.Quantization;
using ZooForge.Emit.Model;

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
/// pattern-sparse layers run the same engine.
/// </summary>
public static class ConvolutionPacking
{
    /// <summary>Appends the layer's weights and parameters and returns its completed schedule entry.</summary>
    /// <param name="c">The convolution.</param>
    /// <param name="entry">Its schedule entry so far.</param>
    /// <param name="layout">The engine it runs on and the weight port's word.</param>
    /// <param name="weights">The design's packed weights, appended to (whole words).</param>
    /// <param name="parameters">The design's packed parameters, appended to.</param>
    public static EmitLayer Pack(QConv c, EmitLayer entry, WeightLayout layout, List<int> weights, List<int> parameters)
    {
        int k = c.Kernel, kk = k * k, perGroup = c.InChannels / c.Groups;
        bool depthwise = c.Groups > 1;
        int[][] table;
        int[] ids;
        if (c is { Patterns: { } patterns, PatternIds: { } patternIds })
        {
            table = Enumerable.Range(0, patterns.Count).Select(patterns.Offsets).ToArray();
            ids = patternIds;
        }
        else
        {
            table = [Enumerable.Range(0, kk).ToArray()];
            ids = new int[c.OutChannels * perGroup];
        }
        int taps = Math.Max(1, table.Max(t => t.Length));
        // The latency model charges an id per kernel of every pattern-pruned layer, however many patterns it has.
        bool withIds = c.Patterns is not null;
        if (weights.Count % layout.WeightsPerWord != 0)
            throw new InvalidOperationException("weights must start on a word boundary");
        var result = entry with
        {
            Kind = depthwise ? KernelKinds.Depthwise : KernelKinds.Conv,
            K = k, S = c.Stride, P = c.Padding, Lo = c.Lo, Hi = c.Hi,
            Taps = taps, Ids = withIds ? 1 : 0, Wgt = weights.Count / layout.WeightsPerWord, Prm = parameters.Count, Patterns = table.Length,
        };
        int lanesPerTile = depthwise ? layout.DepthwiseTm : layout.ConvTm;
        int inputsPerStep = depthwise ? 1 : layout.ConvTn;
        for (int m0 = 0; m0 < c.OutChannels; m0 += lanesPerTile)
            for (int n0 = 0; n0 < perGroup; n0 += inputsPerStep)
            {
                for (int m = m0; m < Math.Min(m0 + lanesPerTile, c.OutChannels); m++)
                    for (int n = n0; n < Math.Min(n0 + inputsPerStep, perGroup); n++)
                    {
                        int kernel = m * perGroup + n, id = ids[kernel];
                        if (withIds) weights.Add(Math.Max(id, 0));
                        for (int t = 0; t < taps; t++)
                            weights.Add(id >= 0 && t < table[id].Length ? c.Weights[kernel * kk + table[id][t]] : 0);
                    }
                while (weights.Count % layout.WeightsPerWord != 0) weights.Add(0);
            }
        parameters.AddRange(c.Bias);
        parameters.AddRange(c.Multiplier);
        parameters.AddRange(c.Shift);
        foreach (var pattern in table)
            for (int t = 0; t < taps; t++) parameters.Add(t < pattern.Length ? (pattern[t] / k) << 8 | pattern[t] % k : 0);
        return result;
    }
}

/// <summary>How the kernels walk a convolution's weights: the engines' tiles and the weights per word of the weight port.</summary>
/// <param name="ConvTm">Output channels per tile of the conv engine.</param>
/// <param name="ConvTn">Input channels per step of the conv engine.</param>
/// <param name="DepthwiseTm">Channels per tile of the depthwise engine.</param>
/// <param name="WeightsPerWord">Weights in one beat of the weight port.</param>
public readonly record struct WeightLayout(int ConvTm, int ConvTn, int DepthwiseTm, int WeightsPerWord);
