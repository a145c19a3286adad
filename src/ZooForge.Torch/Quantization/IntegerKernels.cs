using ZooForge.Compression.Quantization;
using ZooForge.Compression.Reference;
using ZooForge.Torch.Training;
using static TorchSharp.torch;

namespace ZooForge.Torch.Quantization;

/// <summary>
/// The integer operations of a <see cref="QuantizedNetwork"/> on batches of TorchSharp tensors,
/// bit for bit as <see cref="Requantizer"/> defines them. Integer tensors are <c>int64</c>,
/// laid out [B, C, H, W] (vectors as [B, C, 1, 1]).
/// <list type="bullet">
/// <item>Rounding and saturation are done in <c>int64</c>: (x·M0 + 2^(s−1)) &gt;&gt; s with torch's
/// <c>bitwise_right_shift</c>, which is arithmetic on signed tensors (floor division by 2^s),
/// then a clamp.</item>
/// <item>Convolutions and window sums run on floating-point tensors holding integers. A sum of
/// integers is exact in floating point while every partial sum stays below 2^p in magnitude
/// (p = 24 for float32, 53 for float64); every partial sum of Σ w·x is bounded by
/// Σ|w|·max|x|, so each convolution checks that static bound
/// (<see cref="AccumulatorBound.MaxAbsProducts"/>, max|x| from the producer's clamp) and
/// and runs in float32 below 2^24, in float64 below 2^53, and refuses beyond. The bias is
/// added afterwards in <c>int64</c>, so it does not count towards the bound.</item>
/// </list>
/// </summary>
public static class IntegerKernels
{
    /// <summary>Largest magnitude below which every integer and every partial sum is exact in float32.</summary>
    public const long Float32ExactBound = 1L << 24;

    /// <summary>Largest magnitude below which every integer and every partial sum is exact in float64.</summary>
    public const long Float64ExactBound = 1L << 53;

    /// <summary>
    /// ⌊x / 2^shift + 1/2⌋ element-wise, as <see cref="Requantizer.RoundShift"/>; <paramref name="shift"/>
    /// is an <c>int64</c> tensor broadcastable to <paramref name="x"/> with values in 0..62.
    /// </summary>
    public static Tensor RoundShift(Tensor x, Tensor shift)
    {
        // 2^(s−1) for s ≥ 1, 0 for s = 0 (RoundShift(x, 0) = x).
        using var one = ones_like(shift);
        using var minusOne = (shift - 1).clamp_min(0);
        using var half = one.bitwise_left_shift(minusOne);
        using var positive = shift.gt(0);
        using var addend = half.mul(positive);
        using var sum = x + addend;
        return sum.bitwise_right_shift(shift);
    }

    /// <summary>⌊x / 2^shift + 1/2⌋ element-wise for one shift in 0..62.</summary>
    public static Tensor RoundShift(Tensor x, int shift)
    {
        if (shift is < 0 or > 62) throw new ArgumentOutOfRangeException(nameof(shift), shift, "shift must be in 0..62");
        if (shift == 0) return x.clone();
        using var sum = x + (1L << (shift - 1));
        return sum.bitwise_right_shift(shift);
    }

    /// <summary>How a convolution's integer sums are formed exactly.</summary>
    public enum Accumulator
    {
        /// <summary>float32: every partial sum is below 2^24.</summary>
        Float32,
        /// <summary>float64: every partial sum is below 2^53.</summary>
        Float64,
    }

    /// <summary>
    /// The largest Σ|w| over the output channels of <paramref name="op"/> (weights [M, N/groups, K, K]).
    /// </summary>
    public static long MaxAbsWeightSum(QConv op)
    {
        int per = op.Weights.Length / op.OutChannels;
        long max = 0;
        for (int m = 0; m < op.OutChannels; m++)
        {
            long s = 0;
            for (int i = 0; i < per; i++) s += Math.Abs((long)op.Weights[m * per + i]);
            max = Math.Max(max, s);
        }
        return max;
    }

