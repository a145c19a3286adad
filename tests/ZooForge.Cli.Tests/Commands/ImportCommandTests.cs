using ZooForge.TestSupport;
using System.Collections;
using System.Text.Json;
using Google.Protobuf;
using Onnx;
using TorchSharp.PyBridge;
using ZooForge.Graph.Layers;
using ZooForge.Graph.Model;
using ZooForge.Graph.Serialization;
using ZooForge.Graph.Zoo;
using static TorchSharp.torch;

namespace ZooForge.Cli.Tests.Commands;

[TestFixture]
public class ImportCommandTests
{
    private TempFolder _dir = null!;

    [SetUp]
    public void CreateFolder() => _dir = new TempFolder();

    [TearDown]
    public void DeleteFolder() => _dir.Dispose();

    private string File(string name) => Path.Combine(_dir.Path, name);

    // ------------------------------------------------------------------ small ONNX models

    /// <summary>conv 3→4 k3 p1 → batch-norm → relu → global average pool → flatten → Gemm 4→2, on [1,3,8,8].</summary>
    private static ModelProto SmallOnnx(string? extraOp = null)
    {
        var graph = new GraphProto { Name = "small" };
        var model = new ModelProto { IrVersion = 8, ProducerName = "zooforge-cli-tests", Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
        graph.Input.Add(ValueInfo("x", 1, 3, 8, 8));
        Init(graph, "w", [4, 3, 3, 3]);
        foreach (var n in new[] { "s", "sh", "m" }) Init(graph, n, [4]);
        Init(graph, "v", [4], [0.5f, 1f, 1.5f, 2f]);
        Init(graph, "fc.w", [2, 4]);
        Init(graph, "fc.b", [2]);
        Node(graph, "Conv", "conv", ["x", "w"], "c", Ints("pads", 1, 1, 1, 1), Ints("kernel_shape", 3, 3));
        Node(graph, "BatchNormalization", "bn", ["c", "s", "sh", "m", "v"], "b");
        Node(graph, "Relu", "relu", ["b"], "r");
        string last = "r";
        if (extraOp is not null)
        {
            Node(graph, extraOp, "mystery", ["r"], "e");
            last = "e";
        }
        Node(graph, "GlobalAveragePool", "gap", [last], "g");
        Node(graph, "Flatten", "flat", ["g"], "f");
        var gemm = Node(graph, "Gemm", "fc", ["f", "fc.w", "fc.b"], "y");
        gemm.Attribute.Add(new AttributeProto { Name = "transB", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
        graph.Output.Add(ValueInfo("y", 1, 2));
        return model;
    }

    private static ValueInfoProto ValueInfo(string name, params long[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims) shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = 1, Shape = shape } } };
    }

