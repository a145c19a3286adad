using ZooForge.Compression.Reference;
using ZooForge.Graph.Model;

namespace ZooForge.Compression.Quantization;

/// <summary>The worst-case accumulator of one convolution (or linear layer) of a quantized network.</summary>
/// <param name="Op">Op name.</param>
/// <param name="InputMaxAbs">Largest |value| its input tensor can hold (from the producer's clamp or the bit range).</param>
/// <param name="MaxAbsProducts">max over output channels m of InputMaxAbs · Σ|w[m,·]|: the largest possible |Σ w·x| (any partial sum included).</param>
/// <param name="MaxAbsAccumulator">max over m of |bias[m]| + InputMaxAbs · Σ|w[m,·]|: the largest possible |accumulator|, bias included.</param>
public sealed record AccumulatorBound(string Op, int InputMaxAbs, long MaxAbsProducts, long MaxAbsAccumulator)
{
    /// <summary>True when every accumulator and partial sum fits a signed 32-bit register.</summary>
    public bool FitsInt32 => MaxAbsAccumulator <= int.MaxValue;
}

/// <summary>
/// Structural validation of a <see cref="QuantizedNetwork"/> (shared by the integer reference and
/// the file reader) and its static accumulator bounds.
/// </summary>
public static class QuantizedNetworkChecks
{
    /// <summary>
    /// Checks every op: inputs defined earlier, unique names, channel counts and shapes, array
    /// lengths, integer ranges (weights within the bit range, shifts in 0..62, positive
    /// multipliers, Lo ≤ Hi inside the bit range), pattern tables and ids, weights zero outside
    /// their patterns, and that <see cref="QuantizedNetwork.Tensors"/> holds exactly the input and
    /// every op with the inferred shape and a finite positive scale. Returns every tensor's shape.
    /// </summary>
    /// <exception cref="QuantizationException">The first problem found, naming the op.</exception>
    public static IReadOnlyDictionary<string, TensorShape> Validate(QuantizedNetwork q)
    {
        string net = $"quantized network '{q.Name}'";
        if (q.Ops.Count == 0) throw new QuantizationException($"{net}: no ops");
        var (lo, hi) = Requantizer.SignedRange(q.Bits);
        var shapes = new Dictionary<string, TensorShape>(StringComparer.Ordinal) { [Network.InputName] = q.InputShape };
        if (q.InputShape.Channels <= 0 || q.InputShape.Height <= 0 || q.InputShape.Width <= 0)
            throw new QuantizationException($"{net}: invalid input shape {q.InputShape}");
        foreach (var op in q.Ops)
        {
            QuantizationException Bad(string problem) => new($"{net}: op '{op.Name}' ({KindOf(op)}): {problem}");
            if (string.IsNullOrEmpty(op.Name) || shapes.ContainsKey(op.Name))
                throw Bad(op.Name == Network.InputName ? "an op may not be named 'input'" : "the name is empty or defined twice");
            var inputs = new TensorShape[op.Inputs.Count];
            for (int i = 0; i < inputs.Length; i++)
                if (!shapes.TryGetValue(op.Inputs[i], out inputs[i]))
                    throw Bad($"reads '{op.Inputs[i]}', which is not defined before it");
            void Range(int l, int h)
            {
                if (l > h || l < lo || h > hi) throw Bad($"clamp [{l}, {h}] is not an ordered range inside the {q.Bits}-bit range [{lo}, {hi}]");
            }
            void ShiftOk(int s, int max = 62)
            {
                if (s < 0 || s > max) throw Bad($"shift {s} is outside 0..{max}");
            }
            TensorShape output;
            switch (op)
            {
                case QConv c:
                    {
                        var x = inputs[0];
                        if (c.Kernel < 1 || c.Stride < 1 || c.Padding < 0 || c.Groups < 1 || c.InChannels < 1 || c.OutChannels < 1)
                            throw Bad($"invalid hyper-parameters (in={c.InChannels}, out={c.OutChannels}, k={c.Kernel}, s={c.Stride}, p={c.Padding}, groups={c.Groups})");
                        if (c.InChannels % c.Groups != 0 || c.OutChannels % c.Groups != 0)
                            throw Bad($"channels {c.InChannels}->{c.OutChannels} are not divisible by groups={c.Groups}");
                        if (x.Channels != c.InChannels) throw Bad($"expects {c.InChannels} input channels, '{c.Input}' has {x.Channels}");
                        int oh = WindowGeometry.ConvOutputSize(x.Height, c.Kernel, c.Stride, c.Padding);
                        int ow = WindowGeometry.ConvOutputSize(x.Width, c.Kernel, c.Stride, c.Padding);
                        if (oh < 1 || ow < 1) throw Bad($"kernel {c.Kernel} does not fit the padded input {x}");
                        output = new TensorShape(c.OutChannels, oh, ow);
                        int per = c.InChannels / c.Groups * c.Kernel * c.Kernel;
                        if (c.Weights.Length != (long)c.OutChannels * per) throw Bad($"{c.Weights.Length} weights, expected {c.OutChannels}x{c.InChannels / c.Groups}x{c.Kernel}x{c.Kernel}");
                        foreach (int w in c.Weights)
                            if (w < lo || w > hi) throw Bad($"weight {w} is outside the {q.Bits}-bit range");
                        if (c.Bias.Length != c.OutChannels || c.Multiplier.Length != c.OutChannels || c.Shift.Length != c.OutChannels)
                            throw Bad($"bias/multiplier/shift lengths {c.Bias.Length}/{c.Multiplier.Length}/{c.Shift.Length}, expected {c.OutChannels}");
                        foreach (int m in c.Multiplier)
                            if (m <= 0) throw Bad($"multiplier {m} is not positive");
                        foreach (int s in c.Shift) ShiftOk(s);
                        Range(c.Lo, c.Hi);
                        CheckPatterns(c, Bad);
                        break;
                    }
                case QAdd a:
                    if (inputs[0] != inputs[1]) throw Bad($"input shapes differ: {inputs[0]} ('{a.A}') vs {inputs[1]} ('{a.B}')");
                    if (a.MultiplierA <= 0 || a.MultiplierB <= 0) throw Bad($"multipliers {a.MultiplierA}, {a.MultiplierB} must be positive");
                    ShiftOk(a.Shift);
                    Range(a.Lo, a.Hi);
                    output = inputs[0];
                    break;
                case QConcat cat:
                    if (cat.Parts.Count < 2) throw Bad("needs at least two inputs");
                    if (cat.Multipliers.Length != cat.Parts.Count) throw Bad($"{cat.Multipliers.Length} multipliers for {cat.Parts.Count} inputs");
                    foreach (int m in cat.Multipliers)
                        if (m <= 0) throw Bad($"multiplier {m} is not positive");
                    ShiftOk(cat.Shift);
                    Range(cat.Lo, cat.Hi);
                    if (inputs.Any(s => s.Height != inputs[0].Height || s.Width != inputs[0].Width))
                        throw Bad($"spatial sizes differ: {string.Join(", ", inputs)}");
                    output = inputs[0] with { Channels = inputs.Sum(s => s.Channels) };
                    break;
                case QPool p:
                    {
                        var x = inputs[0];
                        if (p.IsAdaptive)
                        {
                            if (p.IsMax) throw Bad("adaptive pooling is average only");
                            if (p.AdaptiveWidth <= 0) throw Bad($"invalid adaptive output {p.AdaptiveHeight}x{p.AdaptiveWidth}");
                            output = new TensorShape(x.Channels, p.AdaptiveHeight, p.AdaptiveWidth);
                        }
                        else
                        {
                            if (p.AdaptiveWidth != 0) throw Bad($"adaptive width {p.AdaptiveWidth} without an adaptive height");
                            if (p.Kernel < 1 || p.Stride < 1 || p.Padding < 0 || 2 * p.Padding > p.Kernel)
                                throw Bad($"invalid window (k={p.Kernel}, s={p.Stride}, p={p.Padding})");
                            int oh = WindowGeometry.PoolOutputSize(x.Height, p.Kernel, p.Stride, p.Padding, p.CeilMode);
                            int ow = WindowGeometry.PoolOutputSize(x.Width, p.Kernel, p.Stride, p.Padding, p.CeilMode);
                            if (oh < 1 || ow < 1) throw Bad($"window {p.Kernel} does not fit the padded input {x}");
                            output = new TensorShape(x.Channels, oh, ow);
                        }
                        if (p.IsMax) { if (p.Shift != 0) throw Bad($"max pooling has shift {p.Shift}, expected 0"); }
                        else ShiftOk(p.Shift, 30);
                        break;
                    }
                case QFlatten:
                    output = new TensorShape(checked((int)inputs[0].Elements), 1, 1);
                    break;
                case QClamp cl:
                    Range(cl.Lo, cl.Hi);
                    output = inputs[0];
                    break;
                default:
                    throw Bad("unknown op type");
            }
            shapes[op.Name] = output;
        }
        foreach (var (name, shape) in shapes)
        {
            if (!q.Tensors.TryGetValue(name, out var t))
                throw new QuantizationException($"{net}: no tensor entry (shape and scale) for '{name}'");
            if (t.Shape != shape)
                throw new QuantizationException($"{net}: tensor '{name}' is recorded as {t.Shape}, its op produces {shape}");
            if (!(t.Scale > 0) || double.IsInfinity(t.Scale))
                throw new QuantizationException($"{net}: tensor '{name}' has scale {t.Scale}; scales must be finite and positive");
        }
        foreach (var name in q.Tensors.Keys)
            if (!shapes.ContainsKey(name))
                throw new QuantizationException($"{net}: tensor entry '{name}' belongs to no op");
        return shapes;
    }