    /// <summary>
    /// Chooses float32 when the bound on every partial sum, <paramref name="maxAbsProducts"/> =
    /// max over output channels of Σ|w|·max|x| (<see cref="AccumulatorBound.MaxAbsProducts"/>), is
    /// below 2^24, float64 when it is below 2^53.
    /// </summary>
    /// <exception cref="NotSupportedException">The bound reaches 2^53, naming the layer.</exception>
    public static Accumulator ChooseAccumulator(string op, long maxAbsProducts)
    {
        if (maxAbsProducts < Float32ExactBound) return Accumulator.Float32;
        if (maxAbsProducts < Float64ExactBound) return Accumulator.Float64;
        throw new NotSupportedException(
            $"layer '{op}': the bound Σ|w|·max|x| = {maxAbsProducts} on its partial sums reaches 2^53; floating-point convolution would not be exact");
    }

    /// <summary><see cref="ChooseAccumulator(string, long)"/> for the bound Σ|w|·<paramref name="inputMaxAbs"/>.</summary>
    public static Accumulator ChooseAccumulator(QConv op, long inputMaxAbs)
    {
        double bound = (double)MaxAbsWeightSum(op) * inputMaxAbs;
        return ChooseAccumulator(op.Name, bound >= Float64ExactBound ? Float64ExactBound : (long)bound);
    }

    /// <summary>
    /// Convolution (or fully connected layer as a 1×1 convolution) with requantization:
    /// clamp(RoundShift((bias + Σ w·x)·M0, shift), lo, hi) per output channel.
    /// </summary>
    /// <param name="op">The operation.</param>
    /// <param name="x">Integer input [B, N, H, W] (a flattened vector [B, N·H·W] is reshaped to [B, N, 1, 1]).</param>
    /// <param name="accumulator">Which exact floating-point type carries the sums.</param>
    /// <param name="weights">
    /// Optional cache of <paramref name="op"/>'s weights already as a [M, N/groups, K, K] tensor of
    /// the accumulator's type; built from <see cref="QConv.Weights"/> when null.
    /// </param>
    /// <param name="accumulatorFitsInt32">
    /// False when the static bound allows accumulators beyond 32 bits
    /// (<see cref="AccumulatorBound.FitsInt32"/>): every final accumulator is then checked, and one
    /// outside the signed 32-bit range throws a <see cref="QuantizationException"/>, as in the integer reference.
    /// </param>
    public static Tensor Conv(QConv op, Tensor x, Accumulator accumulator, Tensor? weights = null, bool accumulatorFitsInt32 = true)
    {
        TorchRuntime.EnsureCorrectKernels();
        long batch = x.shape[0];
        if (x.shape[1] != op.InChannels) x = x.reshape(batch, op.InChannels, 1, 1);
        var type = accumulator == Accumulator.Float32 ? ScalarType.Float32 : ScalarType.Float64;
        using var w = weights is null ? WeightTensor(op, type) : weights.alias();
        using var input = x.to_type(type);
        using var sums = nn.functional.conv2d(input, w, null, strides: [op.Stride, op.Stride],
            padding: [op.Padding, op.Padding], groups: op.Groups);
        var acc = sums.to_type(ScalarType.Int64);
        long[] PerChannel(Func<int, long> f) => Enumerable.Range(0, op.OutChannels).Select(f).ToArray();
        using var bias = tensor(PerChannel(m => op.Bias[m]), [1, op.OutChannels, 1, 1]);
        using var multiplier = tensor(PerChannel(m => op.Multiplier[m]), [1, op.OutChannels, 1, 1]);
        using var half = tensor(PerChannel(m => op.Shift[m] == 0 ? 0 : 1L << (op.Shift[m] - 1)), [1, op.OutChannels, 1, 1]);
        using var shift = tensor(PerChannel(m => op.Shift[m]), [1, op.OutChannels, 1, 1]);
        acc.add_(bias);
        if (!accumulatorFitsInt32)
        {
            // As the integer reference: 32-bit accumulators, and a final value outside them is an error.
            long worst = acc.abs().max().item<long>();
            if (worst > int.MaxValue)
            {
                acc.Dispose();
                throw new QuantizationException($"layer '{op.Name}': accumulator magnitude {worst} overflows the 32-bit accumulator");
            }
        }
        // In place: clamp(((acc + bias)·M0 + 2^(s−1)) >> s, lo, hi), as Requantizer.Requantize.
        return acc.mul_(multiplier).add_(half).bitwise_right_shift_(shift).clamp_(op.Lo, op.Hi);
    }

