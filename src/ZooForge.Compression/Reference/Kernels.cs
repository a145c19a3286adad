using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

[assembly: InternalsVisibleTo("ZooForge.Compression.Tests")]

namespace ZooForge.Compression.Reference;

/// <summary>
/// Loop kernels shared by the references. A convolution is lowered to a product of the weights
/// [M, L] (L = N/groups·K·K, in [n, kr, kc] order) with an unfolded input "column" matrix whose
/// row k holds, for every output position p = oh·OW + ow, the input value under weight k (zero in
/// the padding). Integer kernels are exact (any order of integer additions gives the same
/// result); the double kernel computes the same bits on every platform (see
/// <see cref="GemmDouble"/>).
/// </summary>
internal static class Kernels
{
    /// <summary><paramref name="length"/> rounded up to a multiple of <paramref name="multiple"/>.</summary>
    public static int Padded(int length, int multiple) => (length + multiple - 1) / multiple * multiple;

    [ThreadStatic] private static short[]? _shortScratch;
    [ThreadStatic] private static double[]? _doubleScratch;
    [ThreadStatic] private static double[]? _doubleOut;
    [ThreadStatic] private static int[]? _intScratch;
    [ThreadStatic] private static int[]? _pairScratch;
    [ThreadStatic] private static long[]? _longScratch;

    /// <summary>Per-thread scratch buffers, grown on demand; contents are stale.</summary>
    public static short[] ShortScratch(int length) => Grow(ref _shortScratch, length);
    public static double[] DoubleScratch(int length) => Grow(ref _doubleScratch, length);
    public static double[] DoubleOut(int length) => Grow(ref _doubleOut, length);
    public static int[] IntScratch(int length) => Grow(ref _intScratch, length);
    public static int[] PairScratch(int length) => Grow(ref _pairScratch, length);
    public static long[] LongScratch(int length) => Grow(ref _longScratch, length);

    private static T[] Grow<T>(ref T[]? buffer, int length)
    {
        if (buffer is null || buffer.Length < length) buffer = new T[Math.Max(length, (buffer?.Length ?? 0) * 2)];
        return buffer;
    }

    /// <summary>
    /// Output positions ow whose input column ow·S + kc − P lies inside [0, width):
    /// [first, last) for one kernel column kc.
    /// </summary>
    private static (int First, int Last) Inside(int kc, int stride, int padding, int width, int outWidth)
    {
        int first = Math.Max(0, (padding - kc + stride - 1) / stride);
        int last = Math.Min(outWidth, (width - 1 + padding - kc) / stride + 1);
        return (first, Math.Max(first, last));
    }

    /// <summary>
    /// Double column matrix: row k (k = (n·K + kr)·K + kc over channels
    /// [<paramref name="channelOffset"/>, +<paramref name="channels"/>)) at
    /// <c>col[k·rowStride + p]</c>; zero where the window reads padding. Columns p ≥ OH·OW are left stale.
    /// </summary>
    public static void Im2Col(double[] x, int channelOffset, int channels, int height, int width,
        int kernel, int stride, int padding, int outHeight, int outWidth, double[] col, int rowStride)
    {
        int k = 0;
        for (int n = 0; n < channels; n++)
        {
            int plane = (channelOffset + n) * height;
            for (int kr = 0; kr < kernel; kr++)
                for (int kc = 0; kc < kernel; kc++, k++)
                {
                    var (first, last) = Inside(kc, stride, padding, width, outWidth);
                    for (int oh = 0; oh < outHeight; oh++)
                    {
                        int at = k * rowStride + oh * outWidth;
                        int ih = oh * stride + kr - padding;
                        if ((uint)ih >= (uint)height)
                        {
                            col.AsSpan(at, outWidth).Clear();
                            continue;
                        }
                        int line = (plane + ih) * width + kc - padding;
                        for (int ow = 0; ow < first; ow++) col[at + ow] = 0;
                        if (stride == 1) x.AsSpan(line + first, last - first).CopyTo(col.AsSpan(at + first));
                        else for (int ow = first; ow < last; ow++) col[at + ow] = x[line + ow * stride];
                        for (int ow = last; ow < outWidth; ow++) col[at + ow] = 0;
                    }
                }
        }
    }

