using ZooForge.Core.Errors;
using ZooForge.Compression.Patterns;
using ZooForge.Graph.Layers;
using ZooForge.Graph.Model;

namespace ZooForge.Compression.Quantization;

/// <summary>
/// Lowers a float IR network to a <see cref="QuantizedNetwork"/>: the integer program the
/// hardware runs and the <see cref="Reference.IntegerReference"/> executes bit for bit.
/// </summary>
/// <remarks>
/// <para><b>Ops and names.</b> Layers are grouped by <see cref="Fusion.Plan"/>: batch-norm folded
/// into the convolution/linear layer it reads (<see cref="BatchNormFolding"/>), ReLU/ReLU6 fused
/// into the clamp of the convolution, linear layer or addition producing its input, everything
/// else one op per layer. Each op is named after the last IR layer it absorbs; tensors are keyed
/// by op name plus <c>"input"</c>. A linear layer becomes a 1×1 <see cref="QConv"/> on its C×1×1
/// input.</para>
/// <para><b>Scales</b> (all in double, <see cref="TensorScales.ForRange"/> of the calibrated range
/// <c>ranges[name]</c>): the input from <c>ranges["input"]</c>; the output of every
/// convolution, linear, addition and concatenation from <c>ranges[op.Name]</c> (the range of
/// the last absorbed layer, i.e. after the fused activation); pools, flatten and standalone
/// clamps keep their input's scale.</para>
/// <para><b>Convolution / linear.</b> Weights: the folded float32 weights quantized per output
/// channel with <see cref="TensorScales.QuantizeWeights"/> (scales s_w[m]). Bias:
/// <c>round-half-away(b'[m] / (s_in·s_w[m]))</c> as a 32-bit integer (an error if it does not
/// fit). Requantization: <c>(Multiplier[m], Shift[m]) = Requantizer.Decompose((s_in·s_w[m]) / s_out)</c>.
/// Clamp: the signed range of the scheme's bits, with Lo = 0 for a fused ReLU/ReLU6 and
/// Hi = min(2^(b−1)−1, Quantize(6, s_out)) for a fused ReLU6.</para>
/// <para><b>Addition and concatenation</b> rescale every input to the output scale with one common
/// shift (<see cref="CommonShift"/>): the shift <see cref="Requantizer.Decompose"/> gives the
/// largest ratio s_i/s_out (31 significant bits for it), each multiplier
/// <c>round-half-away(s_i/s_out · 2^Shift)</c>; a single rounding of the sum:
/// <c>clamp(RoundShift(a·M_A + b·M_B, Shift))</c>. Additions with more than two inputs are
/// not supported.</para>
/// <para><b>Average and adaptive pooling</b> use <see cref="PoolShift"/> = 16: the output is
/// <c>RoundShift(Σ window · round(2^16/n), 16)</c> with the multiplier computed from the window
/// size n at run time (see <see cref="Reference.IntegerReference.AverageMultiplier"/>), so the
/// output keeps the input's scale. Max pooling is exact (Shift 0).</para>
/// <para><b>Patterns.</b> For a convolution with a <see cref="PatternAssignment"/> (keyed by the
/// IR convolution's name) the table and per-kernel pattern ids are copied into the
/// <see cref="QConv"/>; its quantized weights must be zero outside each kernel's pattern (and
/// everywhere for id −1), which holds when the float weights were masked beforehand.</para>
/// </remarks>
public static class Quantizer
{
    /// <summary>Shift of average and adaptive average pooling.</summary>
    public const int PoolShift = 16;