    /// <summary><paramref name="op"/>'s integer weights as a [M, N/groups, K, K] tensor of <paramref name="type"/>.</summary>
    public static Tensor WeightTensor(QConv op, ScalarType type)
    {
        long[] shape = [op.OutChannels, op.InChannels / op.Groups, op.Kernel, op.Kernel];
        return type == ScalarType.Float64
            ? tensor(op.Weights.Select(v => (double)v).ToArray(), shape)
            : tensor(op.Weights.Select(v => (float)v).ToArray(), shape);
    }

    /// <summary>Residual addition: clamp(RoundShift(a·MA + b·MB, shift), lo, hi).</summary>
    public static Tensor Add(QAdd op, Tensor a, Tensor b)
    {
        using var pa = a * (long)op.MultiplierA;
        using var pb = b * (long)op.MultiplierB;
        using var sum = pa + pb;
        using var rounded = RoundShift(sum, op.Shift);
        return rounded.clamp(op.Lo, op.Hi);
    }

    /// <summary>Standalone clamp to [lo, hi].</summary>
    public static Tensor Clamp(QClamp op, Tensor x) => x.clamp(op.Lo, op.Hi);

    /// <summary>Flatten to a [B, C·H·W, 1, 1] vector.</summary>
    public static Tensor Flatten(Tensor x) => x.reshape(x.shape[0], -1, 1, 1);

    /// <summary>Channel concatenation; every part requantized to the output scale: clamp(RoundShift(x·M_i, shift), lo, hi).</summary>
    public static Tensor Concat(QConcat op, IReadOnlyList<Tensor> parts)
    {
        var scaled = new List<Tensor>();
        try
        {
            for (int i = 0; i < parts.Count; i++)
            {
                using var product = parts[i] * (long)op.Multipliers[i];
                using var rounded = RoundShift(product, op.Shift);
                scaled.Add(rounded.clamp(op.Lo, op.Hi));
            }
            return cat(scaled, 1);
        }
        finally
        {
            foreach (var t in scaled) t.Dispose();
        }
    }
    /// <summary>
    /// Max pooling (exact; padding never wins, as torch) or average pooling:
    /// RoundShift(Σ window · round(2^shift / n), shift) with n the window's positions, padding
    /// counted and the part beyond the padded input not (torch's <c>count_include_pad</c> rule),
    /// or the per-window n of adaptive pooling; the average is clamped to [<paramref name="lo"/>,
    /// <paramref name="hi"/>], the network's bit range (as the integer reference).
    /// </summary>
    public static Tensor Pool(QPool op, Tensor x, int lo, int hi)
    {
        using var input = x.to_type(ScalarType.Float64);
        if (op.IsMax)
        {
            using var max = nn.functional.max_pool2d(input, [op.Kernel, op.Kernel], [op.Stride, op.Stride],
                [op.Padding, op.Padding], ceil_mode: op.CeilMode);
            return max.to_type(ScalarType.Int64);
        }
        int height = (int)x.shape[2], width = (int)x.shape[3];
        var (sums, counts) = op.IsAdaptive ? AdaptiveSums(op, input) : WindowSums(op, input, height, width);
        using (sums)
        {
            using var acc = sums.to_type(ScalarType.Int64);
            var multipliers = counts.Cast<int>().Select(n => AverageMultiplier(n, op.Shift)).ToArray();
            using var multiplier = tensor(multipliers, [1, 1, counts.GetLength(0), counts.GetLength(1)]);
            using var product = acc * multiplier;
            using var rounded = RoundShift(product, op.Shift);
            return rounded.clamp(lo, hi);
        }
    }

