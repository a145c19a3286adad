using ZooForge.TestSupport;
using Onnx;
using ZooForge.Graph.Layers;
using ZooForge.Graph.Model;
using ZooForge.Graph.Serialization;
using ZooForge.Graph.Zoo;
using ZooForge.Import.Onnx;

namespace ZooForge.Import.Tests.Onnx;

/// <summary>
/// The ImageNet-pretrained ResNet-18 that Microsoft.ML.DnnImageFeaturizer.ResNet18 ships
/// (a CNTK 2.6 export, opset 8, 512-d features, no classifier).
/// </summary>
[TestFixture]
public class RealResNet18Tests
{
    public static string ModelPath =>
        Path.Combine(TestContext.CurrentContext.TestDirectory, "DnnImageModels", "ResNet18Onnx", "ResNet18.onnx");

    /// <summary>torchvision resnet18's 11,689,512 parameters minus fc (512·1000 + 1000).</summary>
    private const long TorchvisionTrunkParameters = 11_689_512 - 513_000;

    /// <summary>A BasicBlock(512→512): two 3×3 convs and two batch-norms.</summary>
    private const long BasicBlock512Parameters = 2L * 512 * 512 * 9 + 2 * 2 * 512;

    private Network _network = null!;
    private NetworkWeights _weights = null!;
    private ModelProto _onnx = null!;

    [OneTimeSetUp]
    public void ImportOnce()
    {
        Assert.That(File.Exists(ModelPath), Is.True, $"{ModelPath} should be copied from the NuGet package");
        (_network, _weights) = OnnxImporter.Import(ModelPath);
        _onnx = ModelProto.Parser.ParseFrom(File.ReadAllBytes(ModelPath));
    }

