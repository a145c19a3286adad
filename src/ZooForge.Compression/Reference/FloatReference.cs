using ZooForge.Core.Errors;
using ZooForge.Compression.Quantization;
using ZooForge.Data.Datasets;
using ZooForge.Graph.Layers;
using ZooForge.Graph.Model;

namespace ZooForge.Compression.Reference;

/// <summary>
/// A double-precision forward pass of any IR network on one image, returning every layer's
/// output: the float baseline and the source of calibration ranges. Semantics follow torch in
/// evaluation mode: batch-norm with running statistics and ε = 1e-5, max pooling ignoring
/// padding, average pooling with <c>count_include_pad=True</c> and <c>ceil_mode</c> windows,
/// adaptive average pooling with windows [⌊i·H/out⌋, ⌈(i+1)·H/out⌉). Tensors are C×H×W,
/// channel-major then row-major. Instances are immutable and thread-safe.
/// </summary>
public sealed class FloatReference
{
    private readonly List<string>[] _releaseAfter;
    private readonly Dictionary<string, double[]> _weights = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double[]> _biases = new(StringComparer.Ordinal);

    /// <summary>Prepares <paramref name="network"/> with <paramref name="weights"/>.</summary>
    /// <exception cref="GraphException">The weights do not match the network (names the tensor).</exception>
    /// <exception cref="QuantizationException">A layer type is not supported (names the layer).</exception>
    public FloatReference(Network network, NetworkWeights weights)
    {
        weights.Validate(network);
        Network = network;
        // Streaming execution frees every tensor after its last consumer (the output is kept).
        var lastUse = new Dictionary<string, int>(StringComparer.Ordinal) { [Network.InputName] = -1 };
        for (int i = 0; i < network.Nodes.Count; i++)
        {
            lastUse[network.Nodes[i].Layer.Name] = i;
            foreach (var input in network.Nodes[i].Layer.Inputs) lastUse[input] = i;
        }
        _releaseAfter = network.Nodes.Select(_ => new List<string>()).ToArray();
        foreach (var (name, index) in lastUse)
            if (name != network.Nodes[^1].Layer.Name) _releaseAfter[Math.Max(index, 0)].Add(name);
        foreach (var node in network.Nodes)
        {
            var layer = node.Layer;
            switch (layer)
            {
                case Conv2dLayer c:
                    _weights[c.Name] = ToDouble(weights.Get(c.Name + ".weight").Data);
                    _biases[c.Name] = c.HasBias ? ToDouble(weights.Get(c.Name + ".bias").Data) : new double[c.OutChannels];
                    break;
                case LinearLayer l:
                    _weights[l.Name] = ToDouble(weights.Get(l.Name + ".weight").Data);
                    _biases[l.Name] = l.HasBias ? ToDouble(weights.Get(l.Name + ".bias").Data) : new double[l.OutFeatures];
                    break;
                case BatchNorm2dLayer b:
                    {
                        // y = (x − μ)·k + β with k = γ/√(σ² + ε).
                        var gamma = weights.Get(b.Name + ".weight").Data;
                        var variance = weights.Get(b.Name + ".running_var").Data;
                        var k = new double[b.Channels];
                        for (int c = 0; c < k.Length; c++) k[c] = gamma[c] / Math.Sqrt(variance[c] + BatchNormFolding.Epsilon);
                        _weights[b.Name] = k;
                        var mean = weights.Get(b.Name + ".running_mean").Data;
                        var beta = weights.Get(b.Name + ".bias").Data;
                        var shift = new double[b.Channels * 2];
                        for (int c = 0; c < b.Channels; c++) { shift[2 * c] = mean[c]; shift[2 * c + 1] = beta[c]; }
                        _biases[b.Name] = shift;
                        break;
                    }
                case ActivationLayer or Pool2dLayer or AdaptiveAvgPool2dLayer or AddLayer or ConcatLayer or FlattenLayer:
                    break;
                default:
                    throw new QuantizationException($"layer '{layer.Name}' ({layer.Kind}): the float reference does not support this layer type");
            }
        }
    }

    /// <summary>The network.</summary>
    public Network Network { get; }

    /// <summary>Runs <paramref name="network"/> on one image (C·H·W values).</summary>
    public static IReadOnlyDictionary<string, double[]> Run(Network network, NetworkWeights weights, ReadOnlySpan<float> image) =>
        new FloatReference(network, weights).Run(image);

    /// <summary>Every layer's output for one image, by layer name, plus <see cref="Network.InputName"/>.</summary>
    /// <exception cref="ArgumentException">The image does not have C·H·W values.</exception>
    public IReadOnlyDictionary<string, double[]> Run(ReadOnlySpan<float> image) => Execute(image, null, keepAll: true, out _)!;