    /// <summary>
    /// 16-bit column matrix with rows interleaved in pairs: the 32-bit element
    /// <c>col[j·rowStride + p]</c> holds the value of row 2j in its low half and of row 2j+1 in its
    /// high half (the operand layout of a pairwise multiply-add); zero where the window reads
    /// padding. The high half of a last unpaired row repeats row 2j (its weight is zero); columns
    /// p ≥ OH·OW are left stale (their outputs are unused).
    /// </summary>
    public static void Im2ColPairs(int[] x, int channelOffset, int channels, int height, int width,
        int kernel, int stride, int padding, int outHeight, int outWidth, int[] col, int rowStride)
    {
        // The input channels as 16-bit planes with a zero border of `padding`: no bounds checks below.
        int ph = height + 2 * padding, pw = width + 2 * padding, plane = ph * pw;
        var padded = ShortScratch(channels * plane);
        if (padding > 0) Array.Clear(padded, 0, channels * plane);
        for (int n = 0; n < channels; n++)
            for (int r = 0; r < height; r++)
            {
                int from = ((channelOffset + n) * height + r) * width, to = n * plane + (r + padding) * pw + padding;
                for (int c = 0; c < width; c++) padded[to + c] = (short)x[from + c];
            }
        int kk = kernel * kernel, length = channels * kk, pairs = (length + 1) / 2;
        ref short rp = ref MemoryMarshal.GetArrayDataReference(padded);
        ref int rc = ref MemoryMarshal.GetArrayDataReference(col);
        for (int j = 0; j < pairs; j++)
        {
            int k0 = 2 * j, k1 = Math.Min(2 * j + 1, length - 1);
            int o0 = k0 / kk * plane + k0 % kk / kernel * pw + k0 % kernel;
            int o1 = k1 / kk * plane + k1 % kk / kernel * pw + k1 % kernel;
            ref int target = ref Unsafe.Add(ref rc, j * rowStride);
            for (int oh = 0; oh < outHeight; oh++)
            {
                ref short lo = ref Unsafe.Add(ref rp, o0 + oh * stride * pw);
                ref short hi = ref Unsafe.Add(ref rp, o1 + oh * stride * pw);
                if (stride == 1)
                {
                    int ow = 0;
                    if (Avx2.IsSupported)
                        for (; ow + 16 <= outWidth; ow += 16)
                        {
                            var a = Vector256.LoadUnsafe(ref lo, (nuint)ow);
                            var b = Vector256.LoadUnsafe(ref hi, (nuint)ow);
                            // Interleave a and b (per 128-bit lane), then restore position order.
                            var l = Avx2.UnpackLow(a, b).AsInt32();
                            var h = Avx2.UnpackHigh(a, b).AsInt32();
                            Avx2.Permute2x128(l, h, 0x20).StoreUnsafe(ref target, (nuint)ow);
                            Avx2.Permute2x128(l, h, 0x31).StoreUnsafe(ref target, (nuint)ow + 8);
                        }
                    for (; ow < outWidth; ow++)
                        Unsafe.Add(ref target, ow) = (ushort)Unsafe.Add(ref lo, ow) | Unsafe.Add(ref hi, ow) << 16;
                }
                else
                {
                    for (int ow = 0; ow < outWidth; ow++)
                        Unsafe.Add(ref target, ow) = (ushort)Unsafe.Add(ref lo, ow * stride) | Unsafe.Add(ref hi, ow * stride) << 16;
                }
                target = ref Unsafe.Add(ref target, outWidth);
            }
        }
    }

    /// <summary>
    /// Packs [M, L] weights (16-bit values) as M rows of ⌈L/2⌉ 32-bit pairs: low half weight 2j,
    /// high half weight 2j+1 (zero past L).
    /// </summary>
    public static int[] PackPairs(int[] weights, int rows)
    {
        int length = weights.Length / rows, pairs = (length + 1) / 2;
        var packed = new int[rows * pairs];
        for (int m = 0; m < rows; m++)
            for (int j = 0; j < pairs; j++)
            {
                int lo = weights[m * length + 2 * j];
                int hi = 2 * j + 1 < length ? weights[m * length + 2 * j + 1] : 0;
                packed[m * pairs + j] = (ushort)(short)lo | (int)(ushort)(short)hi << 16;
            }
        return packed;
    }