    [Test]
    public void ImportsAValidatedNetworkWithWeights()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_network.Name, Is.EqualTo("ResNet18"));
            Assert.That(_network.InputShape, Is.EqualTo(new TensorShape(3, 224, 224)));
            Assert.That(_network.Batch, Is.EqualTo(1));
            Assert.That(_network.OutputShape, Is.EqualTo(new TensorShape(512, 1, 1)));
            Assert.That(_network.Nodes, Has.Count.EqualTo(74));
            Assert.DoesNotThrow(() => _weights.Validate(_network));
        }
    }

    [Test]
    public void OperatorCensusAndInterface()
    {
        var summary = OnnxImporter.Describe(ModelPath);
        TestContext.Out.WriteLine(summary.ToString());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(summary.Producer, Is.EqualTo("CNTK 2.6"));
            Assert.That(summary.Opsets, Is.EqualTo(new Dictionary<string, long> { ["ai.onnx"] = 8 }));
            Assert.That(summary.OperatorCounts.ToDictionary(p => p.Key, p => p.Value), Is.EqualTo(new Dictionary<string, int>
            {
                ["Conv"] = 22, ["BatchNormalization"] = 22, ["Relu"] = 19, ["Add"] = 9, ["MaxPool"] = 1, ["AveragePool"] = 1,
            }));
            Assert.That(summary.UnsupportedOperators, Is.Empty);
            Assert.That(summary.Inputs.Select(i => (i.Name, i.ElementType, i.ShapeText)), Is.EqualTo(new[] { ("Input247", "FLOAT", "[1,3,224,224]") }));
            Assert.That(summary.Outputs.Select(i => (i.Name, i.ElementType, i.ShapeText)), Is.EqualTo(new[] { ("Pooling395_Output_0", "FLOAT", "[1,512,1,1]") }));
            Assert.That(summary.InitializerCount, Is.EqualTo(110));
            Assert.That(summary.ParameterValues, Is.EqualTo(_network.ParameterCount));
        }
    }

    [Test]
    public void EveryBatchNormUsesTorchsEpsilon()
    {
        var eps = _onnx.Graph.Node.Where(n => n.OpType == "BatchNormalization")
            .Select(n => n.Attribute.Single(a => a.Name == "epsilon").F).Distinct().ToList();
        Assert.That(eps, Is.EqualTo(new[] { 1e-5f }));
    }

    [Test]
    public void ParameterCountIsTheTorchvisionTrunkPlusOneExtraLayer4Block()
    {
        // Parameters: every float initializer except batch-norm inputs 3 and 4 (running mean and
        // variance, which are buffers). The IR counts batch-norm scale and shift as parameters, as torch does.
        var buffers = _onnx.Graph.Node.Where(n => n.OpType == "BatchNormalization").SelectMany(n => n.Input.Skip(3)).ToHashSet();
        long parameters = _onnx.Graph.Initializer.Where(t => !buffers.Contains(t.Name)).Sum(t => t.Dims.Aggregate(1L, (a, d) => a * d));
        long bufferValues = _onnx.Graph.Initializer.Where(t => buffers.Contains(t.Name)).Sum(t => t.Dims.Aggregate(1L, (a, d) => a * d));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_network.ParameterCount, Is.EqualTo(parameters));
            Assert.That(parameters, Is.EqualTo(15_897_152L));
            Assert.That(bufferValues, Is.EqualTo(11_648L));
            // Not exactly torchvision's trunk: this CNTK ResNet-18 has three BasicBlocks in its last
            // stage ([2, 2, 2, 3]), torchvision two ([2, 2, 2, 2]).
            Assert.That(parameters - TorchvisionTrunkParameters, Is.EqualTo(BasicBlock512Parameters));
            Assert.That(ResNet.ResNet18().ParameterCount - 513_000, Is.EqualTo(TorchvisionTrunkParameters));
        }
    }

    [Test]
    public void ConvolutionsAreTorchvisionsPlusTheExtraBlocksTwo()
    {
        static string Key(Conv2dLayer c) => $"{c.InChannels}->{c.OutChannels} k{c.Kernel} s{c.Stride} p{c.Padding} g{c.Groups} bias={c.HasBias}";
        var imported = _network.Nodes.Select(n => n.Layer).OfType<Conv2dLayer>().Select(Key).Order().ToList();
        var expected = ResNet.ResNet18().Nodes.Select(n => n.Layer).OfType<Conv2dLayer>().Select(Key)
            .Concat(["512->512 k3 s1 p1 g1 bias=False", "512->512 k3 s1 p1 g1 bias=False"]).Order().ToList();
        Assert.That(imported, Is.EqualTo(expected));
    }

    [Test]
    public void EveryLayerShapeMatchesTheFilesValueInfo()
    {
        var declared = _onnx.Graph.ValueInfo.Concat(_onnx.Graph.Output)
            .ToDictionary(v => v.Name, v => v.Type.TensorType.Shape.Dim.Select(d => (int)d.DimValue).ToArray());
        int convs = 0;
        using (Assert.EnterMultipleScope())
        {
            foreach (var node in _onnx.Graph.Node)
            {
                var d = declared[node.Output[0]];
                Assert.That(_network[node.Name].OutputShape, Is.EqualTo(new TensorShape(d[1], d[2], d[3])), node.Name);
                if (node.OpType == "Conv") convs++;
            }
            Assert.That(convs, Is.EqualTo(22));
        }
    }

    [Test]
    public void ConvolutionShapesAgreeWithOnnxsOwnArithmetic()
    {
        // Independent of value_info: ONNX's output size with its (possibly unequal) begin/end pads.
        var shapes = new Dictionary<string, (int C, int H, int W)> { ["Input247"] = (3, 224, 224) };
        var inits = _onnx.Graph.Initializer.ToDictionary(t => t.Name);
        foreach (var node in _onnx.Graph.Node)
        {
            var x = shapes[node.Input[0]];
            long[] Ints(string name, long[] fallback) => node.Attribute.FirstOrDefault(a => a.Name == name)?.Ints.ToArray() ?? fallback;
            (int, int, int) result;
            switch (node.OpType)
            {
                case "Conv":
                case "MaxPool":
                case "AveragePool":
                {
                    var k = Ints("kernel_shape", []);
                    var s = Ints("strides", [1, 1]);
                    var p = Ints("pads", [0, 0, 0, 0]);
                    int channels = node.OpType == "Conv" ? (int)inits[node.Input[1]].Dims[0] : x.C;
                    result = (channels, (int)((x.H + p[0] + p[2] - k[0]) / s[0] + 1), (int)((x.W + p[1] + p[3] - k[1]) / s[1] + 1));
                    break;
                }
                default:
                    result = x;
                    break;
            }
            shapes[node.Output[0]] = result;
            if (node.OpType == "Conv")
                Assert.That(_network[node.Name].OutputShape, Is.EqualTo(new TensorShape(result.Item1, result.Item2, result.Item3)), node.Name);
        }
        Assert.That(shapes["Pooling395_Output_0"], Is.EqualTo((512, 1, 1)));
    }

    [Test]
    public void LayersAreNamedAfterTheOnnxNodesAndKeepTheirHyperParameters()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(_network.Nodes.Select(n => n.Layer.Name), Is.EqualTo(_onnx.Graph.Node.Select(n => n.Name)));
            // CNTK "same" padding: pads [3,3,2,2] on 224 gives the same windows as torch's padding=3.
            var stem = (Conv2dLayer)_network["Convolution249"].Layer;
            Assert.That((stem.Kernel, stem.Stride, stem.Padding, stem.HasBias), Is.EqualTo((7, 2, 3, false)));
            var pool = (Pool2dLayer)_network["Pooling255"].Layer;
            Assert.That((pool.Mode, pool.Kernel, pool.Stride, pool.Padding, pool.CeilMode), Is.EqualTo((PoolMode.Max, 3, 2, 1, false)));
            var last = (Pool2dLayer)_network["Pooling395"].Layer;
            Assert.That((last.Mode, last.Kernel, last.Stride, last.Padding), Is.EqualTo((PoolMode.Average, 7, 1, 0)));
            var add = _network["Plus299"].Layer;
            Assert.That(add.Inputs, Is.EqualTo(new[] { "BatchNormalization293", "BatchNormalization297" }));
        }
    }

    [Test]
    public void WeightsAreTheInitializersBitForBit()
    {
        var inits = _onnx.Graph.Initializer.ToDictionary(t => t.Name);
        string[] bnKeys = ["weight", "bias", "running_mean", "running_var"];
        int compared = 0;
        using (Assert.EnterMultipleScope())
        {
            foreach (var node in _onnx.Graph.Node)
            {
                var keys = node.OpType switch
                {
                    "Conv" => new[] { "weight" },
                    "BatchNormalization" => bnKeys,
                    _ => [],
                };
                for (int i = 0; i < keys.Length; i++)
                {
                    var t = inits[node.Input[i + 1]];
                    var w = _weights.Get($"{node.Name}.{keys[i]}");
                    Assert.That(w.Shape, Is.EqualTo(t.Dims.Select(d => (int)d).ToArray()), $"{node.Name}.{keys[i]}");
                    Assert.That(w.Data.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(t.FloatData.Select(BitConverter.SingleToInt32Bits)), $"{node.Name}.{keys[i]}");
                    compared++;
                }
            }
            Assert.That(compared, Is.EqualTo(_weights.Count).And.EqualTo(110));
        }
    }

    [Test]
    public void RoundTripsThroughTheModelFile()
    {
        using var dir = new TempFolder();
        string path = dir.File("resnet18" + ModelFile.Extension);
        ModelFile.Save(path, _network, _weights);
        var loaded = ModelFile.Load(path);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(GraphJson.Write(loaded.Network), Is.EqualTo(GraphJson.Write(_network)));
            Assert.That(loaded.Weights.Entries.Select(e => e.Key), Is.EqualTo(_weights.Entries.Select(e => e.Key)));
            foreach (var (key, tensor) in _weights.Entries)
                Assert.That(loaded.Weights.Get(key).BitwiseEquals(tensor), Is.True, key);
        }
    }

    [Test]
    public void TruncatedFileIsReportedWithItsName()
    {
        using var dir = new TempFolder();
        var bytes = File.ReadAllBytes(ModelPath);
        string path = dir.File("half.onnx");
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var ex = Assert.Throws<ImportException>(() => OnnxImporter.Import(path));
        TestContext.Out.WriteLine(ex!.Message);
        Assert.That(ex.Message, Does.StartWith(path + ":"));
        var describe = Assert.Throws<ImportException>(() => OnnxImporter.Describe(path));
        Assert.That(describe!.Message, Does.StartWith(path + ":"));
    }

    [TestCase(16)]
    [TestCase(1000)]
    [TestCase(40_000_000)]
    public void FilesCutAnywhereAreReportedWithTheirName(int length)
    {
        using var dir = new TempFolder();
        var bytes = File.ReadAllBytes(ModelPath);
        string path = dir.File("cut.onnx");
        File.WriteAllBytes(path, bytes[..length]);
        var ex = Assert.Throws<ImportException>(() => OnnxImporter.Import(path));
        TestContext.Out.WriteLine(ex!.Message);
        Assert.That(ex.Message, Does.StartWith(path + ":"));
    }
}