    /// <summary>Quantizes <paramref name="network"/> with calibrated <paramref name="ranges"/> (see <see cref="Calibration.Ranges"/>).</summary>
    /// <exception cref="QuantizationException">
    /// An unsupported layer, a missing or invalid range, a batch-norm that cannot be folded, a
    /// multiplier or bias that cannot be represented, or an inconsistent pattern assignment; the
    /// message names the layer.
    /// </exception>
    /// <exception cref="GraphException">The weights do not match the network.</exception>
    public static QuantizedNetwork Quantize(Network network, NetworkWeights weights, IReadOnlyDictionary<string, double> ranges,
        QuantScheme scheme, IReadOnlyDictionary<string, PatternAssignment>? patterns = null)
    {
        ArgumentNullException.ThrowIfNull(ranges);
        ArgumentNullException.ThrowIfNull(scheme);
        weights.Validate(network);
        var plan = Fusion.Plan(network);
        patterns ??= new Dictionary<string, PatternAssignment>();
        foreach (var key in patterns.Keys)
            if (!plan.Any(op => op.Main is Conv2dLayer c && c.Name == key))
                throw new QuantizationException($"pattern assignment for '{key}': the network has no convolution of that name");

        var (fullLo, fullHi) = Requantizer.SignedRange(scheme.Bits);
        double Range(string name, string layer)
        {
            if (!ranges.TryGetValue(name, out double r))
                throw new QuantizationException($"layer '{layer}': no calibration range for its output (ranges has no key '{name}')");
            if (!(r >= 0) || double.IsInfinity(r))
                throw new QuantizationException($"layer '{layer}': calibration range {r} of '{name}' is not a finite non-negative number");
            return r;
        }

        var tensors = new Dictionary<string, QTensor>(StringComparer.Ordinal)
        {
            [Network.InputName] = new(network.InputShape, TensorScales.ForRange(Range(Network.InputName, Network.InputName), scheme)),
        };
        var ops = new List<QOp>();
        foreach (var op in plan)
        {
            var shape = network[op.Name].OutputShape;
            var inScale = tensors[op.Inputs[0]].Scale;
            double scale = inScale;
            QOp q;
            switch (op.Main)
            {
                case Conv2dLayer or LinearLayer:
                    scale = TensorScales.ForRange(Range(op.Name, op.Name), scheme);
                    q = ConvOp(op, weights, inScale, scale, scheme, patterns);
                    break;
                case AddLayer add:
                    {
                        if (op.Inputs.Count != 2)
                            throw new QuantizationException($"layer '{add.Name}' (add): {op.Inputs.Count} inputs; the integer add takes exactly two");
                        scale = TensorScales.ForRange(Range(op.Name, op.Name), scheme);
                        var (m, shift) = CommonShift([tensors[op.Inputs[0]].Scale / scale, tensors[op.Inputs[1]].Scale / scale], op.Name);
                        var (lo, hi) = Clamp(op.Activation, scale, scheme);
                        q = new QAdd(op.Name, op.Inputs[0], op.Inputs[1], m[0], m[1], shift, lo, hi);
                        break;
                    }
                case ConcatLayer:
                    {
                        scale = TensorScales.ForRange(Range(op.Name, op.Name), scheme);
                        var (m, shift) = CommonShift(op.Inputs.Select(i => tensors[i].Scale / scale).ToArray(), op.Name);
                        q = new QConcat(op.Name, op.Inputs.ToArray(), m, shift, fullLo, fullHi);
                        break;
                    }
                case Pool2dLayer p:
                    q = new QPool(op.Name, op.Inputs[0], p.Mode == PoolMode.Max, p.Kernel, p.Stride, p.Padding, p.CeilMode, 0, 0,
                        p.Mode == PoolMode.Max ? 0 : PoolShift);
                    break;
                case AdaptiveAvgPool2dLayer a:
                    q = new QPool(op.Name, op.Inputs[0], false, 0, 0, 0, false, a.OutputHeight, a.OutputWidth, PoolShift);
                    break;
                case FlattenLayer:
                    q = new QFlatten(op.Name, op.Inputs[0]);
                    break;
                case ActivationLayer act:
                    {
                        var (lo, hi) = Clamp(act, inScale, scheme);
                        q = new QClamp(op.Name, op.Inputs[0], lo, hi);
                        break;
                    }
                default:
                    throw new QuantizationException($"layer '{op.Main.Name}' ({op.Main.Kind}): quantization does not support this layer type");
            }
            ops.Add(q);
            tensors[op.Name] = new QTensor(shape, scale);
        }
        var result = new QuantizedNetwork
        {
            Name = network.Name,
            Scheme = scheme,
            InputShape = network.InputShape,
            Ops = ops,
            Tensors = tensors,
        };
        QuantizedNetworkChecks.Validate(result);
        return result;
    }

    /// <summary>
    /// The one definition of input quantization: every value becomes
    /// <c>Requantizer.Quantize(x, s_in, −2^(b−1), 2^(b−1)−1)</c> with the input tensor's scale.
    /// </summary>
    /// <exception cref="ArgumentException">The image does not have C·H·W values.</exception>
    public static int[] QuantizeInput(ReadOnlySpan<float> image, QuantizedNetwork network)
    {
        if (image.Length != network.InputShape.Elements)
            throw new InvalidInputException($"quantized network '{network.Name}' takes {network.InputShape} = {network.InputShape.Elements} values, the image has {image.Length}", nameof(image));
        double scale = network.Tensors[Network.InputName].Scale;
        var (lo, hi) = Requantizer.SignedRange(network.Bits);
        var q = new int[image.Length];
        for (int i = 0; i < q.Length; i++) q[i] = Requantizer.Quantize(image[i], scale, lo, hi);
        return q;
    }