    /// <summary>round(2^shift / n), the average pool's multiplier for a window of n positions (<see cref="IntegerReference.AverageMultiplier"/>).</summary>
    public static long AverageMultiplier(int n, int shift) => IntegerReference.AverageMultiplier(n, shift);

    /// <summary>Positions counted by each output of a window pool (torch's divisor with padding counted).</summary>
    public static int[,] WindowCounts(QPool op, int height, int width)
    {
        int outH = PoolOutputSize(height, op), outW = PoolOutputSize(width, op);
        var counts = new int[outH, outW];
        for (int i = 0; i < outH; i++)
        {
            int h0 = i * op.Stride - op.Padding, h1 = Math.Min(h0 + op.Kernel, height + op.Padding);
            for (int j = 0; j < outW; j++)
            {
                int w0 = j * op.Stride - op.Padding, w1 = Math.Min(w0 + op.Kernel, width + op.Padding);
                counts[i, j] = (h1 - h0) * (w1 - w0);
            }
        }
        return counts;
    }

    /// <summary>Output size of a window pool along one axis, torch's rule (as <c>Pool2dLayer</c>).</summary>
    public static int PoolOutputSize(int size, QPool op)
    {
        int span = size + 2 * op.Padding - op.Kernel;
        int output = (op.CeilMode ? (span + op.Stride - 1) / op.Stride : span / op.Stride) + 1;
        if (op.CeilMode && (output - 1) * op.Stride >= size + op.Padding) output--;
        return output;
    }

    /// <summary>Window [start, end) of adaptive pooling output <paramref name="index"/> of <paramref name="outputs"/> over <paramref name="size"/>.</summary>
    public static (int Start, int End) AdaptiveWindow(int index, int outputs, int size) =>
        (index * size / outputs, ((index + 1) * size + outputs - 1) / outputs);

    private static (Tensor Sums, int[,] Counts) WindowSums(QPool op, Tensor input, int height, int width)
    {
        var sums = nn.functional.avg_pool2d(input, [op.Kernel, op.Kernel], [op.Stride, op.Stride], [op.Padding, op.Padding],
            ceil_mode: op.CeilMode, count_include_pad: true, divisor_override: 1);
        return (sums, WindowCounts(op, height, width));
    }

    private static (Tensor Sums, int[,] Counts) AdaptiveSums(QPool op, Tensor input)
    {
        int height = (int)input.shape[2], width = (int)input.shape[3];
        var counts = new int[op.AdaptiveHeight, op.AdaptiveWidth];
        var rows = new List<Tensor>();
        try
        {
            for (int i = 0; i < op.AdaptiveHeight; i++)
            {
                var (h0, h1) = AdaptiveWindow(i, op.AdaptiveHeight, height);
                var row = new List<Tensor>();
                try
                {
                    for (int j = 0; j < op.AdaptiveWidth; j++)
                    {
                        var (w0, w1) = AdaptiveWindow(j, op.AdaptiveWidth, width);
                        counts[i, j] = (h1 - h0) * (w1 - w0);
                        using var window = input.narrow(2, h0, h1 - h0).narrow(3, w0, w1 - w0);
                        row.Add(window.sum([2, 3], keepdim: true));
                    }
                    rows.Add(cat(row, 3));
                }
                finally
                {
                    foreach (var t in row) t.Dispose();
                }
            }
            return (cat(rows, 2), counts);
        }
        finally
        {
            foreach (var t in rows) t.Dispose();
        }
    }
}
