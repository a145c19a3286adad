using ZooForge.Compression.Quantization;
using ZooForge.Emit.Model;

namespace ZooForge.Emit.Passes;

/// <summary>
/// The packed form of one convolution the kernels read (<c>zf_conv.h</c>):
/// <list type="bullet">
/// <item>weights: per kernel (m, n) in order, <c>taps</c> values — the kernel's non-zeros in the
/// order of its pattern's positions (row-major), zero-padded to the table's largest pattern;
/// a pruned kernel (pattern id −1) stores zeros;</item>
/// <item>parameters: bias[M], multiplier[M], shift[M], the pattern table (per pattern,
/// <c>taps</c> positions r·K + c) and the pattern id of every kernel.</item>
/// </list>
/// A layer without patterns gets a one-entry table keeping all K·K positions, so dense and
/// pattern-sparse layers run the same engine.
/// </summary>
public static class ConvolutionPacking
{
    /// <summary>Appends the layer's weights and parameters and returns its completed schedule entry.</summary>
    public static EmitLayer Pack(QConv c, EmitLayer entry, List<int> weights, List<int> parameters)
    {
        int k = c.Kernel, kk = k * k, perGroup = c.InChannels / c.Groups, kernels = c.OutChannels * perGroup;
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
            ids = new int[kernels];
        }
        int taps = Math.Max(1, table.Max(t => t.Length));
        var result = entry with
        {
            Kind = c.Groups == 1 ? "ZF_CONV" : "ZF_DWCONV",
            K = k, S = c.Stride, P = c.Padding, Lo = c.Lo, Hi = c.Hi,
            Taps = taps, Wgt = weights.Count, Prm = parameters.Count, Patterns = table.Length,
        };
        for (int kernel = 0; kernel < kernels; kernel++)
        {
            int id = ids[kernel];
            for (int t = 0; t < taps; t++)
                weights.Add(id >= 0 && t < table[id].Length ? c.Weights[kernel * kk + table[id][t]] : 0);
        }
        parameters.AddRange(c.Bias);
        parameters.AddRange(c.Multiplier);
        parameters.AddRange(c.Shift);
        foreach (var pattern in table)
            for (int t = 0; t < taps; t++) parameters.Add(t < pattern.Length ? pattern[t] : 0);
        parameters.AddRange(ids);
        return result;
    }
}