    /// <summary>
    /// Static accumulator bounds of every convolution: the input magnitude comes from the clamp
    /// of the op producing it (the bit range for the network input; pools and flatten pass it on),
    /// so the figures hold for every possible input image.
    /// </summary>
    public static IReadOnlyList<AccumulatorBound> AccumulatorBounds(QuantizedNetwork q)
    {
        var (lo, hi) = Requantizer.SignedRange(q.Bits);
        var maxAbs = new Dictionary<string, int>(StringComparer.Ordinal) { [Network.InputName] = Math.Max(-lo, hi) };
        var bounds = new List<AccumulatorBound>();
        foreach (var op in q.Ops)
        {
            int Mag(int l, int h) => Math.Max(Math.Abs(l), Math.Abs(h));
            switch (op)
            {
                case QConv c:
                    {
                        int x = maxAbs[c.Input];
                        int per = c.Weights.Length / c.OutChannels;
                        long products = 0, acc = 0;
                        for (int m = 0; m < c.OutChannels; m++)
                        {
                            long sum = 0;
                            for (int i = m * per; i < (m + 1) * per; i++) sum += Math.Abs((long)c.Weights[i]);
                            products = Math.Max(products, sum * x);
                            acc = Math.Max(acc, sum * x + Math.Abs((long)c.Bias[m]));
                        }
                        bounds.Add(new AccumulatorBound(c.Name, x, products, acc));
                        maxAbs[c.Name] = Mag(c.Lo, c.Hi);
                        break;
                    }
                case QAdd a: maxAbs[a.Name] = Mag(a.Lo, a.Hi); break;
                case QConcat cat: maxAbs[cat.Name] = Mag(cat.Lo, cat.Hi); break;
                case QClamp cl: maxAbs[cl.Name] = Math.Min(maxAbs[cl.Input] < cl.Lo || -maxAbs[cl.Input] > cl.Hi ? int.MaxValue : maxAbs[cl.Input], Mag(cl.Lo, cl.Hi)); break;
                case QPool p: maxAbs[p.Name] = p.IsMax ? maxAbs[p.Input] : Math.Max(-lo, hi); break;
                default: maxAbs[op.Name] = maxAbs[op.Inputs[0]]; break;
            }
        }
        return bounds;
    }