    private static void Init(GraphProto graph, string name, int[] dims, float[]? values = null)
    {
        int count = dims.Aggregate(1, (a, b) => a * b);
        values ??= Enumerable.Range(0, count).Select(i => (float)Math.Sin(name.Length * 31 + i * 0.37) * 0.5f).ToArray();
        var t = new TensorProto { Name = name, DataType = 1 };
        t.Dims.AddRange(dims.Select(d => (long)d));
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) BitConverter.TryWriteBytes(bytes.AsSpan(i * 4), values[i]);
        t.RawData = ByteString.CopyFrom(bytes);
        graph.Initializer.Add(t);
    }

    private static NodeProto Node(GraphProto graph, string op, string name, string[] inputs, string output, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = name };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        graph.Node.Add(node);
        return node;
    }

    private static AttributeProto Ints(string name, params long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    /// <summary>The serialized small model (for the bad-input tests).</summary>
    internal static byte[] SmallOnnxBytes() => SmallOnnx().ToByteArray();

    private string SaveOnnx(ModelProto model, string name = "small.onnx")
    {
        string path = File(name);
        System.IO.File.WriteAllBytes(path, model.ToByteArray());
        return path;
    }

    // ------------------------------------------------------------------ ONNX

    [Test]
    public void Onnx_import_writes_a_model_file_that_loads()
    {
        var model = SmallOnnx();
        string onnx = SaveOnnx(model);
        string output = File("small" + ModelFile.Extension);
        var result = CliRunner.Run("import", onnx, "--out", output);
        Assert.That(result.Code, Is.Zero, result.Stderr);
        Assert.That(result.Stderr, Is.Empty);
        TestContext.Out.WriteLine(result.Stdout);

        var loaded = ModelFile.Load(output);
        var net = loaded.Network;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(net.Name, Is.EqualTo("small"));
            Assert.That(net.Nodes.Select(n => n.Layer.Name), Is.EqualTo(new[] { "conv", "bn", "relu", "gap", "flat", "fc" }));
            Assert.That(net.InputShape, Is.EqualTo(new TensorShape(3, 8, 8)));
            Assert.That(net.OutputShape, Is.EqualTo(new TensorShape(2, 1, 1)));
            // conv 108 + batch-norm scale/shift 8 + fc 10.
            Assert.That(net.ParameterCount, Is.EqualTo(126L));
            var w = model.Graph.Initializer.Single(t => t.Name == "w");
            var expected = Enumerable.Range(0, 108).Select(i => BitConverter.ToSingle(w.RawData.Span.Slice(i * 4, 4)));
            Assert.That(loaded.Weights.Get("conv.weight").Data, Is.EqualTo(expected));
            Assert.That(loaded.Metadata["import.format"], Is.EqualTo("onnx"));
            Assert.That(loaded.Metadata["import.source"], Is.EqualTo("small.onnx"));
            // The summary: the operator census and the IR's view.
            Assert.That(result.Stdout, Does.Contain("6 nodes: ").And.Contain("Conv 1").And.Contain("Gemm 1"));
            Assert.That(result.Stdout, Does.Contain("unsupported operators: none"));
            var row = CliRunner.TableRows(result.Stdout)[1];
            Assert.That(row, Is.EqualTo(new[] { "small", "3x8x8", "2x1x1", "6", "1", "126", net.MacCount.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), $"{net.MacCount / 1e9:0.000}" }));
            Assert.That(result.Stdout, Does.Contain($"wrote {output}"));
        }
    }

    [Test]
    public void Onnx_import_json_summary_and_name()
    {
        string onnx = SaveOnnx(SmallOnnx());
        string output = File("named.zfm.safetensors");
        var json = CliRunner.RunJson("import", onnx, "--out", output, "--name", "tiny-net", "--json");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(json.GetProperty("network").GetString(), Is.EqualTo("tiny-net"));
            Assert.That(json.GetProperty("format").GetString(), Is.EqualTo("onnx"));
            Assert.That(json.GetProperty("parameters").GetInt64(), Is.EqualTo(126));
            Assert.That(json.GetProperty("layers").GetInt32(), Is.EqualTo(6));
            Assert.That(json.GetProperty("input").GetString(), Is.EqualTo("3x8x8"));
            Assert.That(json.GetProperty("output").GetString(), Is.EqualTo("2x1x1"));
            Assert.That(json.GetProperty("onnx").GetProperty("operator_counts").GetProperty("BatchNormalization").GetInt32(), Is.EqualTo(1));
            Assert.That(json.GetProperty("state_dict").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(json.GetProperty("out_bytes").GetInt64(), Is.EqualTo(new FileInfo(output).Length));
            Assert.That(ModelFile.Load(output).Network.Name, Is.EqualTo("tiny-net"));
        }
    }

    [Test]
    public void An_existing_output_is_kept_without_force_and_replaced_with_it()
    {
        string onnx = SaveOnnx(SmallOnnx());
        string output = File("existing.zfm.safetensors");
        System.IO.File.WriteAllText(output, "precious");
        var before = System.IO.File.GetLastWriteTimeUtc(output);

        var refused = CliRunner.Run("import", onnx, "--out", output);
        CliRunner.AssertBadInput(refused, output, "--force");
        Assert.That(System.IO.File.ReadAllText(output), Is.EqualTo("precious"));
        Assert.That(System.IO.File.GetLastWriteTimeUtc(output), Is.EqualTo(before));

        var replaced = CliRunner.Run("import", onnx, "--out", output, "--force");
        Assert.That(replaced.Code, Is.Zero, replaced.Stderr);
        Assert.That(ModelFile.Load(output).Network.Nodes, Has.Count.EqualTo(6));
        Assert.That(Directory.GetFiles(_dir.Path, "*.tmp"), Is.Empty);
    }

    [Test]
    public void An_unsupported_operator_is_named_with_its_node()
    {
        string onnx = SaveOnnx(SmallOnnx(extraOp: "Sigmoid"));
        string output = File("never.zfm.safetensors");
        CliRunner.AssertBadInput(CliRunner.Run("import", onnx, "--out", output), onnx, "'Sigmoid'", "'mystery'");
        Assert.That(System.IO.File.Exists(output), Is.False);
    }

    [TestCase("garbage")]
    [TestCase("truncated")]
    [TestCase("empty")]
    public void A_corrupt_onnx_file_is_named(string kind)
    {
        string onnx = File("broken.onnx");
        var good = SmallOnnx().ToByteArray();
        System.IO.File.WriteAllBytes(onnx, kind switch
        {
            "garbage" => "this is not a protobuf message at all, just text"u8.ToArray(),
            "truncated" => good[..(good.Length / 2)],
            _ => [],
        });
        string output = File("never.zfm.safetensors");
        CliRunner.AssertBadInput(CliRunner.Run("import", onnx, "--out", output), onnx);
        Assert.That(System.IO.File.Exists(output), Is.False);
    }

    [Test]
    public void Arch_is_rejected_for_onnx()
    {
        string onnx = SaveOnnx(SmallOnnx());
        CliRunner.AssertBadInput(CliRunner.Run("import", onnx, "--out", File("x.zfm.safetensors"), "--arch", "resnet18"), "--arch", "ONNX");
    }

    // ------------------------------------------------------------------ PyTorch state_dict

    [TestCase("weights.pth")]
    [TestCase("weights.pt")]
    [TestCase("pytorch_model.bin")]
    public void A_state_dict_without_arch_names_the_option_and_the_architectures(string name)
    {
        string path = File(name);
        System.IO.File.WriteAllBytes(path, [0x50, 0x4B, 0x03, 0x04]);
        string output = File("never.zfm.safetensors");
        CliRunner.AssertBadInput(CliRunner.Run("import", path, "--out", output), "--arch", path, string.Join(", ", BuiltinModels.Names));
        Assert.That(System.IO.File.Exists(output), Is.False);
    }

    /// <summary>Pickles a state_dict of random weights shaped for <paramref name="network"/>, as PyTorch would save it.</summary>
    internal static void SaveStateDict(string path, Network network, int seed)
    {
        using var scope = NewDisposeScope();
        var random = new Random(seed);
        var dict = new Hashtable();
        foreach (var (key, shape) in NetworkWeights.Expected(network))
        {
            var data = new float[shape.Aggregate(1, (a, d) => a * d)];
            for (int i = 0; i < data.Length; i++) data[i] = key.EndsWith(".running_var") ? 1f + (float)random.NextDouble() : (float)random.NextDouble() - 0.5f;
            dict[key] = tensor(data, shape.Select(d => (long)d).ToArray());
            if (key.EndsWith(".running_var")) dict[key[..^"running_var".Length] + "num_batches_tracked"] = tensor(7L);
        }
        using var stream = System.IO.File.Create(path);
        PyTorchPickler.PickleStateDict(stream, dict);
    }

    [Test]
    public void A_state_dict_imports_for_its_architecture()
    {
        var network = BuiltinModels.Create("mnasnet0_5");
        string path = File("mnasnet.pth");
        SaveStateDict(path, network, 5);
        string output = File("mnasnet.zfm.safetensors");
        var result = CliRunner.Run("import", path, "--arch", "mnasnet0_5", "--out", output);
        Assert.That(result.Code, Is.Zero, result.Stderr);
        TestContext.Out.WriteLine(result.Stdout);
        var loaded = ModelFile.Load(output);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(loaded.Network.Name, Is.EqualTo("mnasnet0_5"));
            Assert.That(loaded.Network.ParameterCount, Is.EqualTo(2_218_512L));
            Assert.That(GraphJson.Write(loaded.Network), Is.EqualTo(GraphJson.Write(network)));
            Assert.That(loaded.Metadata["import.format"], Is.EqualTo("pytorch-state-dict"));
            Assert.That(loaded.Metadata["import.architecture"], Is.EqualTo("mnasnet0_5"));
            Assert.That(result.Stdout, Does.Contain("PyTorch state_dict for mnasnet0_5").And.Contain("float32 tensors").And.Contain("num_batches_tracked counters ignored"));
            Assert.That(CliRunner.TableRows(result.Stdout)[1][0], Is.EqualTo("mnasnet0_5"));
        }
    }

    [Test]
    public void A_state_dict_for_the_wrong_architecture_is_reported()
    {
        string path = File("squeezenet.pth");
        SaveStateDict(path, BuiltinModels.Create("squeezenet1_1"), 1);
        string output = File("never.zfm.safetensors");
        CliRunner.AssertBadInput(CliRunner.Run("import", path, "--arch", "mnasnet0_5", "--out", output), path, "does not match mnasnet0_5", "'squeezenet1_1'");
        Assert.That(System.IO.File.Exists(output), Is.False);
    }

    [Test]
    public void A_truncated_state_dict_is_named()
    {
        string path = File("squeezenet.pth");
        SaveStateDict(path, BuiltinModels.Create("squeezenet1_1"), 1);
        var bytes = System.IO.File.ReadAllBytes(path);
        System.IO.File.WriteAllBytes(path, bytes[..(bytes.Length * 3 / 4)]);
        CliRunner.AssertBadInput(CliRunner.Run("import", path, "--arch", "squeezenet1_1", "--out", File("never.zfm.safetensors")), path, "truncated or corrupt");
    }

    [Test]
    public void An_unknown_architecture_lists_the_built_in_ones()
    {
        string path = File("weights.pth");
        SaveStateDict(path, BuiltinModels.Create("squeezenet1_1"), 1);
        CliRunner.AssertBadInput(CliRunner.Run("import", path, "--arch", "resnet19", "--out", File("x.zfm.safetensors")), "'resnet19'", "squeezenet1_1");
    }

    // ------------------------------------------------------------------ files

    [Test]
    public void A_missing_file_is_named()
    {
        string missing = File("nowhere.onnx");
        CliRunner.AssertBadInput(CliRunner.Run("import", missing, "--out", File("x.zfm.safetensors")), missing, "does not exist");
    }

    [Test]
    public void An_unknown_extension_lists_the_formats()
    {
        string path = File("model.h5");
        System.IO.File.WriteAllText(path, "keras");
        CliRunner.AssertBadInput(CliRunner.Run("import", path, "--out", File("x.zfm.safetensors")), path, "'.h5'", ".onnx", ".pth");
    }

    [Test]
    public void Out_is_required()
    {
        string onnx = SaveOnnx(SmallOnnx());
        CliRunner.AssertBadInput(CliRunner.Run("import", onnx), "--out");
    }
}