    /// <summary>The network's final output for one image.</summary>
    public double[] Logits(ReadOnlySpan<float> image)
    {
        Execute(image, null, keepAll: false, out var output);
        return output;
    }

    /// <summary>The argmax of the final output (ties: lowest index).</summary>
    public int Predict(ReadOnlySpan<float> image) => EvaluationResult.ArgMax<double>(Logits(image));

    /// <summary>
    /// Streams every tensor of one image (the input first, then each layer in order) to
    /// <paramref name="visit"/> without keeping them: the arrays are recycled after the call.
    /// </summary>
    internal void Visit(ReadOnlySpan<float> image, Action<string, double[]> visit) => Execute(image, visit, keepAll: false, out _);

    private Dictionary<string, double[]>? Execute(ReadOnlySpan<float> image, Action<string, double[]>? visit, bool keepAll, out double[] output)
    {
        if (image.Length != Network.InputShape.Elements)
            throw new InvalidInputException($"network '{Network.Name}' takes {Network.InputShape} = {Network.InputShape.Elements} values, the image has {image.Length}", nameof(image));
        Func<int, double[]> allocate = keepAll ? n => new double[n] : ArrayCache<double>.Rent;
        var tensors = new Dictionary<string, double[]>(StringComparer.Ordinal);
        var input = allocate(image.Length);
        for (int i = 0; i < input.Length; i++) input[i] = image[i];
        tensors[Network.InputName] = input;
        visit?.Invoke(Network.InputName, input);
        for (int i = 0; i < Network.Nodes.Count; i++)
        {
            var node = Network.Nodes[i];
            var y = Forward(node, tensors, allocate);
            tensors[node.Layer.Name] = y;
            visit?.Invoke(node.Layer.Name, y);
            if (keepAll) continue;
            foreach (var dead in _releaseAfter[i])
            {
                ArrayCache<double>.Return(tensors[dead]);
                tensors.Remove(dead);
            }
        }
        var last = tensors[Network.Nodes[^1].Layer.Name];
        if (keepAll)
        {
            output = last;
            return tensors;
        }
        output = (double[])last.Clone();
        ArrayCache<double>.Return(last);
        return null;
    }

    /// <summary>Top-1 accuracy over the first <paramref name="count"/> images (default all), in parallel.</summary>
    public EvaluationResult Evaluate(ImageDataset data, int? count = null)
    {
        int n = CheckDataset(data, count, Network.InputShape, Network.Name);
        var predictions = new int[n];
        ImageLoop.Run(data, n, i => predictions[i] = Predict(data.GetImage(i)));
        return new EvaluationResult(predictions.Where((p, i) => p == data.Labels[i]).Count(), n, predictions);
    }

    internal static int CheckDataset(ImageDataset data, int? count, TensorShape shape, string network)
    {
        if (data.Channels != shape.Channels || data.Height != shape.Height || data.Width != shape.Width)
            throw new InvalidInputException($"dataset '{data.Name}' has {data.Channels}x{data.Height}x{data.Width} images, network '{network}' takes {shape}");
        int n = count ?? data.Count;
        if (n < 0 || n > data.Count)
            throw new InvalidInputException($"{n} images requested, dataset '{data.Name}' has {data.Count}", nameof(count));
        return n;
    }