    /// <summary>
    /// acc[m·rowStride + p] = bias[m] + Σ_k w[m, k]·col(k, p) for m in [m0, m1) and every p &lt;
    /// <paramref name="rowStride"/> (a multiple of 16), in 32-bit integers: the caller guarantees
    /// |bias| + Σ|w·x| &lt; 2^31 for the used positions, so no partial sum overflows.
    /// </summary>
    public static void GemmPairs(int[] w, int pairs, int[] bias, int m0, int m1, int[] col, int rowStride, int[] acc)
    {
        if (!Avx2.IsSupported)
        {
            GemmPairsScalar(w, pairs, bias, m0, m1, col, rowStride, acc);
            return;
        }
        ref int rc = ref MemoryMarshal.GetArrayDataReference(col);
        ref int ra = ref MemoryMarshal.GetArrayDataReference(acc);
        int m = m0;
        for (; m + 4 <= m1; m += 4)
        {
            int w0 = m * pairs, w1 = w0 + pairs, w2 = w1 + pairs, w3 = w2 + pairs;
            var b0 = Vector256.Create(bias[m]); var b1 = Vector256.Create(bias[m + 1]);
            var b2 = Vector256.Create(bias[m + 2]); var b3 = Vector256.Create(bias[m + 3]);
            for (int p = 0; p < rowStride; p += 16)
            {
                Vector256<int> a00 = b0, a01 = b0, a10 = b1, a11 = b1, a20 = b2, a21 = b2, a30 = b3, a31 = b3;
                for (int j = 0; j < pairs; j++)
                {
                    nuint at = (nuint)(j * rowStride + p);
                    var c0 = Vector256.LoadUnsafe(ref rc, at).AsInt16();
                    var c1 = Vector256.LoadUnsafe(ref rc, at + 8).AsInt16();
                    var v0 = Vector256.Create(w[w0 + j]).AsInt16();
                    var v1 = Vector256.Create(w[w1 + j]).AsInt16();
                    var v2 = Vector256.Create(w[w2 + j]).AsInt16();
                    var v3 = Vector256.Create(w[w3 + j]).AsInt16();
                    a00 = Avx2.Add(a00, Avx2.MultiplyAddAdjacent(c0, v0)); a01 = Avx2.Add(a01, Avx2.MultiplyAddAdjacent(c1, v0));
                    a10 = Avx2.Add(a10, Avx2.MultiplyAddAdjacent(c0, v1)); a11 = Avx2.Add(a11, Avx2.MultiplyAddAdjacent(c1, v1));
                    a20 = Avx2.Add(a20, Avx2.MultiplyAddAdjacent(c0, v2)); a21 = Avx2.Add(a21, Avx2.MultiplyAddAdjacent(c1, v2));
                    a30 = Avx2.Add(a30, Avx2.MultiplyAddAdjacent(c0, v3)); a31 = Avx2.Add(a31, Avx2.MultiplyAddAdjacent(c1, v3));
                }
                nuint o = (nuint)(m * rowStride + p), s = (nuint)rowStride;
                a00.StoreUnsafe(ref ra, o); a01.StoreUnsafe(ref ra, o + 8);
                a10.StoreUnsafe(ref ra, o + s); a11.StoreUnsafe(ref ra, o + s + 8);
                a20.StoreUnsafe(ref ra, o + 2 * s); a21.StoreUnsafe(ref ra, o + 2 * s + 8);
                a30.StoreUnsafe(ref ra, o + 3 * s); a31.StoreUnsafe(ref ra, o + 3 * s + 8);
            }
        }
        for (; m < m1; m++)
        {
            int w0 = m * pairs;
            var b0 = Vector256.Create(bias[m]);
            for (int p = 0; p < rowStride; p += 16)
            {
                Vector256<int> a00 = b0, a01 = b0;
                for (int j = 0; j < pairs; j++)
                {
                    nuint at = (nuint)(j * rowStride + p);
                    var v0 = Vector256.Create(w[w0 + j]).AsInt16();
                    a00 = Avx2.Add(a00, Avx2.MultiplyAddAdjacent(Vector256.LoadUnsafe(ref rc, at).AsInt16(), v0));
                    a01 = Avx2.Add(a01, Avx2.MultiplyAddAdjacent(Vector256.LoadUnsafe(ref rc, at + 8).AsInt16(), v0));
                }
                nuint o = (nuint)(m * rowStride + p);
                a00.StoreUnsafe(ref ra, o); a01.StoreUnsafe(ref ra, o + 8);
            }
        }
    }

    /// <summary>The portable form of <see cref="GemmPairs"/> (also its test oracle).</summary>
    public static void GemmPairsScalar(int[] w, int pairs, int[] bias, int m0, int m1, int[] col, int rowStride, int[] acc)
    {
        for (int m = m0; m < m1; m++)
            for (int p = 0; p < rowStride; p++)
            {
                int sum = bias[m];
                for (int j = 0; j < pairs; j++)
                {
                    int packed = w[m * pairs + j], value = col[j * rowStride + p];
                    sum = unchecked(sum + (short)packed * (short)value + (short)(packed >> 16) * (short)(value >> 16));
                }
                acc[m * rowStride + p] = sum;
            }
    }

    /// <summary>As <see cref="GemmPairs"/> with 64-bit products and sums (exact for any 16-bit values).</summary>
    public static void GemmPairsWide(int[] w, int pairs, int[] bias, int m0, int m1, int[] col, int rowStride, long[] acc)
    {
        for (int m = m0; m < m1; m++)
            for (int p = 0; p < rowStride; p++)
            {
                long sum = bias[m];
                for (int j = 0; j < pairs; j++)
                {
                    int packed = w[m * pairs + j], value = col[j * rowStride + p];
                    sum += (long)(short)packed * (short)value + (long)(short)(packed >> 16) * (short)(value >> 16);
                }
                acc[m * rowStride + p] = sum;
            }
    }

