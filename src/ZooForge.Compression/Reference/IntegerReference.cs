using ZooForge.Core.Errors;
using ZooForge.Compression.Quantization;
using ZooForge.Data.Datasets;
using ZooForge.Graph.Model;

namespace ZooForge.Compression.Reference;

/// <summary>How <see cref="IntegerReference"/> executes pattern-pruned convolutions.</summary>
public enum ConvExecution
{
    /// <summary>Convolutions with pattern ids visit only each kernel's pattern positions and skip pruned (−1) kernels; others run dense.</summary>
    PatternSparse,
    /// <summary>Every convolution runs dense over all K×K positions (pattern ids ignored). Must agree bit for bit with <see cref="PatternSparse"/>.</summary>
    Dense,
}

/// <summary>Largest |accumulator| seen per convolution, over the images run with it (not thread-safe; merge per thread).</summary>
public sealed class AccumulatorStats
{
    private readonly Dictionary<string, long> _max = new(StringComparer.Ordinal);

    /// <summary>Largest |bias + Σ w·x| per convolution op name.</summary>
    public IReadOnlyDictionary<string, long> MaxAbs => _max;

    /// <summary>Records one accumulator magnitude.</summary>
    public void Observe(string op, long absValue)
    {
        if (!_max.TryGetValue(op, out long m) || absValue > m) _max[op] = absValue;
    }

    /// <summary>Folds <paramref name="other"/> into this.</summary>
    public void Merge(AccumulatorStats other)
    {
        foreach (var (op, v) in other._max) Observe(op, v);
    }
}

/// <summary>
/// The bit-exact integer interpreter of a <see cref="QuantizedNetwork"/>: the specification the
/// generated HLS and RTL must match. It uses integer arithmetic only, with the rounding and
/// saturation of <see cref="Requantizer"/>:
/// <list type="bullet">
/// <item><b>Convolution / linear</b>: acc[m, p] = Bias[m] + Σ w·x over the kernel window (zero
/// padding), out = <see cref="Requantizer.Requantize"/>(acc, Multiplier[m], Shift[m], Lo, Hi).
/// Grouped and depthwise convolutions sum over the group's channels. Pattern-pruned layers
/// (<see cref="QConv.PatternIds"/>) visit only the positions of each kernel's pattern and skip
/// −1 kernels (<see cref="ConvExecution.PatternSparse"/>); dense execution gives the same bits
/// because those weights are zero.</item>
/// <item><b>Accumulators are 32-bit</b>, as in the hardware. When the static bound
/// (<see cref="QuantizedNetworkChecks.AccumulatorBounds"/>) is below 2^31 no accumulator or
/// partial sum can overflow and the sums run in 32 bits; otherwise they run in 64 bits and a
/// final accumulator outside the 32-bit range throws a <see cref="QuantizationException"/>
/// naming the layer (with two's-complement wrap-around partial sums cannot matter once the final
/// value fits). The product acc·Multiplier is formed in 64 bits.</item>
/// <item><b>Add</b>: clamp(RoundShift(a·M_A + b·M_B, Shift), Lo, Hi) in 64 bits. <b>Concat</b>:
/// each input clamp(RoundShift(x·M_i, Shift), Lo, Hi), channels in input order.</item>
/// <item><b>Max pool</b>: the maximum over the window inside the input (padding never wins).
/// <b>Average pool</b>: clamp(RoundShift(Σ·<see cref="AverageMultiplier"/>(n, Shift), Shift))
/// to the bit range, n the torch divisor (window clipped to the padded input, padding counted);
/// adaptive windows [⌊i·H/out⌋, ⌈(i+1)·H/out⌉) with n their size.</item>
/// <item><b>Flatten</b> copies; <b>clamp</b> saturates to [Lo, Hi].</item>
/// </list>
/// Tensors are C×H×W, channel-major then row-major. An instance validates the network once; the
/// network's arrays must not be modified while it is in use. Instances are thread-safe.
/// </summary>
public sealed class IntegerReference
{
    private readonly Dictionary<string, TensorShape> _shapes;
    private readonly Dictionary<string, AccumulatorBound> _bounds;
    private readonly Dictionary<string, int[][]> _offsets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int[]> _pairs = new(StringComparer.Ordinal);
    private readonly List<string>[] _releaseAfter;
    private readonly int _lo, _hi;

