namespace ZooForge.Compression.Quantization;

/// <summary>
/// How scales are chosen, defined once for the quantizer and the fake-quant modules alike.
/// All arithmetic is in double on the float32 values, in index order.
/// </summary>
public static class TensorScales
{
    /// <summary>
    /// Scale of a tensor whose values lie in [−maxAbs, maxAbs]: maxAbs / (2^(b−1) − 1) for the
    /// symmetric scheme, or 2^−F with the largest F whose range still covers maxAbs for fixed
    /// point (or the scheme's fixed F). A zero range gets scale 1 so that everything quantizes to 0.
    /// </summary>
    public static double ForRange(double maxAbs, QuantScheme scheme)
    {
        int hi = (1 << (scheme.Bits - 1)) - 1;
        if (scheme.Kind == QuantKind.FixedPoint)
        {
            if (scheme.FractionBits is { } f) return Math.Pow(2, -f);
            if (!(maxAbs > 0)) return 1;
            // Largest F with hi · 2^−F ≥ maxAbs; F may be negative for ranges beyond hi.
            int fraction = (int)Math.Floor(Math.Log2(hi / maxAbs));
            return Math.Pow(2, -fraction);
        }
        return maxAbs > 0 ? maxAbs / hi : 1;
    }

    /// <summary>Largest absolute value in <paramref name="values"/>[offset..offset+count).</summary>
    public static double MaxAbs(ReadOnlySpan<float> values)
    {
        double m = 0;
        foreach (float v in values) m = Math.Max(m, Math.Abs((double)v));
        return m;
    }

    /// <summary>
    /// Per-output-channel weight quantization of a weight tensor laid out [M, rest…]: each channel's
    /// scale from its own range, values <see cref="Requantizer.Quantize"/>d and clamped to the signed range.
    /// </summary>
    public static (int[] Values, double[] Scales) QuantizeWeights(ReadOnlySpan<float> weights, int outChannels, QuantScheme scheme)
    {
        int per = weights.Length / outChannels;
        var (lo, hi) = Requantizer.SignedRange(scheme.Bits);
        var q = new int[weights.Length];
        var scales = new double[outChannels];
        for (int m = 0; m < outChannels; m++)
        {
            var channel = weights.Slice(m * per, per);
            double s = ForRange(MaxAbs(channel), scheme);
            scales[m] = s;
            for (int i = 0; i < per; i++) q[m * per + i] = Requantizer.Quantize(channel[i], s, lo, hi);
        }
        return (q, scales);
    }
}
