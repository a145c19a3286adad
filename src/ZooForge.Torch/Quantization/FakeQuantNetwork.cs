using ZooForge.Core.Errors;
using TorchSharp;
using TorchSharp.Modules;
using ZooForge.Compression.Patterns;
using ZooForge.Compression.Quantization;
using ZooForge.Compression.Reference;
using ZooForge.Data.Datasets;
using ZooForge.Graph.Layers;
using ZooForge.Graph.Model;
using ZooForge.Torch.Modules;
using ZooForge.Torch.Training;
using static TorchSharp.torch;

namespace ZooForge.Torch.Quantization;

/// <summary>
/// Quantization-aware training with a straight-through estimator whose forward pass <i>is</i> the
/// integer network. For fixed activation ranges and a <see cref="QuantScheme"/>, every forward:
/// <list type="number">
/// <item>exports the current float weights and quantizes them with <see cref="Quantizer.Quantize"/>,
/// so weights, biases and multipliers are exactly those of the integer reference;</item>
/// <item>executes the quantized ops on integer tensors with <see cref="IntegerKernels"/> (bit for bit
/// as <see cref="Requantizer"/> defines rounding and saturation);</item>
/// <item>computes, from the float weights (batch-norm with frozen statistics), each op's float
/// surrogate u from the previous ops' dequantized values, clipped to the op's output range, and
/// outputs <c>dequant(q) + (u − u.detach())</c>: the value is exactly q·scale (the added term is
/// exactly zero), the gradient is u's.</item>
/// </list>
/// Pattern-pruned layers keep their pruned weights at zero: the masks are applied on
/// construction, to the gradients before and to the weights after every optimizer step
/// (<see cref="MaskGradients"/>, <see cref="ApplyPatternMasks"/>).
/// </summary>
public sealed class FakeQuantNetwork : IDisposable
{
    private readonly Dictionary<string, nn.Module> _layers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FusedOp> _plan = new(StringComparer.Ordinal);
    private readonly List<(Tensor Weight, Tensor Mask)> _masks = [];
    private readonly QuantizedNetwork _initial;