    /// <summary>Validates <paramref name="network"/> and prepares it for execution.</summary>
    /// <exception cref="QuantizationException">The network is inconsistent (names the op).</exception>
    public IntegerReference(QuantizedNetwork network, ConvExecution execution = ConvExecution.PatternSparse)
    {
        _shapes = new Dictionary<string, TensorShape>(QuantizedNetworkChecks.Validate(network), StringComparer.Ordinal);
        Network = network;
        Execution = execution;
        Bounds = QuantizedNetworkChecks.AccumulatorBounds(network);
        _bounds = Bounds.ToDictionary(b => b.Op, StringComparer.Ordinal);
        (_lo, _hi) = Requantizer.SignedRange(network.Bits);
        // Streaming execution (Output) frees every tensor after its last consumer.
        var lastUse = new Dictionary<string, int>(StringComparer.Ordinal) { [Graph.Model.Network.InputName] = 0 };
        for (int i = 0; i < network.Ops.Count; i++)
        {
            lastUse[network.Ops[i].Name] = i;
            foreach (var input in network.Ops[i].Inputs) lastUse[input] = i;
        }
        _releaseAfter = network.Ops.Select(_ => new List<string>()).ToArray();
        foreach (var (name, index) in lastUse)
            if (name != network.OutputName) _releaseAfter[index].Add(name);
        foreach (var op in network.Ops)
        {
            if (op is not QConv c) continue;
            if (c is { Patterns: { } table, PatternIds: not null })
                _offsets[c.Name] = Enumerable.Range(0, table.Count).Select(table.Offsets).ToArray();
            // Weight rows as pairs of 16-bit values for the dense kernel.
            _pairs[c.Name] = Kernels.PackPairs(c.Weights, c.OutChannels);
        }
    }

    /// <summary>The network executed.</summary>
    public QuantizedNetwork Network { get; }

    /// <summary>How pattern-pruned convolutions are executed.</summary>
    public ConvExecution Execution { get; }

    /// <summary>Static accumulator bounds of every convolution, in op order.</summary>
    public IReadOnlyList<AccumulatorBound> Bounds { get; }

    /// <summary>Runs <paramref name="network"/> on one quantized input.</summary>
    public static IReadOnlyDictionary<string, int[]> Run(QuantizedNetwork network, int[] input) => new IntegerReference(network).Run(input);

    /// <summary>The class <paramref name="network"/> predicts for one quantized input.</summary>
    public static int Predict(QuantizedNetwork network, int[] input) => new IntegerReference(network).Predict(input);

    /// <summary>Top-1 accuracy of <paramref name="network"/> over the first <paramref name="count"/> images (default all).</summary>
    public static EvaluationResult Evaluate(QuantizedNetwork network, ImageDataset data, int? count = null) =>
        new IntegerReference(network).Evaluate(data, count);

    /// <summary>
    /// The multiplier of an average over <paramref name="windowSize"/> values:
    /// round(2^shift / n) = ⌊(2^shift + ⌊n/2⌋) / n⌋ in integers.
    /// </summary>
    public static int AverageMultiplier(int windowSize, int shift) =>
        windowSize > 0 && shift is >= 0 and <= 30
            ? (int)(((1L << shift) + windowSize / 2) / windowSize)
            : throw new ArgumentOutOfRangeException(nameof(windowSize), $"window size {windowSize} and shift {shift} must be positive and in 0..30");

    /// <summary>
    /// Every tensor for one quantized input (C·H·W integers in the bit range): the input under
    /// <c>"input"</c> and each op's output under its name. <paramref name="stats"/>, when given,
    /// records the largest |accumulator| of every convolution.
    /// </summary>
    /// <exception cref="ArgumentException">The input has the wrong length or a value outside the bit range.</exception>
    /// <exception cref="QuantizationException">A 32-bit accumulator overflows (names the layer).</exception>
    public IReadOnlyDictionary<string, int[]> Run(int[] input, AccumulatorStats? stats = null) => Execute(input, stats, keepAll: true, out _)!;

