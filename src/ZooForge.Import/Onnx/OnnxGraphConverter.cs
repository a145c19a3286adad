using Onnx;
using ZooForge.Graph.Layers;
using ZooForge.Graph.Model;

namespace ZooForge.Import.Onnx;

/// <summary>Converts one parsed ONNX model into the IR; see <see cref="OnnxImporter"/> for the rules.</summary>
internal sealed class OnnxGraphConverter
{
    /// <summary>The batch-norm epsilon the IR assumes (torch's default), as the float32 ONNX stores.</summary>
    public const float IrBatchNormEpsilon = 1e-5f;

    private readonly record struct Activation(string Layer, int Rank);

    private readonly string _source;
    private readonly string _networkName;
    private readonly GraphProto _graph;
    private readonly HashSet<string> _initializerNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TensorProto> _constants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Activation> _activations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<int>> _consumers = new(StringComparer.Ordinal);
    private readonly HashSet<int> _fused = [];
    private readonly List<(string Tensor, string Layer, int Node)> _produced = [];
    private readonly OnnxNaming _naming = new();
    private readonly NetworkWeights _weights = new();
    private NetworkBuilder _builder = null!;
    private string? _lastLayer;
    private int _batch = 1;

    public OnnxGraphConverter(ModelProto model, string source, string networkName)
    {
        _source = source;
        _networkName = networkName;
        _graph = model.Graph ?? throw new ImportException($"{source}: the model contains no graph");
    }

    public (Network Network, NetworkWeights Weights) Convert()
    {
        foreach (var init in _graph.Initializer)
        {
            if (!_initializerNames.Add(init.Name))
                throw new ImportException($"{_source}: initializer '{init.Name}' is defined twice");
            _constants[init.Name] = init;
        }
        var (inputName, inputShape, inputRank) = ReadInput();
        _builder = new NetworkBuilder(_networkName, inputShape);
        _activations[inputName] = new Activation(Network.InputName, inputRank);

        if (_graph.Output.Count != 1)
            throw new ImportException($"{_source}: the graph has {_graph.Output.Count} outputs ({string.Join(", ", _graph.Output.Select(o => $"'{o.Name}'"))}); exactly one is supported");
        string outputName = _graph.Output[0].Name;

        var nodes = _graph.Node;
        bool[] live = LiveNodes(outputName);
        for (int i = 0; i < nodes.Count; i++)
        {
            if (!live[i]) continue;
            foreach (var input in nodes[i].Input)
            {
                if (input.Length == 0) continue;
                if (!_consumers.TryGetValue(input, out var list)) _consumers[input] = list = [];
                list.Add(i);
            }
        }
        // Constant nodes have no inputs: evaluate them all first, so a later node can rely on them.
        for (int i = 0; i < nodes.Count; i++)
            if (live[i] && IsConstant(nodes[i]))
                ConvertNode(nodes[i], i);
        for (int i = 0; i < nodes.Count; i++)
        {
            if (!live[i] || _fused.Contains(i) || IsConstant(nodes[i])) continue;
            try
            {
                ConvertNode(nodes[i], i);
            }
            catch (GraphException e)
            {
                throw NodeError(i, e.Message, e);
            }
        }

        if (!_activations.TryGetValue(outputName, out var output))
            throw new ImportException($"{_source}: graph output '{outputName}' is not produced by any supported node"
                + (_constants.ContainsKey(outputName) ? " (it is a constant)" : ""));
        if (_lastLayer is null || output.Layer == Network.InputName)
            throw new ImportException($"{_source}: the graph has no layers between its input and output '{outputName}'");
        if (output.Layer != _lastLayer)
            throw new ImportException($"{_source}: graph output '{outputName}' comes from layer '{output.Layer}', which is not the last layer ('{_lastLayer}')");

        Network network;
        try
        {
            network = _builder.Build(_batch);
            _weights.Validate(network);
        }
        catch (GraphException e)
        {
            throw new ImportException($"{_source}: {e.Message}", e);
        }
        CheckDeclaredShapes(network);
        return (network, _weights);
    }

    // ---------------------------------------------------------------- graph input and liveness

