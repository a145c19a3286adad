using ZooForge.TestSupport;
using Onnx;
using ZooForge.Graph.Layers;
using ZooForge.Graph.Model;
using ZooForge.Graph.Serialization;
using ZooForge.Import.Onnx;
using static ZooForge.Import.Tests.Onnx.OnnxModelBuilder;

namespace ZooForge.Import.Tests.Onnx;

/// <summary>Each supported operator, and each rejection, on small synthetic ONNX files.</summary>
[TestFixture]
public class OnnxOperatorTests
{
    private TempFolder _dir = null!;

    [SetUp]
    public void CreateFolder() => _dir = new TempFolder();

    [TearDown]
    public void DeleteFolder() => _dir.Dispose();

    private string Save(OnnxModelBuilder b, string file = "model.onnx") => b.Save(_dir.File(file));

    private (Network Network, NetworkWeights Weights) Import(OnnxModelBuilder b)
    {
        var result = OnnxImporter.Import(Save(b));
        result.Weights.Validate(result.Network);
        return result;
    }

    private string Fails(OnnxModelBuilder b)
    {
        string path = Save(b);
        var ex = Assert.Throws<ImportException>(() => OnnxImporter.Import(path));
        TestContext.Out.WriteLine(ex!.Message);
        Assert.That(ex.Message, Does.StartWith(path + ": "));
        return ex.Message;
    }

    private static void AssertBits(WeightTensor actual, int[] shape, float[] expected)
    {
        Assert.That(actual.Shape, Is.EqualTo(shape));
        Assert.That(actual.Data.Select(BitConverter.SingleToInt32Bits), Is.EqualTo(expected.Select(BitConverter.SingleToInt32Bits)));
    }

    private static OnnxModelBuilder Image(int c = 3, int h = 8, int w = 8, long opset = 13) => new([1, c, h, w], opset);

    // ------------------------------------------------------------------ Conv

    [Test]
    public void ConvWithBiasStrideAndPadding()
    {
        var b = Image();
        var w = b.Init("w", [4, 3, 3, 3]);
        var bias = b.Init("b", [4], raw: false);
        b.Node("Conv", "conv", ["x", "w", "b"], "y", Ints("kernel_shape", 3, 3), Ints("strides", 2, 2), Ints("pads", 1, 1, 1, 1), Int("group", 1), Ints("dilations", 1, 1));
        b.Output("y", 1, 4, 4, 4);
        var (net, weights) = Import(b);
        var conv = (Conv2dLayer)net["conv"].Layer;
        using (Assert.EnterMultipleScope())
        {
            Assert.That((conv.InChannels, conv.OutChannels, conv.Kernel, conv.Stride, conv.Padding, conv.Groups, conv.HasBias), Is.EqualTo((3, 4, 3, 2, 1, 1, true)));
            Assert.That(conv.Inputs, Is.EqualTo(new[] { Network.InputName }));
            Assert.That(net.OutputShape, Is.EqualTo(new TensorShape(4, 4, 4)));
            AssertBits(weights.Get("conv.weight"), [4, 3, 3, 3], w);
            AssertBits(weights.Get("conv.bias"), [4], bias);
            Assert.That(weights.Count, Is.EqualTo(2));
        }
    }

