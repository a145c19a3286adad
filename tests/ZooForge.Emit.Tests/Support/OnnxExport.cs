using Google.Protobuf;
using Onnx;
using ZooForge.Graph.Layers;
using ZooForge.Graph.Model;

namespace ZooForge.Emit.Tests.Support;

/// <summary>
/// Writes an IR network and its float weights as an ONNX model (opset 13, NCHW, batch 1), the way
/// torch.onnx exports torchvision's CNNs: Conv, BatchNormalization, Relu, MaxPool/AveragePool,
/// Add, GlobalAveragePool, Flatten and Gemm (transB = 1). Only what the ImageNet test network
/// needs; any other layer is an error. Nodes are named after the IR layers, so the importer
/// gives the layers back their names.
/// </summary>
internal static class OnnxExport
{
    /// <summary>Saves <paramref name="network"/> with <paramref name="weights"/> to <paramref name="path"/>.</summary>
    public static void Save(string path, Network network, NetworkWeights weights) =>
        File.WriteAllBytes(path, Build(network, weights).ToByteArray());

    /// <summary>The ONNX model of <paramref name="network"/> with <paramref name="weights"/> as initializers.</summary>
    public static ModelProto Build(Network network, NetworkWeights weights)
    {
        var graph = new GraphProto { Name = network.Name };
        var model = new ModelProto { IrVersion = 8, ProducerName = "zooforge-emit-tests", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        var s = network.InputShape;
        graph.Input.Add(ValueInfo(Network.InputName, [1, s.Channels, s.Height, s.Width]));
        string Init(string key)
        {
            var w = weights.Get(key);
            var bytes = new byte[w.Data.Length * sizeof(float)];
            Buffer.BlockCopy(w.Data, 0, bytes, 0, bytes.Length);
            var tensor = new TensorProto { Name = key, DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(bytes) };
            tensor.Dims.AddRange(w.Shape.Select(d => (long)d));
            graph.Initializer.Add(tensor);
            return key;
        }
        foreach (var node in network.Nodes)
        {
            var layer = node.Layer;
            string n = layer.Name;
            var (op, inputs, attributes) = layer switch
            {
                Conv2dLayer c => ("Conv", [c.Inputs[0], Init($"{n}.weight"), .. c.HasBias ? [Init($"{n}.bias")] : Array.Empty<string>()],
                    new[] { Ints("kernel_shape", c.Kernel, c.Kernel), Ints("strides", c.Stride, c.Stride), Ints("pads", c.Padding, c.Padding, c.Padding, c.Padding), Int("group", c.Groups) }),
                BatchNorm2dLayer => ("BatchNormalization", new[] { layer.Inputs[0], Init($"{n}.weight"), Init($"{n}.bias"), Init($"{n}.running_mean"), Init($"{n}.running_var") },
                    new[] { Float("epsilon", 1e-5f) }),
                ActivationLayer { Function: ActivationFunction.Relu } => ("Relu", layer.Inputs.ToArray(), []),
                Pool2dLayer p => (p.Mode == PoolMode.Max ? "MaxPool" : "AveragePool", layer.Inputs.ToArray(),
                    new[] { Ints("kernel_shape", p.Kernel, p.Kernel), Ints("strides", p.Stride, p.Stride), Ints("pads", p.Padding, p.Padding, p.Padding, p.Padding), Int("ceil_mode", p.CeilMode ? 1 : 0) }),
                AddLayer => ("Add", layer.Inputs.ToArray(), []),
                AdaptiveAvgPool2dLayer { OutputHeight: 1, OutputWidth: 1 } => ("GlobalAveragePool", layer.Inputs.ToArray(), []),
                FlattenLayer => ("Flatten", layer.Inputs.ToArray(), new[] { Int("axis", 1) }),
                LinearLayer l => ("Gemm", [l.Inputs[0], Init($"{n}.weight"), .. l.HasBias ? [Init($"{n}.bias")] : Array.Empty<string>()],
                    new[] { Int("transB", 1) }),
                _ => throw new NotSupportedException($"layer '{n}' ({layer.Kind}) has no ONNX export here"),
            };
            var proto = new NodeProto { OpType = op, Name = n };
            proto.Input.AddRange(inputs);
            proto.Output.Add(n);
            proto.Attribute.AddRange(attributes);
            graph.Node.Add(proto);
        }
        var o = network.OutputShape;
        graph.Output.Add(ValueInfo(network.Nodes[^1].Layer.Name, o.Height == 1 && o.Width == 1 ? [1, o.Channels] : [1, o.Channels, o.Height, o.Width]));
        return model;
    }

    private static ValueInfoProto ValueInfo(string name, long[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (long d in dims) shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }

    private static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    private static AttributeProto Float(string name, float value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    private static AttributeProto Ints(string name, params long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }
}