    /// <summary>
    /// The output tensor (logits) for one quantized input; intermediate tensors are recycled
    /// rather than kept (faster than <see cref="Run(int[], AccumulatorStats?)"/>).
    /// </summary>
    public int[] Output(int[] input, AccumulatorStats? stats = null)
    {
        Execute(input, stats, keepAll: false, out var output);
        return output;
    }

    private Dictionary<string, int[]>? Execute(int[] input, AccumulatorStats? stats, bool keepAll, out int[] output)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Length != Network.InputShape.Elements)
            throw new InvalidInputException($"quantized network '{Network.Name}' takes {Network.InputShape} = {Network.InputShape.Elements} values, the input has {input.Length}", nameof(input));
        for (int i = 0; i < input.Length; i++)
            if (input[i] < _lo || input[i] > _hi)
                throw new InvalidInputException($"input value {input[i]} at {i} is outside the {Network.Bits}-bit range [{_lo}, {_hi}]", nameof(input));
        Func<int, int[]> allocate = keepAll ? n => new int[n] : ArrayCache<int>.Rent;
        var copy = allocate(input.Length);
        Array.Copy(input, copy, input.Length);
        var tensors = new Dictionary<string, int[]>(StringComparer.Ordinal) { [Graph.Model.Network.InputName] = copy };
        for (int index = 0; index < Network.Ops.Count; index++)
        {
            var op = Network.Ops[index];
            var x = tensors[op.Inputs[0]];
            var inShape = _shapes[op.Inputs[0]];
            var outShape = _shapes[op.Name];
            int size = checked((int)outShape.Elements);
            tensors[op.Name] = op switch
            {
                QConv c => Execution == ConvExecution.PatternSparse && _offsets.TryGetValue(c.Name, out var offsets)
                    ? SparseConv(c, x, inShape, outShape, offsets, stats, allocate(size))
                    : DenseConv(c, x, inShape, outShape, stats, allocate(size)),
                QAdd a => Add(a, x, tensors[a.B], allocate(size)),
                QConcat cat => Concat(cat, tensors, allocate(size)),
                QPool { IsAdaptive: true } p => AdaptivePool(p, x, inShape, outShape, allocate(size)),
                QPool p => Pool(p, x, inShape, outShape, allocate(size)),
                QFlatten => Copy(x, allocate(size)),
                QClamp cl => Clamp(cl, x, allocate(size)),
                _ => throw new QuantizationException($"op '{op.Name}': unknown op type {op.GetType().Name}"),
            };
            if (keepAll) continue;
            foreach (var dead in _releaseAfter[index])
            {
                ArrayCache<int>.Return(tensors[dead]);
                tensors.Remove(dead);
            }
        }
        var last = tensors[Network.OutputName];
        if (keepAll)
        {
            output = last;
            return tensors;
        }
        output = (int[])last.Clone();
        ArrayCache<int>.Return(last);
        return null;
    }

    private static int[] Copy(int[] x, int[] y)
    {
        Array.Copy(x, y, x.Length);
        return y;
    }

    private static int[] Clamp(QClamp c, int[] x, int[] y)
    {
        for (int i = 0; i < x.Length; i++) y[i] = Requantizer.Saturate(x[i], c.Lo, c.Hi);
        return y;
    }

    /// <summary>The argmax of the output (ties: lowest index).</summary>
    public int Predict(int[] input) => EvaluationResult.ArgMax<int>(Output(input));

    /// <summary>
    /// Top-1 accuracy over the first <paramref name="count"/> images (default all): each image is
    /// quantized with <see cref="Quantizer.QuantizeInput"/> and run; images run in parallel.
    /// </summary>
    public EvaluationResult Evaluate(ImageDataset data, int? count = null)
    {
        int n = FloatReference.CheckDataset(data, count, Network.InputShape, Network.Name);
        var predictions = new int[n];
        ImageLoop.Run(data, n, i => predictions[i] = Predict(Quantizer.QuantizeInput(data.GetImage(i), Network)));
        return new EvaluationResult(predictions.Where((p, i) => p == data.Labels[i]).Count(), n, predictions);
    }

    private int[] DenseConv(QConv c, int[] x, TensorShape inShape, TensorShape outShape, AccumulatorStats? stats, int[] y)
    {
        int ng = c.InChannels / c.Groups, mg = c.OutChannels / c.Groups, k = c.Kernel;
        int pairs = (ng * k * k + 1) / 2, positions = outShape.Height * outShape.Width, rowStride = Kernels.Padded(positions, 16);
        bool narrow = _bounds[c.Name].FitsInt32;
        var col = Kernels.PairScratch(pairs * rowStride);
        var weights = _pairs[c.Name];
        int[]? acc = narrow ? Kernels.IntScratch(c.OutChannels * rowStride) : null;
        long[]? wide = narrow ? null : Kernels.LongScratch(c.OutChannels * rowStride);
        for (int g = 0; g < c.Groups; g++)
        {
            Kernels.Im2ColPairs(x, g * ng, ng, inShape.Height, inShape.Width, k, c.Stride, c.Padding, outShape.Height, outShape.Width, col, rowStride);
            if (acc is not null) Kernels.GemmPairs(weights, pairs, c.Bias, g * mg, (g + 1) * mg, col, rowStride, acc);
            else Kernels.GemmPairsWide(weights, pairs, c.Bias, g * mg, (g + 1) * mg, col, rowStride, wide!);
        }
        return acc is not null
            ? Finish(c, acc, rowStride, positions, stats, y)
            : Finish(c, wide!, rowStride, positions, narrow: false, stats, y);
    }

    /// <summary>Statistics and requantization of 32-bit accumulators (row m at acc[m·stride]).</summary>
    private static int[] Finish(QConv c, int[] acc, int stride, int positions, AccumulatorStats? stats, int[] y)
    {
        if (stats is not null)
        {
            long observed = 0;
            for (int m = 0; m < c.OutChannels; m++)
                for (int p = 0; p < positions; p++) observed = Math.Max(observed, Math.Abs((long)acc[m * stride + p]));
            stats.Observe(c.Name, observed);
        }
        for (int m = 0; m < c.OutChannels; m++)
            Kernels.Requantize(acc, m * stride, positions, c.Multiplier[m], c.Shift[m], c.Lo, c.Hi, y, m * positions);
        return y;
    }

    /// <summary>Overflow check (unless the static bound is below 2^31), statistics and requantization of 64-bit accumulators.</summary>
    private static int[] Finish(QConv c, long[] acc, int stride, int positions, bool narrow, AccumulatorStats? stats, int[] y)
    {
        if (!narrow || stats is not null)
        {
            long observed = 0;
            for (int m = 0; m < c.OutChannels; m++)
                for (int p = 0; p < positions; p++)
                {
                    long a = narrow ? acc[m * stride + p] : Checked(c, acc[m * stride + p], m, p);
                    observed = Math.Max(observed, Math.Abs(a));
                }
            stats?.Observe(c.Name, observed);
        }
        for (int m = 0; m < c.OutChannels; m++)
            Kernels.Requantize(acc, m * stride, positions, c.Multiplier[m], c.Shift[m], c.Lo, c.Hi, y, m * positions);
        return y;
    }

    private int[] SparseConv(QConv c, int[] x, TensorShape inShape, TensorShape outShape, int[][] offsets, AccumulatorStats? stats, int[] y)
    {
        int ng = c.InChannels / c.Groups, mg = c.OutChannels / c.Groups, k = c.Kernel, kk = k * k;
        int h = inShape.Height, w = inShape.Width, oh = outShape.Height, ow = outShape.Width, positions = oh * ow;
        var acc = new long[positions];
        var all = new long[c.OutChannels * positions];
        for (int m = 0; m < c.OutChannels; m++)
        {
            int g = m / mg;
            Array.Fill(acc, c.Bias[m]);
            for (int n = 0; n < ng; n++)
            {
                int kernel = m * ng + n;
                int id = c.PatternIds![kernel];
                if (id < 0) continue;
                int plane = (g * ng + n) * h;
                foreach (int offset in offsets[id])
                {
                    int kr = offset / k, kc = offset % k;
                    long weight = c.Weights[kernel * kk + offset];
                    for (int r = 0; r < oh; r++)
                    {
                        int ih = r * c.Stride + kr - c.Padding;
                        if ((uint)ih >= (uint)h) continue;
                        int line = (plane + ih) * w;
                        for (int s = 0; s < ow; s++)
                        {
                            int iw = s * c.Stride + kc - c.Padding;
                            if ((uint)iw < (uint)w) acc[r * ow + s] += weight * x[line + iw];
                        }
                    }
                }
            }
            Array.Copy(acc, 0, all, m * positions, positions);
        }
        return Finish(c, all, positions, positions, _bounds[c.Name].FitsInt32, stats, y);
    }

    private static long Checked(QConv c, long acc, int m, int p) =>
        acc is >= int.MinValue and <= int.MaxValue
            ? acc
            : throw new QuantizationException($"layer '{c.Name}': accumulator {acc} at output channel {m}, position {p} overflows the 32-bit accumulator");

    private static int[] Add(QAdd a, int[] x, int[] z, int[] y)
    {
        for (int i = 0; i < y.Length; i++)
            y[i] = Requantizer.Saturate(Requantizer.RoundShift((long)x[i] * a.MultiplierA + (long)z[i] * a.MultiplierB, a.Shift), a.Lo, a.Hi);
        return y;
    }

    private static int[] Concat(QConcat cat, Dictionary<string, int[]> tensors, int[] y)
    {
        int at = 0;
        for (int i = 0; i < cat.Parts.Count; i++)
            foreach (int v in tensors[cat.Parts[i]])
                y[at++] = Requantizer.Saturate(Requantizer.RoundShift((long)v * cat.Multipliers[i], cat.Shift), cat.Lo, cat.Hi);
        return y;
    }

    private int[] Pool(QPool p, int[] x, TensorShape inShape, TensorShape outShape, int[] y)
    {
        int h = inShape.Height, w = inShape.Width;
        for (int c = 0; c < outShape.Channels; c++)
            for (int oh = 0; oh < outShape.Height; oh++)
            {
                var (hs, he, hn) = WindowGeometry.PoolWindow(oh, h, p.Kernel, p.Stride, p.Padding);
                for (int ow = 0; ow < outShape.Width; ow++)
                {
                    var (ws, we, wn) = WindowGeometry.PoolWindow(ow, w, p.Kernel, p.Stride, p.Padding);
                    long acc = p.IsMax ? long.MinValue : 0;
                    for (int i = hs; i < he; i++)
                        for (int j = ws; j < we; j++)
                        {
                            int v = x[(c * h + i) * w + j];
                            acc = p.IsMax ? Math.Max(acc, v) : acc + v;
                        }
                    y[(c * outShape.Height + oh) * outShape.Width + ow] = p.IsMax ? (int)acc : Average(acc, hn * wn, p.Shift);
                }
            }
        return y;
    }

    private int[] AdaptivePool(QPool p, int[] x, TensorShape inShape, TensorShape outShape, int[] y)
    {
        int h = inShape.Height, w = inShape.Width;
        for (int c = 0; c < outShape.Channels; c++)
            for (int oh = 0; oh < outShape.Height; oh++)
            {
                var (hs, he) = WindowGeometry.AdaptiveWindow(oh, h, outShape.Height);
                for (int ow = 0; ow < outShape.Width; ow++)
                {
                    var (ws, we) = WindowGeometry.AdaptiveWindow(ow, w, outShape.Width);
                    long acc = 0;
                    for (int i = hs; i < he; i++)
                        for (int j = ws; j < we; j++) acc += x[(c * h + i) * w + j];
                    y[(c * outShape.Height + oh) * outShape.Width + ow] = Average(acc, (he - hs) * (we - ws), p.Shift);
                }
            }
        return y;
    }

    private int Average(long sum, int n, int shift) =>
        Requantizer.Saturate(Requantizer.RoundShift(sum * AverageMultiplier(n, shift), shift), _lo, _hi);
}
