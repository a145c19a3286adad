using ZooForge.Graph.Layers;

namespace ZooForge.Graph.Model;

/// <summary>
/// Fluent construction of a <see cref="Network"/>. Each method appends a layer, infers its
/// shape immediately (so channel counts can be taken from the producer) and returns the new
/// layer's name, which later layers use as their input.
/// </summary>
public sealed class NetworkBuilder
{
    private readonly string _name;
    private readonly TensorShape _inputShape;
    private readonly List<Layer> _layers = [];
    private readonly Dictionary<string, TensorShape> _shapes = new(StringComparer.Ordinal);

    /// <summary>Starts a network whose input is <paramref name="inputShape"/>.</summary>
    public NetworkBuilder(string name, TensorShape inputShape)
    {
        _name = name;
        _inputShape = inputShape;
        _shapes[Network.InputName] = inputShape;
    }

    /// <summary>The name of the network input, for the first layer.</summary>
    public string Input => Network.InputName;

    /// <summary>Shape produced by an already-added layer (or the input).</summary>
    public TensorShape ShapeOf(string layer) =>
        _shapes.TryGetValue(layer, out var s) ? s : throw new GraphException($"network '{_name}': no layer '{layer}' yet");

    /// <summary>Appends any layer.</summary>
    public string Add(Layer layer)
    {
        if (_shapes.ContainsKey(layer.Name))
            throw new GraphException($"layer '{layer.Name}' is defined twice");
        var inputs = layer.Inputs.Select(ShapeOf).ToArray();
        _shapes[layer.Name] = layer.InferOutputShape(inputs);
        _layers.Add(layer);
        return layer.Name;
    }

    /// <summary>Convolution; the input channel count is taken from <paramref name="input"/>.</summary>
    public string Conv(string name, string input, int outChannels, int kernel, int stride = 1,
        int padding = 0, int groups = 1, bool bias = true) =>
        Add(new Conv2dLayer(name, input, ShapeOf(input).Channels, outChannels, kernel, stride, padding, groups, bias));

    /// <summary>Depthwise convolution (groups = channels).</summary>
    public string DepthwiseConv(string name, string input, int kernel, int stride = 1, int padding = 0, bool bias = false)
    {
        int c = ShapeOf(input).Channels;
        return Add(new Conv2dLayer(name, input, c, c, kernel, stride, padding, c, bias));
    }

    /// <summary>Batch-norm over the producer's channels.</summary>
    public string BatchNorm(string name, string input) =>
        Add(new BatchNorm2dLayer(name, input, ShapeOf(input).Channels));

    /// <summary>ReLU.</summary>
    public string Relu(string name, string input) => Add(new ActivationLayer(name, input, ActivationFunction.Relu));

    /// <summary>ReLU6.</summary>
    public string Relu6(string name, string input) => Add(new ActivationLayer(name, input, ActivationFunction.Relu6));

    /// <summary>Max pooling.</summary>
    public string MaxPool(string name, string input, int kernel, int? stride = null, int padding = 0, bool ceilMode = false) =>
        Add(new Pool2dLayer(name, input, PoolMode.Max, kernel, stride, padding, ceilMode));

    /// <summary>Average pooling.</summary>
    public string AvgPool(string name, string input, int kernel, int? stride = null, int padding = 0, bool ceilMode = false) =>
        Add(new Pool2dLayer(name, input, PoolMode.Average, kernel, stride, padding, ceilMode));

    /// <summary>Adaptive average pooling to a fixed size.</summary>
    public string AdaptiveAvgPool(string name, string input, int height, int width) =>
        Add(new AdaptiveAvgPool2dLayer(name, input, height, width));

    /// <summary>Residual addition.</summary>
    public string Sum(string name, params string[] inputs) => Add(new AddLayer(name, inputs));

    /// <summary>Channel concatenation.</summary>
    public string Concat(string name, params string[] inputs) => Add(new ConcatLayer(name, inputs));

    /// <summary>Flatten to a vector.</summary>
    public string Flatten(string name, string input) => Add(new FlattenLayer(name, input));

    /// <summary>Fully connected layer; the input feature count is taken from <paramref name="input"/>.</summary>
    public string Linear(string name, string input, int outFeatures, bool bias = true) =>
        Add(new LinearLayer(name, input, ShapeOf(input).Channels, outFeatures, bias));

    /// <summary>Validates and returns the network.</summary>
    public Network Build(int batch = 1) => new(_name, _inputShape, _layers, batch);
}