    /// <summary>
    /// output[m·P + p] = (Σ_k w[m·L + k]·col[k·rowStride + p]) + bias[m] in double for m in
    /// [m0, m1), p &lt; <paramref name="positions"/>. The arithmetic is fixed on every platform:
    /// starting from +0, each product is accumulated in increasing k with a fused multiply-add
    /// (one rounding; emulated exactly where the hardware lacks it), and the bias is added last.
    /// <paramref name="rowStride"/> is a multiple of 8.
    /// </summary>
    public static void GemmDouble(double[] w, int length, double[] bias, int m0, int m1, double[] col, int rowStride, int positions, double[] output)
    {
        var scratch = DoubleOut(4 * rowStride);
        ref double rc = ref MemoryMarshal.GetArrayDataReference(col);
        ref double rs = ref MemoryMarshal.GetArrayDataReference(scratch);
        for (int m = m0; m < m1; m += 4)
        {
            int rows = Math.Min(4, m1 - m);
            int w0 = m * length, w1 = (m + Math.Min(1, rows - 1)) * length, w2 = (m + Math.Min(2, rows - 1)) * length, w3 = (m + Math.Min(3, rows - 1)) * length;
            for (int p = 0; p < rowStride; p += 8)
            {
                Vector256<double> a00 = default, a01 = default, a10 = default, a11 = default;
                Vector256<double> a20 = default, a21 = default, a30 = default, a31 = default;
                for (int k = 0; k < length; k++)
                {
                    nuint at = (nuint)(k * rowStride + p);
                    var c0 = Vector256.LoadUnsafe(ref rc, at);
                    var c1 = Vector256.LoadUnsafe(ref rc, at + 4);
                    var v0 = Vector256.Create(w[w0 + k]);
                    var v1 = Vector256.Create(w[w1 + k]);
                    var v2 = Vector256.Create(w[w2 + k]);
                    var v3 = Vector256.Create(w[w3 + k]);
                    a00 = Vector256.FusedMultiplyAdd(v0, c0, a00); a01 = Vector256.FusedMultiplyAdd(v0, c1, a01);
                    a10 = Vector256.FusedMultiplyAdd(v1, c0, a10); a11 = Vector256.FusedMultiplyAdd(v1, c1, a11);
                    a20 = Vector256.FusedMultiplyAdd(v2, c0, a20); a21 = Vector256.FusedMultiplyAdd(v2, c1, a21);
                    a30 = Vector256.FusedMultiplyAdd(v3, c0, a30); a31 = Vector256.FusedMultiplyAdd(v3, c1, a31);
                }
                nuint o = (nuint)p, s = (nuint)rowStride;
                a00.StoreUnsafe(ref rs, o); a01.StoreUnsafe(ref rs, o + 4);
                a10.StoreUnsafe(ref rs, o + s); a11.StoreUnsafe(ref rs, o + s + 4);
                a20.StoreUnsafe(ref rs, o + 2 * s); a21.StoreUnsafe(ref rs, o + 2 * s + 4);
                a30.StoreUnsafe(ref rs, o + 3 * s); a31.StoreUnsafe(ref rs, o + 3 * s + 4);
            }
            for (int r = 0; r < rows; r++)
            {
                double b = bias[m + r];
                int row = r * rowStride, to = (m + r) * positions;
                for (int p = 0; p < positions; p++) output[to + p] = scratch[row + p] + b;
            }
        }
    }

    /// <summary>
    /// y[i] = clamp(RoundShift(acc[i]·multiplier, shift), lo, hi) for i in [from, from+count),
    /// written to y[to..]: <see cref="Quantization.Requantizer.Requantize"/> with the rounding
    /// constant hoisted, for accumulators within 32 bits (the 64-bit product cannot overflow).
    /// </summary>
    public static void Requantize(int[] acc, int from, int count, int multiplier, int shift, int lo, int hi, int[] y, int to)
    {
        long round = shift == 0 ? 0 : 1L << (shift - 1);
        for (int i = 0; i < count; i++)
        {
            long v = ((long)acc[from + i] * multiplier + round) >> shift;
            y[to + i] = v < lo ? lo : v > hi ? hi : (int)v;
        }
    }

    /// <summary>The 64-bit-accumulator form of <see cref="Requantize(int[], int, int, int, int, int, int, int[], int)"/> (values already checked to fit 32 bits).</summary>
    public static void Requantize(long[] acc, int from, int count, int multiplier, int shift, int lo, int hi, int[] y, int to)
    {
        long round = shift == 0 ? 0 : 1L << (shift - 1);
        for (int i = 0; i < count; i++)
        {
            long v = (acc[from + i] * multiplier + round) >> shift;
            y[to + i] = v < lo ? lo : v > hi ? hi : (int)v;
        }
    }
}