    private (string Name, TensorShape Shape, int Rank) ReadInput()
    {
        var inputs = _graph.Input.Where(i => !_initializerNames.Contains(i.Name)).ToList();
        if (inputs.Count != 1)
            throw new ImportException($"{_source}: the graph has {inputs.Count} non-initializer inputs ({string.Join(", ", inputs.Select(i => $"'{i.Name}'"))}); exactly one is supported");
        var input = inputs[0];
        ImportException Bad(string problem) => new($"{_source}: graph input '{input.Name}' {problem}");
        var tensor = input.Type?.TensorType ?? throw Bad("is not a tensor");
        if (tensor.ElemType != OnnxTensors.Float)
            throw Bad($"has element type {OnnxTensors.TypeName(tensor.ElemType)}; only FLOAT (float32) inputs are supported");
        var dims = tensor.Shape?.Dim ?? throw Bad("has no declared shape");
        if (dims.Count is not (4 or 2))
            throw Bad($"has rank {dims.Count}; only [N,C,H,W] images and [N,features] vectors are supported");
        var sizes = new int[dims.Count];
        for (int i = 0; i < dims.Count; i++)
        {
            var d = dims[i];
            if (d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue)
            {
                if (d.DimValue <= 0 || d.DimValue > int.MaxValue) throw Bad($"has invalid dimension {i} = {d.DimValue}");
                sizes[i] = (int)d.DimValue;
            }
            else if (i == 0)
            {
                sizes[i] = 1; // a symbolic (or unknown) batch dimension is imported as batch 1
            }
            else
            {
                string what = d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam ? $"is symbolic ('{d.DimParam}')" : "is unknown";
                throw Bad($"dimension {i} {what}; only the batch dimension may be symbolic");
            }
        }
        _batch = sizes[0];
        var shape = dims.Count == 4 ? new TensorShape(sizes[1], sizes[2], sizes[3]) : new TensorShape(sizes[1], 1, 1);
        return (input.Name, shape, dims.Count);
    }