    /// <summary>What <paramref name="op"/> computes, in the graph's vocabulary (every quantized convolution is <see cref="OpKind.Conv"/>).</summary>
    public static OpKind OpOf(QOp op) => op switch
    {
        QConv => OpKind.Conv,
        QAdd => OpKind.Add,
        QConcat => OpKind.Concat,
        QPool { IsAdaptive: true } => OpKind.AdaptiveAvgPool,
        QPool { IsMax: true } => OpKind.MaxPool,
        QPool => OpKind.AvgPool,
        QFlatten => OpKind.Flatten,
        QClamp => OpKind.Clamp,
        _ => throw new ArgumentException($"op '{op.Name}' is a {op.GetType().Name}, which no quantized-network file holds"),
    };

    /// <summary>The short tag of <paramref name="op"/>'s kind (<see cref="OpKinds.Tag"/>), as files and messages show it.</summary>
    public static string KindOf(QOp op) => OpOf(op).Tag();

    private static void CheckPatterns(QConv c, Func<string, QuantizationException> bad)
    {
        if (c.Patterns is null && c.PatternIds is null) return;
        if (c.Patterns is null || c.PatternIds is null) throw bad("has a pattern table without pattern ids or the reverse");
        int k = c.Kernel, kk = k * k, perGroup = c.InChannels / c.Groups;
        if (c.Patterns.Kernel != k) throw bad($"pattern table is {c.Patterns.Kernel}x{c.Patterns.Kernel}, the kernel is {k}x{k}");
        if (kk > 64) throw bad($"pattern masks cannot describe a {k}x{k} kernel");
        if (c.Patterns.Count == 0) throw bad("empty pattern table");
        ulong valid = kk == 64 ? ulong.MaxValue : (1UL << kk) - 1;
        foreach (ulong mask in c.Patterns.Masks)
            if (mask == 0 || (mask & ~valid) != 0) throw bad($"pattern mask 0x{mask:x} is empty or has bits beyond {kk} positions");
        if (c.PatternIds.Length != c.OutChannels * perGroup)
            throw bad($"{c.PatternIds.Length} pattern ids for {c.OutChannels}x{perGroup} kernels");
        for (int kernel = 0; kernel < c.PatternIds.Length; kernel++)
        {
            int id = c.PatternIds[kernel];
            if (id < -1 || id >= c.Patterns.Count) throw bad($"kernel {kernel} has pattern id {id}, the table has {c.Patterns.Count} patterns");
            ulong mask = id < 0 ? 0 : c.Patterns.Masks[id];
            for (int p = 0; p < kk; p++)
                if ((mask >> p & 1) == 0 && c.Weights[kernel * kk + p] != 0)
                    throw bad($"weight of kernel (m={kernel / perGroup}, n={kernel % perGroup}) at (r={p / k}, c={p % k}) is non-zero outside its pattern {id}");
        }
    }
}