    [Test]
    public void DepthwiseAndGroupedConv()
    {
        var b = Image(c: 4, h: 6, w: 6);
        b.Init("dw", [4, 1, 3, 3]);
        b.Node("Conv", "dw", ["x", "dw"], "a", Int("group", 4), Ints("pads", 1, 1, 1, 1));
        b.Init("g", [6, 2, 1, 1]);
        b.Node("Conv", "g", ["a", "g"], "y", Int("group", 2));
        b.Output("y", 1, 6, 6, 6);
        var (net, _) = Import(b);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(net["dw"].Layer.Kind, Is.EqualTo("dwconv"));
            Assert.That(((Conv2dLayer)net["dw"].Layer).HasBias, Is.False);
            Assert.That(net["g"].Layer.Kind, Is.EqualTo("gconv"));
            Assert.That(((Conv2dLayer)net["g"].Layer).Groups, Is.EqualTo(2));
        }
    }

    [Test]
    public void UnequalPadsThatGiveTheSameWindowsBecomeSymmetricPadding()
    {
        // CNTK's "same" padding for a 7×7/2 stem: [3,3,2,2] on 224 → 112, as torch's padding=3.
        var b = Image(h: 224, w: 224);
        b.Init("w", [8, 3, 7, 7]);
        b.Node("Conv", "stem", ["x", "w"], "y", Ints("strides", 2, 2), Ints("pads", 3, 3, 2, 2));
        b.Output("y", 1, 8, 112, 112);
        var (net, _) = Import(b);
        Assert.That(((Conv2dLayer)net["stem"].Layer).Padding, Is.EqualTo(3));
        Assert.That(net.OutputShape, Is.EqualTo(new TensorShape(8, 112, 112)));
    }

    [Test]
    public void UnequalPadsThatChangeTheOutputAreRejected()
    {
        var b = Image();
        b.Init("w", [4, 3, 3, 3]);
        b.Node("Conv", "conv", ["x", "w"], "y", Ints("pads", 1, 1, 0, 0));
        b.Output("y", 1, 4, 7, 7);
        Assert.That(Fails(b), Does.Contain("node 'conv' (Conv)").And.Contain("pads [1,1,0,0]"));
    }

    [Test]
    public void SameUpperAutoPadIsResolved()
    {
        var b = Image(h: 7, w: 7);
        b.Init("w", [2, 3, 3, 3]);
        b.Node("Conv", "conv", ["x", "w"], "y", Str("auto_pad", "SAME_UPPER"), Ints("strides", 2, 2));
        b.Output("y", 1, 2, 4, 4);
        var (net, _) = Import(b);
        Assert.That(((Conv2dLayer)net["conv"].Layer).Padding, Is.EqualTo(1));
    }

    [Test]
    public void DilationOtherThanOneIsRejected()
    {
        var b = Image();
        b.Init("w", [4, 3, 3, 3]);
        b.Node("Conv", "atrous", ["x", "w"], "y", Ints("dilations", 2, 2));
        b.Output("y", 1, 4, 4, 4);
        Assert.That(Fails(b), Does.Contain("node 'atrous' (Conv)").And.Contain("dilations [2,2]"));
    }

    [Test]
    public void NonSquareKernelIsRejected()
    {
        var b = Image();
        b.Init("w", [4, 3, 1, 3]);
        b.Node("Conv", "conv", ["x", "w"], "y");
        b.Output("y", 1, 4, 8, 6);
        Assert.That(Fails(b), Does.Contain("node 'conv'").And.Contain("not square"));
    }

    // ------------------------------------------------------------------ BatchNormalization

    [Test]
    public void BatchNormMapsToStateDictKeys()
    {
        var b = Image(c: 4, h: 5, w: 5);
        var scale = b.Init("s", [4]);
        var shift = b.Init("sh", [4]);
        var mean = b.Init("m", [4]);
        var variance = b.Init("v", [4], [0.5f, 1f, 2f, 3f]);
        b.Node("BatchNormalization", "bn", ["x", "s", "sh", "m", "v"], "y", Float("epsilon", 1e-5f), Float("momentum", 0.9f));
        b.Output("y", 1, 4, 5, 5);
        var (net, weights) = Import(b);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(net["bn"].Layer, Is.TypeOf<BatchNorm2dLayer>());
            AssertBits(weights.Get("bn.weight"), [4], scale);
            AssertBits(weights.Get("bn.bias"), [4], shift);
            AssertBits(weights.Get("bn.running_mean"), [4], mean);
            AssertBits(weights.Get("bn.running_var"), [4], variance);
        }
    }

    [Test]
    public void BatchNormEpsilonOtherThanTorchsDefaultIsRejected()
    {
        var b = Image(c: 2);
        foreach (var n in new[] { "s", "sh", "m", "v" }) b.Init(n, [2], [1f, 1f]);
        b.Node("BatchNormalization", "bn", ["x", "s", "sh", "m", "v"], "y", Float("epsilon", 1e-3f));
        b.Output("y", 1, 2, 8, 8);
        Assert.That(Fails(b), Does.Contain("node 'bn' (BatchNormalization)").And.Contain("epsilon is 0.001"));
    }

    [Test]
    public void BatchNormWithoutEpsilonAttributeUsesOnnxsDefault()
    {
        var b = Image(c: 2, opset: 8);
        foreach (var n in new[] { "s", "sh", "m", "v" }) b.Init(n, [2], [1f, 1f]);
        b.Node("BatchNormalization", "bn", ["x", "s", "sh", "m", "v"], "y", Int("spatial", 1));
        b.Output("y", 1, 2, 8, 8);
        Assert.That(Import(b).Network["bn"].Layer, Is.TypeOf<BatchNorm2dLayer>());
    }

    // ------------------------------------------------------------------ activations

    [Test]
    public void Relu()
    {
        var b = Image();
        b.Node("Relu", "relu", ["x"], "y");
        b.Output("y", 1, 3, 8, 8);
        Assert.That(((ActivationLayer)Import(b).Network["relu"].Layer).Function, Is.EqualTo(ActivationFunction.Relu));
    }

    [Test]
    public void ClipWithAttributesIsRelu6()
    {
        var b = Image(opset: 6);
        b.Node("Clip", "clip", ["x"], "y", Float("min", 0f), Float("max", 6f));
        b.Output("y", 1, 3, 8, 8);
        Assert.That(((ActivationLayer)Import(b).Network["clip"].Layer).Function, Is.EqualTo(ActivationFunction.Relu6));
    }

    [Test]
    public void ClipWithInitializerBoundsIsRelu6()
    {
        var b = Image();
        b.Init("lo", [], [0f]);
        b.Init("hi", [], [6f]);
        b.Node("Clip", "clip", ["x", "lo", "hi"], "y");
        b.Output("y", 1, 3, 8, 8);
        Assert.That(((ActivationLayer)Import(b).Network["clip"].Layer).Function, Is.EqualTo(ActivationFunction.Relu6));
    }

    [Test]
    public void ClipWithConstantNodeBoundsIsRelu6()
    {
        var b = Image();
        b.Node("Constant", "c0", [], "lo", TensorAttr("value", FloatTensor("", [], [0f])));
        b.Node("Constant", "c6", [], "hi", Float("value_float", 6f));
        b.Node("Clip", "clip", ["x", "lo", "hi"], "y");
        b.Output("y", 1, 3, 8, 8);
        var net = Import(b).Network;
        Assert.That(((ActivationLayer)net["clip"].Layer).Function, Is.EqualTo(ActivationFunction.Relu6));
        Assert.That(net.Nodes, Has.Count.EqualTo(1));
    }

    [Test]
    public void ClipWithOnlyALowerBoundOfZeroIsRelu()
    {
        var b = Image();
        b.Init("lo", [], [0f]);
        b.Node("Clip", "clip", ["x", "lo"], "y");
        b.Output("y", 1, 3, 8, 8);
        Assert.That(((ActivationLayer)Import(b).Network["clip"].Layer).Function, Is.EqualTo(ActivationFunction.Relu));
    }

    [Test]
    public void ClipToOtherBoundsIsRejected()
    {
        var b = Image(opset: 6);
        b.Node("Clip", "clip", ["x"], "y", Float("min", 0f), Float("max", 5f));
        b.Output("y", 1, 3, 8, 8);
        Assert.That(Fails(b), Does.Contain("node 'clip' (Clip)").And.Contain("[0, 5]"));
    }

    // ------------------------------------------------------------------ pooling

    [Test]
    public void MaxPoolKeepsCeilMode()
    {
        var b = Image(h: 9, w: 9);
        b.Node("MaxPool", "pool", ["x"], "y", Ints("kernel_shape", 3, 3), Ints("strides", 2, 2), Ints("pads", 1, 1, 1, 1), Int("ceil_mode", 1));
        b.Output("y", 1, 3, 5, 5);
        var pool = (Pool2dLayer)Import(b).Network["pool"].Layer;
        Assert.That((pool.Mode, pool.Kernel, pool.Stride, pool.Padding, pool.CeilMode), Is.EqualTo((PoolMode.Max, 3, 2, 1, true)));
    }

    [Test]
    public void PoolStrideDefaultsToOneAsInOnnx()
    {
        var b = Image();
        b.Node("MaxPool", "pool", ["x"], "y", Ints("kernel_shape", 2, 2));
        b.Output("y", 1, 3, 7, 7);
        Assert.That(((Pool2dLayer)Import(b).Network["pool"].Layer).Stride, Is.EqualTo(1));
    }

    [Test]
    public void AveragePoolCountingPadding()
    {
        var b = Image();
        b.Node("AveragePool", "pool", ["x"], "y", Ints("kernel_shape", 3, 3), Ints("pads", 1, 1, 1, 1), Int("count_include_pad", 1));
        b.Output("y", 1, 3, 8, 8);
        var pool = (Pool2dLayer)Import(b).Network["pool"].Layer;
        Assert.That((pool.Mode, pool.Kernel, pool.Stride, pool.Padding), Is.EqualTo((PoolMode.Average, 3, 1, 1)));
    }

    [Test]
    public void AveragePoolExcludingPaddingIsRejectedWhenThereIsPadding()
    {
        var b = Image();
        b.Node("AveragePool", "pool", ["x"], "y", Ints("kernel_shape", 3, 3), Ints("pads", 1, 1, 1, 1));
        b.Output("y", 1, 3, 8, 8);
        Assert.That(Fails(b), Does.Contain("node 'pool' (AveragePool)").And.Contain("count_include_pad=0"));
    }

    [Test]
    public void AveragePoolWithoutPaddingIgnoresCountIncludePad()
    {
        var b = Image(h: 7, w: 7);
        b.Node("AveragePool", "pool", ["x"], "y", Ints("kernel_shape", 7, 7), Int("count_include_pad", 0));
        b.Output("y", 1, 3, 1, 1);
        Assert.That(Import(b).Network.OutputShape, Is.EqualTo(new TensorShape(3, 1, 1)));
    }

    [Test]
    public void GlobalAveragePoolIsAdaptiveOneByOne()
    {
        var b = Image();
        b.Node("GlobalAveragePool", "gap", ["x"], "y");
        b.Output("y", 1, 3, 1, 1);
        var gap = (AdaptiveAvgPool2dLayer)Import(b).Network["gap"].Layer;
        Assert.That((gap.OutputHeight, gap.OutputWidth), Is.EqualTo((1, 1)));
    }

    // ------------------------------------------------------------------ Add, Concat

    [Test]
    public void AddOfTwoActivations()
    {
        var b = Image();
        b.Node("Relu", "a", ["x"], "ya");
        b.Node("Relu", "b", ["x"], "yb");
        b.Node("Add", "sum", ["ya", "yb"], "y");
        b.Output("y", 1, 3, 8, 8);
        var add = Import(b).Network["sum"].Layer;
        Assert.That(add, Is.TypeOf<AddLayer>());
        Assert.That(add.Inputs, Is.EqualTo(new[] { "a", "b" }));
    }

    [Test]
    public void AddOfAConstantIsRejected()
    {
        var b = Image();
        b.Init("bias", [1, 3, 1, 1]);
        b.Node("Add", "shift", ["x", "bias"], "y");
        b.Output("y", 1, 3, 8, 8);
        Assert.That(Fails(b), Does.Contain("node 'shift' (Add)").And.Contain("'bias'"));
    }

    [TestCase(1)]
    [TestCase(-3)]
    public void ConcatOnTheChannelAxis(int axis)
    {
        var b = Image();
        b.Init("w", [5, 3, 1, 1]);
        b.Node("Conv", "conv", ["x", "w"], "c");
        b.Node("Concat", "cat", ["x", "c"], "y", Int("axis", axis));
        b.Output("y", 1, 8, 8, 8);
        var net = Import(b).Network;
        Assert.That(net["cat"].Layer, Is.TypeOf<ConcatLayer>());
        Assert.That(net.OutputShape, Is.EqualTo(new TensorShape(8, 8, 8)));
    }

    [Test]
    public void ConcatOnASpatialAxisIsRejected()
    {
        var b = Image();
        b.Node("Relu", "r", ["x"], "r");
        b.Node("Concat", "cat", ["x", "r"], "y", Int("axis", 2));
        b.Output("y", 1, 3, 16, 8);
        Assert.That(Fails(b), Does.Contain("node 'cat' (Concat)").And.Contain("axis 2"));
    }

    // ------------------------------------------------------------------ Flatten, Reshape, Gemm, MatMul

    [Test]
    public void FlattenFromAxisOne()
    {
        var b = Image(h: 2, w: 2);
        b.Node("Flatten", "flat", ["x"], "y", Int("axis", 1));
        b.Output("y", 1, 12);
        var net = Import(b).Network;
        Assert.That(net["flat"].Layer, Is.TypeOf<FlattenLayer>());
        Assert.That(net.OutputShape, Is.EqualTo(new TensorShape(12, 1, 1)));
    }

    [Test]
    public void FlattenFromAnotherAxisIsRejected()
    {
        var b = Image(h: 2, w: 2);
        b.Node("Flatten", "flat", ["x"], "y", Int("axis", 2));
        b.Output("y", 3, 4);
        Assert.That(Fails(b), Does.Contain("node 'flat' (Flatten)").And.Contain("axis 2"));
    }

    [TestCase(0L, -1L)]
    [TestCase(1L, -1L)]
    [TestCase(-1L, 12L)]
    [TestCase(1L, 12L)]
    public void ReshapeToBatchByFeaturesIsFlatten(long n, long f)
    {
        var b = Image(h: 2, w: 2);
        b.InitInt64("shape", n, f);
        b.Node("Reshape", "view", ["x", "shape"], "y");
        b.Output("y", 1, 12);
        var net = Import(b).Network;
        Assert.That(net["view"].Layer, Is.TypeOf<FlattenLayer>());
        Assert.That(net.OutputShape, Is.EqualTo(new TensorShape(12, 1, 1)));
    }

    [Test]
    public void ReshapeWithAConstantNodeShape()
    {
        var b = Image(h: 2, w: 2);
        b.Node("Constant", "shape", [], "shape", Ints("value_ints", 1, -1));
        b.Node("Reshape", "view", ["x", "shape"], "y");
        b.Output("y", 1, 12);
        Assert.That(Import(b).Network["view"].Layer, Is.TypeOf<FlattenLayer>());
    }

    [Test]
    public void ReshapeToAnythingElseIsRejected()
    {
        var b = Image(h: 2, w: 2);
        b.InitInt64("shape", 1, -1, 2);
        b.Node("Reshape", "view", ["x", "shape"], "y");
        b.Output("y", 1, 6, 2);
        Assert.That(Fails(b), Does.Contain("node 'view' (Reshape)").And.Contain("[1,-1,2]"));
    }

    [Test]
    public void GemmWithTransposedWeightIsLinear()
    {
        var b = Image(h: 2, w: 2);
        b.Node("Flatten", "flat", ["x"], "f");
        var w = b.Init("fc.w", [5, 12]);
        var bias = b.Init("fc.b", [5]);
        b.Node("Gemm", "fc", ["f", "fc.w", "fc.b"], "y", Int("transB", 1), Float("alpha", 1f), Float("beta", 1f));
        b.Output("y", 1, 5);
        var (net, weights) = Import(b);
        var fc = (LinearLayer)net["fc"].Layer;
        Assert.That((fc.InFeatures, fc.OutFeatures, fc.HasBias), Is.EqualTo((12, 5, true)));
        AssertBits(weights.Get("fc.weight"), [5, 12], w);
        AssertBits(weights.Get("fc.bias"), [5], bias);
    }

    [Test]
    public void GemmWithUntransposedWeightIsTransposed()
    {
        var b = Image(h: 2, w: 2);
        b.Node("Flatten", "flat", ["x"], "f");
        var w = b.Init("w", [12, 5]);
        b.Node("Gemm", "fc", ["f", "w"], "y");
        b.Output("y", 1, 5);
        var (net, weights) = Import(b);
        var t = weights.Get("fc.weight");
        Assert.That(t.Shape, Is.EqualTo(new[] { 5, 12 }));
        for (int o = 0; o < 5; o++)
            for (int i = 0; i < 12; i++)
                Assert.That(t.Data[o * 12 + i], Is.EqualTo(w[i * 5 + o]));
        Assert.That(((LinearLayer)net["fc"].Layer).HasBias, Is.False);
    }

    [Test]
    public void GemmWithScaledProductIsRejected()
    {
        var b = Image(h: 2, w: 2);
        b.Node("Flatten", "flat", ["x"], "f");
        b.Init("w", [5, 12]);
        b.Node("Gemm", "fc", ["f", "w"], "y", Int("transB", 1), Float("alpha", 2f));
        b.Output("y", 1, 5);
        Assert.That(Fails(b), Does.Contain("node 'fc' (Gemm)").And.Contain("alpha=2"));
    }

    [Test]
    public void MatMulFollowedByAddIsOneLinearWithBias()
    {
        var b = Image(h: 2, w: 2);
        b.Node("Flatten", "flat", ["x"], "f");
        var w = b.Init("w", [12, 5]);
        var bias = b.Init("bias", [5]);
        b.Node("MatMul", "mm", ["f", "w"], "p");
        b.Node("Add", "plus", ["p", "bias"], "y");
        b.Output("y", 1, 5);
        var (net, weights) = Import(b);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(net.Nodes.Select(n => n.Layer.Name), Is.EqualTo(new[] { "flat", "mm" }));
            Assert.That(((LinearLayer)net["mm"].Layer).HasBias, Is.True);
            Assert.That(weights.Get("mm.weight").Data[3 * 12 + 7], Is.EqualTo(w[7 * 5 + 3]));
            AssertBits(weights.Get("mm.bias"), [5], bias);
        }
    }

    [Test]
    public void MatMulAloneIsLinearWithoutBias()
    {
        var b = Image(h: 2, w: 2);
        b.Node("Flatten", "flat", ["x"], "f");
        b.Init("w", [12, 5]);
        b.Node("MatMul", "mm", ["f", "w"], "y");
        b.Output("y", 1, 5);
        var (net, _) = Import(b);
        Assert.That(((LinearLayer)net["mm"].Layer).HasBias, Is.False);
    }

    [Test]
    public void LinearOnAnUnflattenedTensorIsRejected()
    {
        var b = Image(h: 1, w: 1);
        b.Init("w", [5, 3]);
        b.Node("Gemm", "fc", ["x", "w"], "y", Int("transB", 1));
        b.Output("y", 1, 5);
        Assert.That(Fails(b), Does.Contain("node 'fc' (Gemm)").And.Contain("Flatten"));
    }

    // ------------------------------------------------------------------ skipped and unsupported

    [Test]
    public void IdentityAndDropoutAreSkipped()
    {
        var b = Image();
        b.Node("Identity", "id", ["x"], "a");
        b.Node("Relu", "relu", ["a"], "r");
        b.Node("Dropout", "drop", ["r"], ["d", "mask"]);
        b.Node("Relu", "relu2", ["d"], "y");
        b.Output("y", 1, 3, 8, 8);
        var net = Import(b).Network;
        Assert.That(net.Nodes.Select(n => (n.Layer.Name, n.Layer.Inputs[0])), Is.EqualTo(new[] { ("relu", Network.InputName), ("relu2", "relu") }));
    }

    [Test]
    public void UnsupportedOperatorIsNamedWithItsNode()
    {
        var b = Image();
        b.Node("Relu", "relu", ["x"], "r");
        b.Node("Softmax", "prob", ["r"], "y", Int("axis", 1));
        b.Output("y", 1, 3, 8, 8);
        string path = Save(b);
        var ex = Assert.Throws<ImportException>(() => OnnxImporter.Import(path));
        Assert.That(ex!.Message, Is.EqualTo($"{path}: unsupported operator 'Softmax' at node 'prob'"));
    }

    [Test]
    public void OperatorOfAnotherDomainIsUnsupported()
    {
        var b = Image();
        var node = b.Node("FusedConv", "fused", ["x"], "y");
        node.Domain = "com.microsoft";
        b.Output("y", 1, 3, 8, 8);
        Assert.That(Fails(b), Does.EndWith("unsupported operator 'com.microsoft.FusedConv' at node 'fused'"));
    }

    [Test]
    public void NodesTheOutputDoesNotDependOnAreIgnored()
    {
        var b = Image();
        b.Node("Softmax", "unused", ["x"], "dead");
        b.Node("Relu", "relu", ["x"], "y");
        b.Output("y", 1, 3, 8, 8);
        Assert.That(Import(b).Network.Nodes, Has.Count.EqualTo(1));
    }

    [Test]
    public void NonFloatInitializerIsNamed()
    {
        var b = Image();
        var w = new TensorProto { Name = "conv.w", DataType = 11 };
        w.Dims.AddRange([4L, 3, 3, 3]);
        w.DoubleData.AddRange(Enumerable.Repeat(0.5, 108));
        b.Graph.Initializer.Add(w);
        b.Node("Conv", "conv", ["x", "conv.w"], "y");
        b.Output("y", 1, 4, 6, 6);
        Assert.That(Fails(b), Does.Contain("initializer 'conv.w'").And.Contain("DOUBLE").And.Contain("node 'conv'"));
    }

    [Test]
    public void RawDataOfTheWrongLengthIsRejected()
    {
        var b = Image();
        var w = FloatTensor("w", [4, 3, 3, 3], new float[108]);
        w.RawData = Google.Protobuf.ByteString.CopyFrom(new byte[100]);
        b.Graph.Initializer.Add(w);
        b.Node("Conv", "conv", ["x", "w"], "y");
        b.Output("y", 1, 4, 6, 6);
        Assert.That(Fails(b), Does.Contain("initializer 'w'").And.Contain("100 raw bytes"));
    }

    [Test]
    public void ExternalDataIsRejected()
    {
        var b = Image();
        var w = new TensorProto { Name = "w", DataType = 1, DataLocation = TensorProto.Types.DataLocation.External };
        w.Dims.AddRange([4L, 3, 3, 3]);
        w.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = "weights.bin" });
        b.Graph.Initializer.Add(w);
        b.Node("Conv", "conv", ["x", "w"], "y");
        b.Output("y", 1, 4, 6, 6);
        Assert.That(Fails(b), Does.Contain("initializer 'w'").And.Contain("external"));
    }

    // ------------------------------------------------------------------ inputs, outputs, declared shapes

    [Test]
    public void SymbolicBatchBecomesOne()
    {
        var b = new OnnxModelBuilder(["batch", 3, 8, 8]);
        b.Node("Relu", "relu", ["x"], "y");
        b.Output("y", "batch", 3, 8, 8);
        var net = Import(b).Network;
        Assert.That((net.Batch, net.InputShape), Is.EqualTo((1, new TensorShape(3, 8, 8))));
    }

    [Test]
    public void FixedBatchIsKept()
    {
        var b = new OnnxModelBuilder([4, 3, 8, 8]);
        b.Node("Relu", "relu", ["x"], "y");
        b.Output("y", 4, 3, 8, 8);
        Assert.That(Import(b).Network.Batch, Is.EqualTo(4));
    }

    [Test]
    public void SymbolicSpatialDimensionIsNamed()
    {
        var b = new OnnxModelBuilder([1, 3, "height", 8]);
        b.Node("Relu", "relu", ["x"], "y");
        b.Output("y", 1, 3, "height", 8);
        Assert.That(Fails(b), Does.Contain("graph input 'x'").And.Contain("'height'"));
    }

    [Test]
    public void DeclaredShapeThatDisagreesWithTheIrIsReported()
    {
        var b = Image();
        b.Init("w", [4, 3, 3, 3]);
        b.Node("Conv", "conv", ["x", "w"], "c");
        b.DeclareShape("c", 1, 4, 8, 8);
        b.Node("Relu", "relu", ["c"], "y");
        b.Output("y", 1, 4, 6, 6);
        Assert.That(Fails(b), Does.Contain("node 'conv'").And.Contain("[1,4,8,8]").And.Contain("4x6x6"));
    }

    [Test]
    public void TwoOutputsAreRejected()
    {
        var b = Image();
        b.Node("Relu", "relu", ["x"], "y");
        b.Node("Relu", "relu2", ["x"], "z");
        b.Output("y", 1, 3, 8, 8);
        b.Output("z", 1, 3, 8, 8);
        Assert.That(Fails(b), Does.Contain("2 outputs"));
    }

    [Test]
    public void MissingFileIsReported()
    {
        string path = _dir.File("missing.onnx");
        var ex = Assert.Throws<ImportException>(() => OnnxImporter.Import(path));
        Assert.That(ex!.Message, Does.StartWith(path + ":").And.Contain("does not exist"));
    }

    [Test]
    public void GarbageIsReportedWithTheFileName()
    {
        string path = _dir.File("garbage.onnx");
        File.WriteAllText(path, "this is not a protobuf message at all, just text");
        var ex = Assert.Throws<ImportException>(() => OnnxImporter.Import(path));
        Assert.That(ex!.Message, Does.StartWith(path + ":"));
    }

    // ------------------------------------------------------------------ a whole network, Describe, round trip

    private static OnnxModelBuilder Mixed()
    {
        var b = new OnnxModelBuilder(["N", 3, 16, 16], opset: 11);
        b.Init("w1", [8, 3, 3, 3]);
        b.Node("Conv", "conv", ["x", "w1"], "c1", Ints("pads", 1, 1, 1, 1), Ints("strides", 2, 2));
        foreach (var n in new[] { "s", "sh", "m" }) b.Init(n, [8]);
        b.Init("v", [8], Enumerable.Range(1, 8).Select(i => (float)i).ToArray());
        b.Node("BatchNormalization", "bn", ["c1", "s", "sh", "m", "v"], "b1");
        b.Init("lo", [], [0f]);
        b.Init("hi", [], [6f]);
        b.Node("Clip", "relu6", ["b1", "lo", "hi"], "r1");
        b.Init("dw", [8, 1, 3, 3]);
        b.Node("Conv", "dw", ["r1", "dw"], "c2", Int("group", 8), Ints("pads", 1, 1, 1, 1));
        b.Node("Relu", "relu", ["c2"], "r2");
        b.Node("Add", "add", ["r1", "r2"], "a");
        b.Node("MaxPool", "pool", ["a"], "p1", Ints("kernel_shape", 2, 2), Ints("strides", 2, 2));
        b.Node("AveragePool", "avg", ["a"], "p2", Ints("kernel_shape", 2, 2), Ints("strides", 2, 2));
        b.Node("Concat", "cat", ["p1", "p2"], "cat", Int("axis", 1));
        b.Node("GlobalAveragePool", "gap", ["cat"], "g");
        b.Node("Flatten", "flat", ["g"], "f");
        b.Init("fc.w", [10, 16]);
        b.Init("fc.b", [10]);
        b.Node("Gemm", "fc", ["f", "fc.w", "fc.b"], "y", Int("transB", 1));
        b.Node("Softmax", "prob", ["y"], "unused");
        b.Output("y", "N", 10);
        return b;
    }

    [Test]
    public void MixedNetworkImportsAndRoundTrips()
    {
        var (net, weights) = Import(Mixed());
        string path = _dir.File("mixed" + ModelFile.Extension);
        ModelFile.Save(path, net, weights);
        var loaded = ModelFile.Load(path);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(net.Nodes.Select(n => n.Layer.Kind), Is.EqualTo(new[]
            {
                "conv", "batchnorm", "relu6", "dwconv", "relu", "add", "maxpool", "avgpool", "concat", "adaptiveavgpool", "flatten", "linear",
            }));
            Assert.That(net.OutputShape, Is.EqualTo(new TensorShape(10, 1, 1)));
            Assert.That(GraphJson.Write(loaded.Network), Is.EqualTo(GraphJson.Write(net)));
            foreach (var (key, tensor) in weights.Entries)
                Assert.That(loaded.Weights.Get(key).BitwiseEquals(tensor), Is.True, key);
            Assert.That(loaded.Weights.Count, Is.EqualTo(weights.Count));
        }
    }

    [Test]
    public void DescribeCountsOperatorsAndParameters()
    {
        var summary = OnnxImporter.Describe(Save(Mixed()));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(summary.NodeCount, Is.EqualTo(13));
            Assert.That(summary.OperatorCounts.First(), Is.EqualTo(new KeyValuePair<string, int>("Conv", 2)));
            Assert.That(summary.UnsupportedOperators, Is.EqualTo(new[] { "Softmax" }));
            Assert.That(summary.Inputs.Single().ShapeText, Is.EqualTo("[N,3,16,16]"));
            Assert.That(summary.Outputs.Single().ShapeText, Is.EqualTo("[N,10]"));
            // conv 216 + bn scale/shift 16 + dw 72 + fc 170; running stats 16; clip bounds are neither.
            Assert.That(summary.ParameterValues, Is.EqualTo(216L + 16 + 72 + 170));
            Assert.That(summary.BufferValues, Is.EqualTo(16L));
            Assert.That(summary.InitializerValues, Is.EqualTo(216L + 32 + 72 + 170 + 2));
            Assert.That(summary.ToString(), Does.Contain("unsupported operators: Softmax"));
        }
    }
}
