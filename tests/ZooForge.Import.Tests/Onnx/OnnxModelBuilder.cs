using Google.Protobuf;
using Onnx;

namespace ZooForge.Import.Tests.Onnx;

/// <summary>Builds small ONNX models in memory with OnnxSharp's generated protobuf classes.</summary>
internal sealed class OnnxModelBuilder
{
    private readonly ModelProto _model;
    private int _seed = 1;

    /// <param name="inputDims">Input dimensions; a string is a symbolic dimension, a number a fixed one.</param>
    /// <param name="opset">Default-domain opset version.</param>
    /// <param name="inputName">Name of the graph input.</param>
    public OnnxModelBuilder(object[] inputDims, long opset = 13, string inputName = "x")
    {
        _model = new ModelProto { IrVersion = 8, ProducerName = "zooforge-tests", Graph = new GraphProto { Name = "test" } };
        _model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = opset });
        _model.Graph.Input.Add(ValueInfo(inputName, inputDims));
        Input = inputName;
    }

    public string Input { get; }

    public GraphProto Graph => _model.Graph;

    public ModelProto Model => _model;

    public static ValueInfoProto ValueInfo(string name, object[] dims, int elemType = 1)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
        {
            var dim = new TensorShapeProto.Types.Dimension();
            if (d is string s) dim.DimParam = s;
            else dim.DimValue = Convert.ToInt64(d, System.Globalization.CultureInfo.InvariantCulture);
            shape.Dim.Add(dim);
        }
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = elemType, Shape = shape } },
        };
    }

    /// <summary>Deterministic distinct values.</summary>
    public float[] Values(int count)
    {
        var v = new float[count];
        for (int i = 0; i < count; i++) v[i] = (float)Math.Sin(_seed * 7919 + i * 0.37) * 0.5f;
        _seed++;
        return v;
    }

    /// <summary>Adds a float32 initializer (raw_data or float_data) and returns its values.</summary>
    public float[] Init(string name, int[] dims, float[]? values = null, bool raw = true)
    {
        values ??= Values(dims.Aggregate(1, (a, b) => a * b));
        _model.Graph.Initializer.Add(FloatTensor(name, dims, values, raw));
        return values;
    }

    public static TensorProto FloatTensor(string name, int[] dims, float[] values, bool raw = true)
    {
        var t = new TensorProto { Name = name, DataType = 1 };
        t.Dims.AddRange(dims.Select(d => (long)d));
        if (raw)
        {
            var bytes = new byte[values.Length * 4];
            for (int i = 0; i < values.Length; i++) BitConverter.TryWriteBytes(bytes.AsSpan(i * 4), values[i]);
            t.RawData = ByteString.CopyFrom(bytes);
        }
        else
        {
            t.FloatData.AddRange(values);
        }
        return t;
    }

    public static TensorProto Int64Tensor(string name, params long[] values)
    {
        var t = new TensorProto { Name = name, DataType = 7 };
        t.Dims.Add(values.Length);
        t.Int64Data.AddRange(values);
        return t;
    }

    public void InitInt64(string name, params long[] values) => _model.Graph.Initializer.Add(Int64Tensor(name, values));

    public NodeProto Node(string op, string name, string[] inputs, string output, params AttributeProto[] attributes) =>
        Node(op, name, inputs, [output], attributes);

    public NodeProto Node(string op, string name, string[] inputs, string[] outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = name };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        _model.Graph.Node.Add(node);
        return node;
    }

    public void Output(string name, params object[] dims) => _model.Graph.Output.Add(ValueInfo(name, dims));

    public void DeclareShape(string name, params object[] dims) => _model.Graph.ValueInfo.Add(ValueInfo(name, dims));

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto Ints(string name, params long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    public static AttributeProto Str(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    public static AttributeProto TensorAttr(string name, TensorProto value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Tensor, T = value };

    public string Save(string path)
    {
        File.WriteAllBytes(path, _model.ToByteArray());
        return path;
    }
}