    /// <summary>Nodes the graph output depends on; the rest (dead branches) are ignored.</summary>
    private bool[] LiveNodes(string output)
    {
        var producer = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < _graph.Node.Count; i++)
            foreach (var o in _graph.Node[i].Output)
                if (o.Length > 0) producer.TryAdd(o, i);
        var live = new bool[_graph.Node.Count];
        var pending = new Stack<string>([output]);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (pending.Count > 0)
        {
            string tensor = pending.Pop();
            if (!seen.Add(tensor) || !producer.TryGetValue(tensor, out int node) || live[node]) continue;
            live[node] = true;
            foreach (var input in _graph.Node[node].Input)
                if (input.Length > 0) pending.Push(input);
        }
        return live;
    }

    // ---------------------------------------------------------------- per-node conversion

    private void ConvertNode(NodeProto node, int index)
    {
        if (node.Domain is not ("" or "ai.onnx"))
            throw Unsupported(node, index, $"{node.Domain}.{node.OpType}");
        if (node.Output.Count == 0 || node.Output[0].Length == 0)
            throw NodeError(index, "has no output");
        var a = new OnnxAttributes(node, p => NodeError(index, p));
        switch (node.OpType)
        {
            case "Constant": ConvertConstant(node, index, a); break;
            case "Identity":
            case "Dropout": Alias(node, index); break;
            case "Conv": ConvertConv(node, index, a); break;
            case "BatchNormalization": ConvertBatchNorm(node, index, a); break;
            case "Relu":
            {
                var x = In(node, index, 0);
                Emit(node, index, null, name => new ActivationLayer(name, x.Layer, ActivationFunction.Relu), x.Rank);
                break;
            }
            case "Clip": ConvertClip(node, index, a); break;
            case "MaxPool":
            case "AveragePool": ConvertPool(node, index, a); break;
            case "GlobalAveragePool":
            {
                var x = In(node, index, 0, rank: 4);
                Emit(node, index, null, name => new AdaptiveAvgPool2dLayer(name, x.Layer, 1, 1), 4);
                break;
            }
            case "Add": ConvertAdd(node, index); break;
            case "Concat": ConvertConcat(node, index, a); break;
            case "Flatten": ConvertFlatten(node, index, a); break;
            case "Reshape": ConvertReshape(node, index, a); break;
            case "Gemm": ConvertGemm(node, index, a); break;
            case "MatMul": ConvertMatMul(node, index); break;
            default: throw Unsupported(node, index, node.OpType);
        }
    }

    private void ConvertConstant(NodeProto node, int index, OnnxAttributes a)
    {
        TensorProto t;
        if (a.Raw("value") is { } value && value.T is not null)
        {
            t = value.T.Clone();
        }
        else if (a.Raw("value_float") is { } vf)
        {
            t = new TensorProto { DataType = OnnxTensors.Float };
            t.FloatData.Add(vf.F);
        }
        else if (a.Raw("value_floats") is { } vfs)
        {
            t = new TensorProto { DataType = OnnxTensors.Float };
            t.Dims.Add(vfs.Floats.Count);
            t.FloatData.AddRange(vfs.Floats);
        }
        else if (a.Raw("value_int") is { } vi)
        {
            t = new TensorProto { DataType = OnnxTensors.Int64 };
            t.Int64Data.Add(vi.I);
        }
        else if (a.Raw("value_ints") is { } vis)
        {
            t = new TensorProto { DataType = OnnxTensors.Int64 };
            t.Dims.Add(vis.Ints.Count);
            t.Int64Data.AddRange(vis.Ints);
        }
        else
        {
            throw NodeError(index, $"has no supported value attribute (have: {string.Join(", ", node.Attribute.Select(x => x.Name))})");
        }
        t.Name = node.Output[0];
        _constants[node.Output[0]] = t;
    }

    private void Alias(NodeProto node, int index)
    {
        string input = node.Input.Count > 0 ? node.Input[0] : throw NodeError(index, "has no input");
        if (_constants.TryGetValue(input, out var constant)) _constants[node.Output[0]] = constant;
        else _activations[node.Output[0]] = In(node, index, 0);
    }

    private void ConvertConv(NodeProto node, int index, OnnxAttributes a)
    {
        var x = In(node, index, 0, rank: 4);
        var w = Const(node, index, 1) ?? throw NodeError(index, "has no weight input");
        var b = Const(node, index, 2);
        var wShape = OnnxTensors.Dims(w, p => TensorError(index, w, p));
        if (wShape.Length != 4)
            throw NodeError(index, $"weight '{w.Name}' has shape [{string.Join(",", wShape)}]; only 2-D convolutions (4-D weights) are supported");
        int kh = wShape[2], kw = wShape[3];
        if (a.Ints("kernel_shape") is { } ks && !ks.SequenceEqual([kh, kw]))
            throw NodeError(index, $"kernel_shape [{string.Join(",", ks)}] disagrees with weight '{w.Name}' [{string.Join(",", wShape)}]");
        if (kh != kw) throw NodeError(index, $"kernel {kh}x{kw} is not square; only square kernels are supported");
        RequireUnitDilation(a, index);
        int stride = SquareStride(a, index);
        int groups = checked((int)a.Int("group", 1));
        var shape = ShapeOf(x);
        if (groups <= 0 || (long)wShape[1] * groups != shape.Channels)
            throw NodeError(index, $"weight '{w.Name}' [{string.Join(",", wShape)}] with group={groups} expects {(long)wShape[1] * groups} input channels, the input has {shape.Channels}");
        int padding = ResolvePadding(a, index, shape, kh, stride, ceil: false);
        int outChannels = wShape[0];
        float[]? bias = null;
        if (b is not null)
        {
            bias = Floats(index, b);
            if (bias.Length != outChannels) throw NodeError(index, $"bias '{b.Name}' has {bias.Length} values, expected {outChannels}");
        }
        var weight = Floats(index, w);
        string name = Emit(node, index, w.Name,
            n => new Conv2dLayer(n, x.Layer, shape.Channels, outChannels, kh, stride, padding, groups, bias is not null), 4);
        _weights.Set($"{name}.weight", new WeightTensor(wShape, weight));
        if (bias is not null) _weights.Set($"{name}.bias", new WeightTensor([outChannels], bias));
    }

    private void ConvertBatchNorm(NodeProto node, int index, OnnxAttributes a)
    {
        var x = In(node, index, 0);
        if (node.Output.Skip(1).Any(o => o.Length > 0))
            throw NodeError(index, "has training-mode outputs (running mean/variance); only the inference form is supported");
        if (a.Int("training_mode", 0) != 0) throw NodeError(index, "has training_mode=1; only the inference form is supported");
        if (a.Int("spatial", 1) != 1) throw NodeError(index, "has spatial=0 (per-activation statistics); only per-channel batch-norm is supported");
        float epsilon = a.Float("epsilon", IrBatchNormEpsilon);
        if (epsilon != IrBatchNormEpsilon)
            throw NodeError(index, $"epsilon is {epsilon:R}, but the IR's batch-norm has no epsilon field and assumes torch's default 1e-05; importing would change the output");
        int channels = ShapeOf(x).Channels;
        string[] keys = ["weight", "bias", "running_mean", "running_var"];
        var tensors = new float[4][];
        var protos = new TensorProto[4];
        for (int i = 0; i < 4; i++)
        {
            protos[i] = Const(node, index, i + 1) ?? throw NodeError(index, $"is missing its {keys[i]} input");
            tensors[i] = Floats(index, protos[i]);
            if (tensors[i].Length != channels)
                throw NodeError(index, $"{keys[i]} '{protos[i].Name}' has {tensors[i].Length} values, the input has {channels} channels");
        }
        string name = Emit(node, index, protos[0].Name, n => new BatchNorm2dLayer(n, x.Layer, channels), x.Rank);
        for (int i = 0; i < 4; i++) _weights.Set($"{name}.{keys[i]}", new WeightTensor([channels], tensors[i]));
    }

    private void ConvertClip(NodeProto node, int index, OnnxAttributes a)
    {
        var x = In(node, index, 0);
        // opset < 11: attributes min/max; opset >= 11: optional inputs 1 and 2.
        float min = ClipBound(node, index, a, 1, "min", float.NegativeInfinity);
        float max = ClipBound(node, index, a, 2, "max", float.PositiveInfinity);
        ActivationFunction function;
        if (min == 0f && max == 6f) function = ActivationFunction.Relu6;
        else if (min == 0f && (float.IsPositiveInfinity(max) || max >= float.MaxValue)) function = ActivationFunction.Relu;
        else throw NodeError(index, $"clips to [{min:R}, {max:R}]; only [0, 6] (ReLU6) and [0, +inf) (ReLU) are supported");
        Emit(node, index, null, n => new ActivationLayer(n, x.Layer, function), x.Rank);
    }

    private float ClipBound(NodeProto node, int index, OnnxAttributes a, int input, string attribute, float fallback)
    {
        var t = Const(node, index, input);
        if (t is null) return a.Float(attribute, fallback);
        var values = Floats(index, t);
        if (values.Length != 1) throw NodeError(index, $"{attribute} '{t.Name}' must be a scalar, has {values.Length} values");
        return values[0];
    }

    private void ConvertPool(NodeProto node, int index, OnnxAttributes a)
    {
        bool max = node.OpType == "MaxPool";
        var x = In(node, index, 0, rank: 4);
        if (node.Output.Skip(1).Any(o => o.Length > 0)) throw NodeError(index, "has an Indices output, which is not supported");
        var ks = a.Ints("kernel_shape") ?? throw NodeError(index, "has no kernel_shape");
        if (ks.Length != 2) throw NodeError(index, $"kernel_shape [{string.Join(",", ks)}] is not 2-D");
        if (ks[0] != ks[1]) throw NodeError(index, $"window {ks[0]}x{ks[1]} is not square; only square windows are supported");
        int kernel = checked((int)ks[0]);
        RequireUnitDilation(a, index);
        int stride = SquareStride(a, index);
        bool ceil = a.Int("ceil_mode", 0) != 0;
        var shape = ShapeOf(x);
        int padding = ResolvePadding(a, index, shape, kernel, stride, ceil);
        // ONNX's default is count_include_pad=0; the IR (like torch's default) counts padding.
        // Without padding both agree (windows clipped by ceil_mode are divided by their valid size either way).
        if (!max && padding > 0 && a.Int("count_include_pad", 0) == 0)
            throw NodeError(index, $"averages with padding {padding} and count_include_pad=0; the IR's average pooling always counts padding (torch's count_include_pad=True)");
        Emit(node, index, null, n => new Pool2dLayer(n, x.Layer, max ? PoolMode.Max : PoolMode.Average, kernel, stride, padding, ceil), 4);
    }

    private void ConvertAdd(NodeProto node, int index)
    {
        if (node.Input.Count != 2) throw NodeError(index, $"has {node.Input.Count} inputs, expected 2");
        foreach (var input in node.Input)
            if (_constants.ContainsKey(input))
                throw NodeError(index, $"adds the constant '{input}'; only the sum of two activations (or a bias right after MatMul) is supported");
        var x = In(node, index, 0);
        var y = In(node, index, 1);
        if (x.Rank != y.Rank) throw NodeError(index, $"adds a {x.Rank}-D and a {y.Rank}-D tensor; broadcasting is not supported");
        Emit(node, index, null, n => new AddLayer(n, [x.Layer, y.Layer]), x.Rank);
    }

    private void ConvertConcat(NodeProto node, int index, OnnxAttributes a)
    {
        var inputs = Enumerable.Range(0, node.Input.Count).Select(i => In(node, index, i)).ToList();
        if (inputs.Count == 0) throw NodeError(index, "has no inputs");
        int rank = inputs[0].Rank;
        if (inputs.Any(i => i.Rank != rank)) throw NodeError(index, "concatenates tensors of different ranks");
        if (!a.Has("axis")) throw NodeError(index, "has no axis");
        long axis = a.Int("axis", 1);
        if (axis < 0) axis += rank;
        if (axis != 1) throw NodeError(index, $"concatenates along axis {a.Int("axis", 1)}; only the channel axis (1) is supported");
        if (inputs.Count == 1)
        {
            _activations[node.Output[0]] = inputs[0];
            return;
        }
        Emit(node, index, null, n => new ConcatLayer(n, inputs.Select(i => i.Layer).ToList()), rank);
    }

    private void ConvertFlatten(NodeProto node, int index, OnnxAttributes a)
    {
        var x = In(node, index, 0);
        long axis = a.Int("axis", 1);
        if (axis < 0) axis += x.Rank;
        if (axis != 1) throw NodeError(index, $"flattens from axis {a.Int("axis", 1)}; only axis 1 (keep the batch) is supported");
        Emit(node, index, null, n => new FlattenLayer(n, x.Layer), 2);
    }

    private void ConvertReshape(NodeProto node, int index, OnnxAttributes a)
    {
        var x = In(node, index, 0);
        var t = Const(node, index, 1) ?? throw NodeError(index, "has no shape input");
        var target = OnnxTensors.ReadIntegers(t, p => TensorError(index, t, p));
        var shape = ShapeOf(x);
        long[] source = x.Rank == 4 ? [_batch, shape.Channels, shape.Height, shape.Width] : [_batch, shape.Channels];
        bool allowZero = a.Int("allowzero", 0) != 0;
        var resolved = new long[target.Length];
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < target.Length; i++)
        {
            long d = target[i];
            if (d == 0 && !allowZero)
            {
                if (i >= source.Length) throw NodeError(index, $"shape [{string.Join(",", target)}] copies dimension {i}, which the input lacks");
                d = source[i];
            }
            if (d == -1)
            {
                if (inferred >= 0) throw NodeError(index, $"shape [{string.Join(",", target)}] has two -1 entries");
                inferred = i;
                continue;
            }
            if (d < 0) throw NodeError(index, $"shape [{string.Join(",", target)}] has invalid entry {d}");
            resolved[i] = d;
            known *= d;
        }
        long total = source.Aggregate(1L, (p, d) => p * d);
        if (inferred >= 0)
        {
            if (known == 0 || total % known != 0) throw NodeError(index, $"cannot reshape {total} values to [{string.Join(",", target)}]");
            resolved[inferred] = total / known;
        }
        long features = shape.Elements;
        if (resolved.Length != 2 || resolved[0] != _batch || resolved[1] != features)
            throw NodeError(index, $"reshapes [{string.Join(",", source)}] to [{string.Join(",", resolved)}] (shape [{string.Join(",", target)}]); only flattening to [N, C*H*W] = [{_batch},{features}] is supported");
        Emit(node, index, null, n => new FlattenLayer(n, x.Layer), 2);
    }

    private void ConvertGemm(NodeProto node, int index, OnnxAttributes a)
    {
        var x = In(node, index, 0, rank: 2);
        var bProto = Const(node, index, 1) ?? throw NodeError(index, "has no B (weight) input");
        var cProto = Const(node, index, 2);
        if (a.Int("transA", 0) != 0) throw NodeError(index, "has transA=1; only transA=0 is supported");
        float alpha = a.Float("alpha", 1f), beta = a.Float("beta", 1f);
        if (alpha != 1f) throw NodeError(index, $"has alpha={alpha:R}; only alpha=1 is supported");
        if (cProto is not null && beta != 1f) throw NodeError(index, $"has beta={beta:R}; only beta=1 is supported");
        bool transB = a.Int("transB", 0) != 0;
        EmitLinear(node, index, x, bProto, transposed: !transB, cProto);
    }

    private void ConvertMatMul(NodeProto node, int index)
    {
        var x = In(node, index, 0, rank: 2);
        var bProto = Const(node, index, 1) ?? throw NodeError(index, "multiplies by a non-constant; only activation × constant weight is supported");
        // MatMul followed by Add(constant bias) is a linear layer with bias: fold the Add in.
        TensorProto? bias = null;
        int addIndex = -1;
        string output = node.Output[0];
        if (_consumers.TryGetValue(output, out var users) && users.Count == 1 && _graph.Output[0].Name != output)
        {
            var add = _graph.Node[users[0]];
            if (add.OpType == "Add" && (add.Domain is "" or "ai.onnx") && add.Input.Count == 2 && add.Output.Count == 1)
            {
                string other = add.Input[0] == output ? add.Input[1] : add.Input[0];
                if (add.Input[0] != add.Input[1] && _constants.TryGetValue(other, out var c))
                {
                    bias = c;
                    addIndex = users[0];
                    _fused.Add(addIndex);
                }
            }
        }
        string name = EmitLinear(node, index, x, bProto, transposed: true, bias);
        if (addIndex >= 0)
        {
            string sum = _graph.Node[addIndex].Output[0];
            _activations[sum] = new Activation(name, 2);
            _produced.Add((sum, name, addIndex));
        }
    }

    /// <summary>Adds a linear layer; <paramref name="transposed"/> means the weight is stored [in, out].</summary>
    private string EmitLinear(NodeProto node, int index, Activation x, TensorProto wProto, bool transposed, TensorProto? bProto)
    {
        var wShape = OnnxTensors.Dims(wProto, p => TensorError(index, wProto, p));
        if (wShape.Length != 2) throw NodeError(index, $"weight '{wProto.Name}' has shape [{string.Join(",", wShape)}]; a matrix is required");
        int inFeatures = transposed ? wShape[0] : wShape[1];
        int outFeatures = transposed ? wShape[1] : wShape[0];
        int actual = ShapeOf(x).Channels;
        if (inFeatures != actual)
            throw NodeError(index, $"weight '{wProto.Name}' [{string.Join(",", wShape)}] expects {inFeatures} input features, the input has {actual}");
        var w = Floats(index, wProto);
        if (transposed)
        {
            var t = new float[w.Length];
            for (int i = 0; i < inFeatures; i++)
                for (int o = 0; o < outFeatures; o++)
                    t[o * inFeatures + i] = w[i * outFeatures + o];
            w = t;
        }
        float[]? bias = null;
        if (bProto is not null)
        {
            bias = Floats(index, bProto);
            var bShape = OnnxTensors.Dims(bProto, p => TensorError(index, bProto, p));
            if (bias.Length == 1 && outFeatures != 1) bias = Enumerable.Repeat(bias[0], outFeatures).ToArray();
            else if (bias.Length != outFeatures || bShape.Length > 2 || (bShape.Length == 2 && bShape[0] != 1))
                throw NodeError(index, $"bias '{bProto.Name}' has shape [{string.Join(",", bShape)}]; expected [{outFeatures}] or [1,{outFeatures}]");
        }
        string name = Emit(node, index, wProto.Name, n => new LinearLayer(n, x.Layer, inFeatures, outFeatures, bias is not null), 2);
        _weights.Set($"{name}.weight", new WeightTensor([outFeatures, inFeatures], w));
        if (bias is not null) _weights.Set($"{name}.bias", new WeightTensor([outFeatures], bias));
        return name;
    }

    // ---------------------------------------------------------------- helpers

    private static bool IsConstant(NodeProto node) => node.OpType == "Constant" && node.Domain is "" or "ai.onnx";

    /// <summary>Names, appends and registers the layer made by <paramref name="make"/>.</summary>
    private string Emit(NodeProto node, int index, string? weightName, Func<string, Layer> make, int rank)
    {
        string name = _naming.Allocate(node.Name, node.OpType, index, node.Output[0], weightName);
        _builder.Add(make(name));
        _activations[node.Output[0]] = new Activation(name, rank);
        _produced.Add((node.Output[0], name, index));
        _lastLayer = name;
        return name;
    }

    private Activation In(NodeProto node, int index, int input, int? rank = null)
    {
        if (input >= node.Input.Count || node.Input[input].Length == 0)
            throw NodeError(index, $"is missing input {input}");
        string tensor = node.Input[input];
        if (!_activations.TryGetValue(tensor, out var a))
        {
            if (_constants.ContainsKey(tensor))
                throw NodeError(index, $"input {input} ('{tensor}') is a constant; an activation is required there");
            throw NodeError(index, $"reads '{tensor}', which no supported node produces");
        }
        if (rank is int r && a.Rank != r)
            throw NodeError(index, $"input '{tensor}' is {a.Rank}-D; a {r}-D tensor is required" + (r == 2 ? " (insert a Flatten)" : ""));
        return a;
    }

    /// <summary>A constant input, or null when the optional input is absent.</summary>
    private TensorProto? Const(NodeProto node, int index, int input)
    {
        if (input >= node.Input.Count || node.Input[input].Length == 0) return null;
        string tensor = node.Input[input];
        return _constants.TryGetValue(tensor, out var t)
            ? t
            : throw NodeError(index, $"input {input} ('{tensor}') must be a constant (an initializer or a Constant node)");
    }

    private float[] Floats(int index, TensorProto t) => OnnxTensors.ReadFloats(t, p => TensorError(index, t, p));

    private TensorShape ShapeOf(Activation a) => _builder.ShapeOf(a.Layer);

    private void RequireUnitDilation(OnnxAttributes a, int index)
    {
        if (a.Ints("dilations") is { } d && d.Any(v => v != 1))
            throw NodeError(index, $"has dilations [{string.Join(",", d)}]; only dilation 1 is supported");
    }

    private int SquareStride(OnnxAttributes a, int index)
    {
        var s = a.Ints("strides") ?? [1, 1];
        if (s.Length != 2) throw NodeError(index, $"strides [{string.Join(",", s)}] are not 2-D");
        if (s[0] != s[1]) throw NodeError(index, $"strides [{string.Join(",", s)}] differ; only equal strides are supported");
        if (s[0] <= 0) throw NodeError(index, $"has invalid stride {s[0]}");
        return checked((int)s[0]);
    }

    /// <summary>
    /// The IR's single symmetric padding. ONNX pads are [top, left, bottom, right]; unequal
    /// begin/end pads (e.g. CNTK's "same" padding [3,3,2,2]) are accepted when symmetric padding
    /// by the begin amount gives the same output size: the windows then start at the same
    /// positions and never reach the extra (or missing) trailing padding, so the result is the same.
    /// </summary>
    private int ResolvePadding(OnnxAttributes a, int index, TensorShape x, int kernel, int stride, bool ceil)
    {
        string autoPad = a.String("auto_pad", "NOTSET");
        long[] pads;
        switch (autoPad)
        {
            case "NOTSET":
            case "":
                pads = a.Ints("pads") ?? [0, 0, 0, 0];
                if (pads.Length != 4) throw NodeError(index, $"pads [{string.Join(",", pads)}] are not [top, left, bottom, right]");
                break;
            case "VALID":
                pads = [0, 0, 0, 0];
                break;
            case "SAME_UPPER":
            case "SAME_LOWER":
            {
                pads = new long[4];
                int[] sizes = [x.Height, x.Width];
                for (int i = 0; i < 2; i++)
                {
                    long output = (sizes[i] + stride - 1) / stride;
                    long total = Math.Max(0, (output - 1) * stride + kernel - sizes[i]);
                    long small = total / 2;
                    pads[i] = autoPad == "SAME_UPPER" ? small : total - small;
                    pads[i + 2] = total - pads[i];
                }
                break;
            }
            default:
                throw NodeError(index, $"has unknown auto_pad '{autoPad}'");
        }
        if (pads.Any(p => p < 0)) throw NodeError(index, $"has negative pads [{string.Join(",", pads)}]");
        int h = SymmetricPadding(index, pads, x.Height, pads[0], pads[2], kernel, stride, ceil, "height");
        int w = SymmetricPadding(index, pads, x.Width, pads[1], pads[3], kernel, stride, ceil, "width");
        if (h != w) throw NodeError(index, $"pads [{string.Join(",", pads)}] differ between height ({h}) and width ({w}); only equal padding is supported");
        return h;
    }

    private int SymmetricPadding(int index, long[] pads, int size, long begin, long end, int kernel, int stride, bool ceil, string axis)
    {
        if (begin == end) return checked((int)begin);
        string text = $"[{string.Join(",", pads)}]";
        if (ceil) throw NodeError(index, $"has unequal pads {text} together with ceil_mode=1, which is not supported");
        if (size + begin + end < kernel || size + 2 * begin < kernel)
            throw NodeError(index, $"window {kernel} is larger than the padded {axis} {size} (pads {text})");
        long onnxOutput = (size + begin + end - kernel) / stride + 1;
        long symmetricOutput = (size + 2 * begin - kernel) / stride + 1;
        if (onnxOutput != symmetricOutput)
            throw NodeError(index, $"pads {text} are unequal and give {axis} {onnxOutput}, while symmetric padding {begin} gives {symmetricOutput}; not representable in the IR");
        return checked((int)begin);
    }

    /// <summary>Compares the IR's shapes with the shapes the file declares (value_info and outputs).</summary>
    private void CheckDeclaredShapes(Network network)
    {
        var declared = new Dictionary<string, ValueInfoProto>(StringComparer.Ordinal);
        foreach (var v in _graph.ValueInfo.Concat(_graph.Output)) declared[v.Name] = v;
        foreach (var (tensor, layer, node) in _produced)
        {
            if (!declared.TryGetValue(tensor, out var info) || info.Type?.TensorType?.Shape is not { } shape) continue;
            var dims = shape.Dim;
            if (dims.Count < 2 || dims.Skip(1).Any(d => d.ValueCase != TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue)) continue;
            var actual = network[layer].OutputShape;
            TensorShape? expected = dims.Count switch
            {
                4 => new TensorShape((int)dims[1].DimValue, (int)dims[2].DimValue, (int)dims[3].DimValue),
                2 => new TensorShape((int)dims[1].DimValue, 1, 1),
                _ => null,
            };
            if (expected is { } e && e != actual)
                throw NodeError(node, $"output '{tensor}' is declared as [{string.Join(",", dims.Select(d => d.DimValue))}], but layer '{layer}' computes {actual}");
        }
    }

    private string NodeText(int index)
    {
        var node = _graph.Node[index];
        return node.Name.Length > 0 ? $"node '{node.Name}'" : $"node #{index} (unnamed, output '{node.Output.FirstOrDefault()}')";
    }

    private ImportException NodeError(int index, string problem, Exception? inner = null)
    {
        string message = $"{_source}: {NodeText(index)} ({_graph.Node[index].OpType}): {problem}";
        return inner is null ? new ImportException(message) : new ImportException(message, inner);
    }

    private ImportException Unsupported(NodeProto node, int index, string opType) =>
        new($"{_source}: unsupported operator '{opType}' at {NodeText(index)}");

    private ImportException TensorError(int index, TensorProto t, string problem)
    {
        string kind = _initializerNames.Contains(t.Name) ? "initializer" : "constant";
        return new ImportException($"{_source}: {kind} '{t.Name}' (input of {NodeText(index)}) {problem}");
    }
}