    /// <summary>
    /// Wraps a <see cref="GraphModule"/> holding <paramref name="weights"/> (copied; batch-norm in
    /// inference mode) that will be quantized with <paramref name="ranges"/> (IR layer names and
    /// <c>input</c>), <paramref name="scheme"/> and optional pattern assignments.
    /// </summary>
    /// <exception cref="QuantizationException">The network cannot be quantized; names the layer.</exception>
    public FakeQuantNetwork(Network network, NetworkWeights weights, IReadOnlyDictionary<string, double> ranges, QuantScheme scheme,
        IReadOnlyDictionary<string, PatternAssignment>? patterns = null)
    {
        Network = network;
        Ranges = ranges;
        Scheme = scheme;
        Patterns = patterns;
        Module = new GraphModule(network);
        try
        {
            Module.LoadWeights(weights);
            Module.eval();
            foreach (var (name, child) in Module.named_children())
                _layers[network.Nodes[int.Parse(name.AsSpan(1), System.Globalization.CultureInfo.InvariantCulture)].Layer.Name] = child;
            foreach (var op in Fusion.Plan(network)) _plan[op.Name] = op;
            if (patterns is not null) BuildMasks(patterns);
            ApplyPatternMasks();
            _initial = ToQuantized();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The IR network.</summary>
    public Network Network { get; }

    /// <summary>Activation ranges the scales come from (fixed during training).</summary>
    public IReadOnlyDictionary<string, double> Ranges { get; }

    /// <summary>The quantization scheme.</summary>
    public QuantScheme Scheme { get; }

    /// <summary>Pattern assignments by IR convolution name, or null.</summary>
    public IReadOnlyDictionary<string, PatternAssignment>? Patterns { get; }

    /// <summary>The float module whose parameters are trained (kept in inference mode).</summary>
    public GraphModule Module { get; }

    /// <summary>Scale of the network input: an input integer q stands for q · <see cref="InputScale"/>.</summary>
    public double InputScale => _initial.Tensors[Network.InputName].Scale;

    /// <summary>The trainable float parameters (weights, biases, batch-norm affine terms).</summary>
    public IEnumerable<Parameter> Parameters() => Module.parameters();

    /// <summary>The current float weights (batch-norm statistics unchanged).</summary>
    public NetworkWeights ExportWeights() => Module.ExportWeights();

    /// <summary>The integer network for the current float weights, as the integer reference would run it.</summary>
    public QuantizedNetwork ToQuantized() => Quantizer.Quantize(Network, ExportWeights(), Ranges, Scheme, Patterns);

    /// <summary>
    /// Logits of a batch [B, C, H, W] of quantized inputs (integers held in a float tensor, as
    /// <see cref="QuantizeInputs"/> makes them): exactly the integer network's logits times the
    /// output scale, with straight-through gradients to the float weights when gradients are
    /// enabled. Returns [B, classes] float32.
    /// </summary>
    public Tensor Forward(Tensor quantizedInputs)
    {
        using var scope = NewDisposeScope();
        var pass = Run(quantizedInputs, ToQuantized(), keepIntegers: false);
        return pass.Logits.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// One forward pass keeping every op's integer output tensor (int64, [B, C, H, W]), for
    /// checking against the integer reference. <paramref name="q"/> defaults to
    /// <see cref="ToQuantized"/>. With gradients disabled (<c>no_grad</c>) only the integer ops run;
    /// otherwise the float surrogates are computed too and the logits carry straight-through
    /// gradients. The caller owns (and should dispose) the returned tensors.
    /// </summary>
    /// <exception cref="ArgumentException">The input is not [B, C, H, W] of the network's shape, or holds a non-integer or a value outside the bit range.</exception>
    /// <exception cref="QuantizationException">An accumulator overflows 32 bits (as in the integer reference); names the layer.</exception>
    public FakeQuantPass Run(Tensor quantizedInputs, QuantizedNetwork? q = null, bool keepIntegers = true)
    {
        q ??= ToQuantized();
        bool surrogate = is_grad_enabled();
        long batch = quantizedInputs.shape[0];
        var ints = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var values = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        using var scope = NewDisposeScope();
        var (lo, hi) = Requantizer.SignedRange(q.Bits);
        CheckInput(quantizedInputs, q, lo, hi);
        var input = quantizedInputs.to_type(ScalarType.Int64);
        ints[Network.InputName] = input;
        if (surrogate) values[Network.InputName] = quantizedInputs.to_type(ScalarType.Float32) * InputScale;
        var bounds = QuantizedNetworkChecks.AccumulatorBounds(q).ToDictionary(b => b.Op, StringComparer.Ordinal);
        foreach (var op in q.Ops)
        {
            var x = op.Inputs.Select(i => ints[i]).ToArray();
            Tensor result = op switch
            {
                QConv c => IntegerKernels.Conv(c, x[0], IntegerKernels.ChooseAccumulator(c.Name, bounds[c.Name].MaxAbsProducts),
                    accumulatorFitsInt32: bounds[c.Name].FitsInt32),
                QAdd a => IntegerKernels.Add(a, x[0], x[1]),
                QPool p => IntegerKernels.Pool(p, x[0], lo, hi),
                QFlatten => IntegerKernels.Flatten(x[0]),
                QClamp c => IntegerKernels.Clamp(c, x[0]),
                QConcat c => IntegerKernels.Concat(c, x),
                _ => throw new QuantizationException($"op '{op.Name}': {op.GetType().Name} has no TorchSharp form"),
            };
            ints[op.Name] = result;
            if (surrogate)
            {
                double scale = q.Tensors[op.Name].Scale;
                var u = Surrogate(op, values, batch);
                if (Range(op) is { } range) u = u.clamp(range.Lo * scale, range.Hi * scale);
                var deq = Dequantize(result, scale);
                values[op.Name] = deq + (u - u.detach());
            }
        }
        var output = ints[q.OutputName];
        var logits = surrogate ? values[q.OutputName].reshape(batch, -1) : Dequantize(output, q.Tensors[q.OutputName].Scale).reshape(batch, -1);
        logits.MoveToOuterDisposeScope();
        var kept = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        if (keepIntegers)
            foreach (var (name, t) in ints) kept[name] = t.MoveToOuterDisposeScope();
        else
            kept[q.OutputName] = output.MoveToOuterDisposeScope();
        return new FakeQuantPass(q, kept, logits);
    }

    /// <summary>
    /// The input images <paramref name="indices"/> of <paramref name="data"/> quantized exactly as
    /// <see cref="Quantizer.QuantizeInput"/> does, as a float32 [B, C, H, W] tensor of integers.
    /// </summary>
    public Tensor QuantizeInputs(ImageDataset data, ReadOnlySpan<int> indices)
    {
        int size = data.Channels * data.Height * data.Width;
        var values = new float[indices.Length * size];
        for (int b = 0; b < indices.Length; b++)
        {
            var q = Quantizer.QuantizeInput(data.Pixels.AsSpan(indices[b] * size, size), _initial);
            for (int i = 0; i < size; i++) values[b * size + i] = q[i];
        }
        return tensor(values, [indices.Length, data.Channels, data.Height, data.Width]);
    }

    /// <summary>
    /// Top-1 accuracy of the integer network for the current weights on <paramref name="data"/>
    /// (the class is the first index of the largest integer logit, as <see cref="EvaluationResult.ArgMax{T}"/>).
    /// </summary>
    public Accuracy Evaluate(ImageDataset data, int batchSize = 500)
    {
        Evaluator.CheckShape(Network, data);
        var q = ToQuantized();
        int correct = 0;
        var all = Enumerable.Range(0, data.Count).ToArray();
        using var noGrad = no_grad();
        for (int start = 0; start < data.Count; start += batchSize)
        {
            using var scope = NewDisposeScope();
            int n = Math.Min(batchSize, data.Count - start);
            var images = QuantizeInputs(data, all.AsSpan(start, n));
            var pass = Run(images, q, keepIntegers: false);
            var logits = pass.Integers[q.OutputName].reshape(n, -1);
            int classes = (int)logits.shape[1];
            var values = logits.contiguous().data<long>().ToArray();
            for (int b = 0; b < n; b++)
                if (EvaluationResult.ArgMax<long>(values.AsSpan(b * classes, classes)) == data.Labels[start + b]) correct++;
        }
        return new Accuracy(correct, data.Count);
    }

    /// <summary>Zeroes the gradients of pattern-pruned weights (call after backward, before the optimizer step).</summary>
    public void MaskGradients()
    {
        using var noGrad = no_grad();
        foreach (var (weight, mask) in _masks)
            if (weight.grad is { } g) g.mul_(mask);
    }

    /// <summary>Zeroes the pattern-pruned weights (on construction and after every optimizer step).</summary>
    public void ApplyPatternMasks()
    {
        using var noGrad = no_grad();
        foreach (var (weight, mask) in _masks) weight.mul_(mask);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var (_, mask) in _masks) mask.Dispose();
        _masks.Clear();
        Module.Dispose();
    }

    private static void CheckInput(Tensor x, QuantizedNetwork q, int lo, int hi)
    {
        var shape = q.InputShape;
        if (x.dim() != 4 || x.shape[1] != shape.Channels || x.shape[2] != shape.Height || x.shape[3] != shape.Width)
            throw new InvalidInputException($"quantized network '{q.Name}' takes [B, {shape.Channels}, {shape.Height}, {shape.Width}] inputs, got [{string.Join(", ", x.shape)}]");
        if (x.numel() == 0) return;
        using var wide = x.to_type(ScalarType.Float64);
        double min = wide.min().item<double>(), max = wide.max().item<double>();
        if (min < lo || max > hi)
            throw new InvalidInputException($"input values span [{min}, {max}], outside the {q.Bits}-bit range [{lo}, {hi}]");
        using var fraction = wide - wide.round();
        if (fraction.abs().max().item<double>() != 0)
            throw new InvalidInputException("inputs must hold integers (quantize them with QuantizeInputs)");
    }

    private static Tensor Dequantize(Tensor q, double scale)
    {
        using var wide = q.to_type(ScalarType.Float64) * scale;
        return wide.to_type(ScalarType.Float32);
    }

    private static (int Lo, int Hi)? Range(QOp op) => op switch
    {
        QConv c => (c.Lo, c.Hi),
        QAdd a => (a.Lo, a.Hi),
        QConcat c => (c.Lo, c.Hi),
        QClamp c => (c.Lo, c.Hi),
        _ => null,
    };

    /// <summary>The float computation of the IR layers <paramref name="op"/> absorbs, on the inputs' values.</summary>
    private Tensor Surrogate(QOp op, Dictionary<string, Tensor> values, long batch)
    {
        if (!_plan.TryGetValue(op.Name, out var fused))
            throw new QuantizationException($"op '{op.Name}' is not named after the last IR layer of a fused group (Fusion.Plan)");
        var x = fused.Inputs.Select(i => values[i]).ToArray();
        var y = ApplyLayer(fused.Main, x, batch);
        if (fused.BatchNorm is { } bn) y = Call(bn.Name, y);
        if (fused.Activation is { } act) y = ApplyLayer(act, [y], batch);
        return y;
    }

    private Tensor Call(string layer, Tensor x) => ((nn.Module<Tensor, Tensor>)_layers[layer]).call(x);

    /// <summary>One IR layer in torch on [B, C, H, W] values (vectors as [B, C, 1, 1]).</summary>
    private Tensor ApplyLayer(Layer layer, Tensor[] x, long batch) => layer switch
    {
        Conv2dLayer => Call(layer.Name, x[0]),
        LinearLayer l => Call(layer.Name, x[0].reshape(batch, -1)).reshape(batch, l.OutFeatures, 1, 1),
        BatchNorm2dLayer => Call(layer.Name, x[0]),
        ActivationLayer { Function: ActivationFunction.Relu } => nn.functional.relu(x[0]),
        ActivationLayer => nn.functional.relu6(x[0]),
        Pool2dLayer { Mode: PoolMode.Max } p => nn.functional.max_pool2d(x[0], p.Kernel, p.Stride, p.Padding, ceil_mode: p.CeilMode),
        Pool2dLayer p => nn.functional.avg_pool2d(x[0], p.Kernel, p.Stride, p.Padding, ceil_mode: p.CeilMode),
        AdaptiveAvgPool2dLayer a => nn.functional.adaptive_avg_pool2d(x[0], new long[] { a.OutputHeight, a.OutputWidth }),
        AddLayer => x.Skip(1).Aggregate(x[0], (sum, t) => sum + t),
        ConcatLayer => cat(x, 1),
        FlattenLayer => x[0].reshape(batch, -1, 1, 1),
        _ => throw new NotSupportedException($"layer '{layer.Name}': {layer.Kind} has no TorchSharp form"),
    };

    private void BuildMasks(IReadOnlyDictionary<string, PatternAssignment> patterns)
    {
        foreach (var (layerName, assignment) in patterns)
        {
            if (!Network.Contains(layerName) || Network[layerName].Layer is not Conv2dLayer conv)
                throw new QuantizationException($"pattern assignment for '{layerName}': no such convolution in network '{Network.Name}'");
            int k = conv.Kernel, perOut = conv.InChannels / conv.Groups;
            if (assignment.Table.Kernel != k || assignment.PatternIds.Length != conv.OutChannels * perOut)
                throw new QuantizationException(
                    $"layer '{layerName}': pattern assignment ({assignment.Table.Kernel}x{assignment.Table.Kernel}, {assignment.PatternIds.Length} kernels) does not fit the {k}x{k} convolution with {conv.OutChannels * perOut} kernels");
            var mask = new float[conv.OutChannels * perOut * k * k];
            for (int kernel = 0; kernel < assignment.PatternIds.Length; kernel++)
            {
                int id = assignment.PatternIds[kernel];
                if (id < 0) continue;
                ulong bits = assignment.Table.Masks[id];
                for (int p = 0; p < k * k; p++)
                    if ((bits >> p & 1) != 0) mask[kernel * k * k + p] = 1f;
            }
            var weight = ((Conv2d)_layers[layerName]).weight!;
            _masks.Add((weight, tensor(mask, [conv.OutChannels, perOut, k, k])));
        }
    }
}

/// <summary>The outcome of one <see cref="FakeQuantNetwork.Run"/>.</summary>
/// <param name="Network">The integer network that was executed.</param>
/// <param name="Integers">Integer output of every op (and the input), int64 [B, C, H, W], by op name; only the output unless all were kept.</param>
/// <param name="Logits">[B, classes] float32: the output integers times the output scale, with straight-through gradients.</param>
public sealed record FakeQuantPass(QuantizedNetwork Network, IReadOnlyDictionary<string, Tensor> Integers, Tensor Logits) : IDisposable
{
    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var t in Integers.Values) t.Dispose();
        Logits.Dispose();
    }
}