    private double[] Forward(LayerNode node, Dictionary<string, double[]> tensors, Func<int, double[]> allocate)
    {
        var layer = node.Layer;
        var inShape = node.InputShapes[0];
        var outShape = node.OutputShape;
        var x = tensors[layer.Inputs[0]];
        switch (layer)
        {
            case Conv2dLayer c:
                return Conv(x, inShape, outShape, _weights[c.Name], _biases[c.Name], c.Kernel, c.Stride, c.Padding, c.Groups, allocate);
            case LinearLayer l:
                return Conv(x, inShape, outShape, _weights[l.Name], _biases[l.Name], 1, 1, 0, 1, allocate);
            case BatchNorm2dLayer b:
                {
                    var k = _weights[b.Name];
                    var shift = _biases[b.Name];
                    int plane = inShape.Height * inShape.Width;
                    var y = allocate(x.Length);
                    for (int c = 0; c < b.Channels; c++)
                    {
                        double mean = shift[2 * c], scale = k[c], beta = shift[2 * c + 1];
                        for (int i = c * plane; i < (c + 1) * plane; i++) y[i] = (x[i] - mean) * scale + beta;
                    }
                    return y;
                }
            case ActivationLayer a:
                {
                    var y = allocate(x.Length);
                    if (a.Function == ActivationFunction.Relu6)
                        for (int i = 0; i < y.Length; i++) y[i] = x[i] < 0 ? 0 : x[i] > 6 ? 6 : x[i];
                    else
                        for (int i = 0; i < y.Length; i++) y[i] = x[i] < 0 ? 0 : x[i];
                    return y;
                }
            case Pool2dLayer p:
                return Pool(x, inShape, outShape, p.Mode == PoolMode.Max, p.Kernel, p.Stride, p.Padding, allocate(checked((int)outShape.Elements)));
            case AdaptiveAvgPool2dLayer:
                return AdaptivePool(x, inShape, outShape, allocate(checked((int)outShape.Elements)));
            case AddLayer:
                {
                    var y = allocate(x.Length);
                    Array.Copy(x, y, x.Length);
                    for (int j = 1; j < layer.Inputs.Count; j++)
                    {
                        var other = tensors[layer.Inputs[j]];
                        for (int i = 0; i < y.Length; i++) y[i] += other[i];
                    }
                    return y;
                }
            case ConcatLayer:
                {
                    var y = allocate(checked((int)outShape.Elements));
                    int at = 0;
                    foreach (var part in layer.Inputs)
                    {
                        Array.Copy(tensors[part], 0, y, at, tensors[part].Length);
                        at += tensors[part].Length;
                    }
                    return y;
                }
            case FlattenLayer:
                {
                    var y = allocate(x.Length);
                    Array.Copy(x, y, x.Length);
                    return y;
                }
            default:
                throw new QuantizationException($"layer '{layer.Name}' ({layer.Kind}): the float reference does not support this layer type");
        }
    }

    private static double[] Conv(double[] x, TensorShape inShape, TensorShape outShape, double[] w, double[] bias,
        int kernel, int stride, int padding, int groups, Func<int, double[]> allocate)
    {
        int ng = inShape.Channels / groups, mg = outShape.Channels / groups;
        int length = ng * kernel * kernel, positions = outShape.Height * outShape.Width, rowStride = Kernels.Padded(positions, 8);
        var y = allocate(outShape.Channels * positions);
        var col = Kernels.DoubleScratch(length * rowStride);
        for (int g = 0; g < groups; g++)
        {
            Kernels.Im2Col(x, g * ng, ng, inShape.Height, inShape.Width, kernel, stride, padding, outShape.Height, outShape.Width, col, rowStride);
            Kernels.GemmDouble(w, length, bias, g * mg, (g + 1) * mg, col, rowStride, positions, y);
        }
        return y;
    }

    private static double[] Pool(double[] x, TensorShape inShape, TensorShape outShape, bool max, int kernel, int stride, int padding, double[] y)
    {
        int h = inShape.Height, w = inShape.Width;
        for (int c = 0; c < outShape.Channels; c++)
            for (int oh = 0; oh < outShape.Height; oh++)
            {
                var (hs, he, hn) = WindowGeometry.PoolWindow(oh, h, kernel, stride, padding);
                for (int ow = 0; ow < outShape.Width; ow++)
                {
                    var (ws, we, wn) = WindowGeometry.PoolWindow(ow, w, kernel, stride, padding);
                    double acc = max ? double.NegativeInfinity : 0;
                    for (int i = hs; i < he; i++)
                        for (int j = ws; j < we; j++)
                        {
                            double v = x[(c * h + i) * w + j];
                            acc = max ? Math.Max(acc, v) : acc + v;
                        }
                    y[(c * outShape.Height + oh) * outShape.Width + ow] = max ? acc : acc / (hn * wn);
                }
            }
        return y;
    }

    private static double[] AdaptivePool(double[] x, TensorShape inShape, TensorShape outShape, double[] y)
    {
        int h = inShape.Height, w = inShape.Width;
        for (int c = 0; c < outShape.Channels; c++)
            for (int oh = 0; oh < outShape.Height; oh++)
            {
                var (hs, he) = WindowGeometry.AdaptiveWindow(oh, h, outShape.Height);
                for (int ow = 0; ow < outShape.Width; ow++)
                {
                    var (ws, we) = WindowGeometry.AdaptiveWindow(ow, w, outShape.Width);
                    double acc = 0;
                    for (int i = hs; i < he; i++)
                        for (int j = ws; j < we; j++) acc += x[(c * h + i) * w + j];
                    y[(c * outShape.Height + oh) * outShape.Width + ow] = acc / ((he - hs) * (we - ws));
                }
            }
        return y;
    }

    private static double[] ToDouble(float[] values)
    {
        var d = new double[values.Length];
        for (int i = 0; i < d.Length; i++) d[i] = values[i];
        return d;
    }
}