    /// <summary>
    /// Integer multipliers with one common shift for real ratios <paramref name="ratios"/>: the
    /// shift of <see cref="Requantizer.Decompose"/> for the largest ratio, then
    /// M_i = round-half-away(ratio_i · 2^shift), all positive and below 2^31.
    /// </summary>
    /// <exception cref="QuantizationException">A ratio is not representable; names <paramref name="layer"/>.</exception>
    public static (int[] Multipliers, int Shift) CommonShift(IReadOnlyList<double> ratios, string layer)
    {
        double max = ratios.Max();
        int shift;
        try
        {
            shift = Requantizer.Decompose(max).Shift;
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new QuantizationException($"layer '{layer}': rescale ratio {max} cannot be represented: {e.Message.Split('\n')[0]}");
        }
        while (true)
        {
            var m = new long[ratios.Count];
            for (int i = 0; i < m.Length; i++) m[i] = (long)Math.Round(ratios[i] * Math.Pow(2, shift), MidpointRounding.AwayFromZero);
            if (m.Max() >= 1L << 31 && shift > 0) { shift--; continue; }
            for (int i = 0; i < m.Length; i++)
                if (m[i] <= 0)
                    throw new QuantizationException($"layer '{layer}': input {i} rescale ratio {ratios[i]} is too small next to {max} for a common shift of {shift}");
            return (m.Select(v => (int)v).ToArray(), shift);
        }
    }

    private static (int Lo, int Hi) Clamp(ActivationLayer? activation, double scale, QuantScheme scheme)
    {
        var (lo, hi) = Requantizer.SignedRange(scheme.Bits);
        if (activation is null) return (lo, hi);
        int top = activation.Function == ActivationFunction.Relu6 ? Requantizer.Quantize(6.0, scale, lo, hi) : hi;
        return (0, top);
    }

    private static QConv ConvOp(FusedOp op, NetworkWeights weights, double inScale, double outScale, QuantScheme scheme,
        IReadOnlyDictionary<string, PatternAssignment> patterns)
    {
        var (inC, outC, k, stride, pad, groups) = op.Main switch
        {
            Conv2dLayer c => (c.InChannels, c.OutChannels, c.Kernel, c.Stride, c.Padding, c.Groups),
            LinearLayer l => (l.InFeatures, l.OutFeatures, 1, 1, 0, 1),
            _ => throw new InvalidOperationException(),
        };
        var folded = BatchNormFolding.Fold(op, weights);
        var (qw, sw) = TensorScales.QuantizeWeights(folded.Weight, outC, scheme);
        var bias = new int[outC];
        var multiplier = new int[outC];
        var shift = new int[outC];
        for (int m = 0; m < outC; m++)
        {
            double accScale = inScale * sw[m];
            double b = Math.Round(folded.Bias[m] / accScale, MidpointRounding.AwayFromZero);
            if (!(Math.Abs(b) <= int.MaxValue))
                throw new QuantizationException($"layer '{op.Name}': bias {folded.Bias[m]} of output channel {m} is {b} accumulator steps, beyond 32 bits");
            bias[m] = (int)b;
            try
            {
                (multiplier[m], shift[m]) = Requantizer.Decompose(accScale / outScale);
            }
            catch (ArgumentOutOfRangeException e)
            {
                throw new QuantizationException($"layer '{op.Name}': requantization multiplier {accScale / outScale} of output channel {m} cannot be represented: {e.Message.Split('\n')[0]}");
            }
        }
        var (lo, hi) = Clamp(op.Activation, outScale, scheme);
        KernelPatternTable? table = null;
        int[]? ids = null;
        if (patterns.TryGetValue(op.Main.Name, out var assignment))
        {
            CheckPatterns(op, assignment, qw, outC, inC / groups, k);
            table = assignment.Table;
            ids = (int[])assignment.PatternIds.Clone();
        }
        return new QConv(op.Name, op.Inputs[0], inC, outC, k, stride, pad, groups, qw, bias, multiplier, shift, lo, hi, table, ids);
    }

    private static void CheckPatterns(FusedOp op, PatternAssignment a, int[] qw, int outC, int perGroup, int k)
    {
        string layer = op.Main.Name;
        if (a.Layer != layer)
            throw new QuantizationException($"layer '{layer}': its pattern assignment names layer '{a.Layer}'");
        if (a.Table.Kernel != k)
            throw new QuantizationException($"layer '{layer}': pattern table is {a.Table.Kernel}x{a.Table.Kernel}, the kernel is {k}x{k}");
        if (a.PatternIds.Length != outC * perGroup)
            throw new QuantizationException($"layer '{layer}': {a.PatternIds.Length} pattern ids for {outC}x{perGroup} kernels");
        int kk = k * k;
        for (int kernel = 0; kernel < a.PatternIds.Length; kernel++)
        {
            int id = a.PatternIds[kernel];
            if (id < -1 || id >= a.Table.Count)
                throw new QuantizationException($"layer '{layer}': kernel {kernel} has pattern id {id}, the table has {a.Table.Count} patterns");
            ulong mask = id < 0 ? 0 : a.Table.Masks[id];
            for (int p = 0; p < kk; p++)
                if ((mask >> p & 1) == 0 && qw[kernel * kk + p] != 0)
                    throw new QuantizationException(
                        $"layer '{layer}': weight of kernel (m={kernel / perGroup}, n={kernel % perGroup}) at position (r={p / k}, c={p % k}) is non-zero outside its pattern {id}; mask the weights before quantizing");
        }
    }
}
