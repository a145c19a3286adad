using ZooForge.Graph.Layers;
using ZooForge.Graph.Model;

namespace ZooForge.Graph.Tests.Layers;

[TestFixture]
public class LayerShapeTests
{
    private static TensorShape Infer(Layer layer, params TensorShape[] inputs) => layer.InferOutputShape(inputs);

    // (H + 2P - K) / S + 1, rounded down.
    [TestCase(224, 7, 2, 3, 112)]   // resnet conv1
    [TestCase(224, 11, 4, 2, 55)]   // alexnet features.0
    [TestCase(224, 3, 2, 0, 111)]   // squeezenet features.0
    [TestCase(56, 3, 1, 1, 56)]     // "same" 3×3
    [TestCase(56, 1, 2, 0, 28)]     // strided 1×1 projection
    [TestCase(7, 3, 2, 1, 4)]
    public void ConvOutputSize(int size, int kernel, int stride, int padding, int expected)
    {
        var conv = new Conv2dLayer("c", "input", 16, 32, kernel, stride, padding);
        Assert.That(Infer(conv, new TensorShape(16, size, size)), Is.EqualTo(new TensorShape(32, expected, expected)));
    }

    [Test]
    public void ConvMacsCountOneMultiplyAccumulatePerWeightPerOutputPixel()
    {
        var conv = new Conv2dLayer("c", "input", 64, 128, 3, stride: 2, padding: 1, bias: false);
        var output = Infer(conv, new TensorShape(64, 56, 56));
        Assert.That(conv.MacCount([new TensorShape(64, 56, 56)], output), Is.EqualTo(128L * 28 * 28 * 64 * 9));
    }

    [Test]
    public void GroupedConvParametersAndMacsDivideByGroups()
    {
        var conv = new Conv2dLayer("g", "input", 32, 64, 3, padding: 1, groups: 4, bias: true);
        var input = new TensorShape(32, 10, 10);
        var output = Infer(conv, input);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(conv.ParameterCount, Is.EqualTo(64L * (32 / 4) * 9 + 64));
            Assert.That(conv.MacCount([input], output), Is.EqualTo(64L * 10 * 10 * 8 * 9));
            Assert.That(conv.Kind, Is.EqualTo("gconv"));
            Assert.That(conv.IsDepthwise, Is.False);
        }
    }

    [Test]
    public void DepthwiseConvHasOneFilterPerChannel()
    {
        var conv = new Conv2dLayer("dw", "input", 96, 96, 3, stride: 2, padding: 1, groups: 96, bias: false);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(conv.IsDepthwise, Is.True);
            Assert.That(conv.Kind, Is.EqualTo("dwconv"));
            Assert.That(conv.ParameterCount, Is.EqualTo(96L * 9));
            Assert.That(Infer(conv, new TensorShape(96, 112, 112)), Is.EqualTo(new TensorShape(96, 56, 56)));
        }
    }

    [Test]
    public void ConvGroupsMustDivideChannels()
    {
        var ex = Assert.Throws<GraphException>(() => new Conv2dLayer("bad", "input", 30, 64, 3, groups: 4));
        Assert.That(ex!.Message, Does.Contain("'bad'"));
    }

    [Test]
    public void ConvRejectsWrongInputChannels()
    {
        var conv = new Conv2dLayer("layer1.0.conv1", "input", 64, 64, 3, padding: 1);
        var ex = Assert.Throws<GraphException>(() => Infer(conv, new TensorShape(32, 56, 56)));
        Assert.That(ex!.Message, Does.Contain("'layer1.0.conv1'").And.Contain("64"));
    }

    [Test]
    public void ConvRejectsKernelLargerThanPaddedInput()
    {
        var conv = new Conv2dLayer("big", "input", 3, 8, 7);
        Assert.Throws<GraphException>(() => Infer(conv, new TensorShape(3, 5, 5)));
    }

    [TestCase(111, false, 55)]  // squeezenet features.2: the windows tile exactly, ceil and floor agree
    [TestCase(111, true, 55)]
    [TestCase(112, false, 55)]  // floor drops the last, partial window
    [TestCase(112, true, 56)]   // ceil keeps it
    [TestCase(13, true, 6)]
    public void MaxPoolCeilMode(int size, bool ceilMode, int expected)
    {
        var pool = new Pool2dLayer("p", "input", PoolMode.Max, 3, 2, ceilMode: ceilMode);
        Assert.That(Infer(pool, new TensorShape(64, size, size)), Is.EqualTo(new TensorShape(64, expected, expected)));
    }

    [Test]
    public void CeilModeDropsWindowStartingInsidePadding()
    {
        // torch: ceil((5 + 2 - 2) / 2) + 1 = 4, but the 4th window would start in the right padding.
        var pool = new Pool2dLayer("p", "input", PoolMode.Max, 2, 2, padding: 1, ceilMode: true);
        Assert.That(Infer(pool, new TensorShape(1, 5, 5)), Is.EqualTo(new TensorShape(1, 3, 3)));
    }

    [Test]
    public void ResNetMaxPoolHalves()
    {
        var pool = new Pool2dLayer("maxpool", "input", PoolMode.Max, 3, 2, padding: 1);
        Assert.That(Infer(pool, new TensorShape(64, 112, 112)), Is.EqualTo(new TensorShape(64, 56, 56)));
    }

    [Test]
    public void PoolRejectsPaddingOverHalfTheWindow()
    {
        Assert.Throws<GraphException>(() => new Pool2dLayer("p", "input", PoolMode.Average, 3, 1, padding: 2));
    }

    [Test]
    public void ConcatSumsChannels()
    {
        var cat = new ConcatLayer("features.3.cat", ["a", "b"]);
        Assert.That(Infer(cat, new TensorShape(64, 55, 55), new TensorShape(64, 55, 55)), Is.EqualTo(new TensorShape(128, 55, 55)));
    }

    [Test]
    public void ConcatRejectsDifferentSpatialSizes()
    {
        var cat = new ConcatLayer("features.3.cat", ["a", "b"]);
        var ex = Assert.Throws<GraphException>(() => Infer(cat, new TensorShape(64, 55, 55), new TensorShape(64, 27, 27)));
        Assert.That(ex!.Message, Does.Contain("'features.3.cat'").And.Contain("'b'"));
    }

    [Test]
    public void AddRequiresEqualShapesAndNamesTheLayer()
    {
        var add = new AddLayer("layer2.0.add", ["layer2.0.bn2", "layer1.1.relu_1"]);
        var ex = Assert.Throws<GraphException>(() => Infer(add, new TensorShape(128, 28, 28), new TensorShape(64, 56, 56)));
        Assert.That(ex!.Message, Does.Contain("'layer2.0.add'").And.Contain("128x28x28").And.Contain("64x56x56"));
    }

    [Test]
    public void AddAndConcatNeedTwoInputs()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.Throws<GraphException>(() => new AddLayer("add", ["x"]));
            Assert.Throws<GraphException>(() => new ConcatLayer("cat", ["x"]));
        }
    }

    [Test]
    public void LinearRejectsUnflattenedInput()
    {
        var fc = new LinearLayer("fc", "avgpool", 512, 1000);
        var ex = Assert.Throws<GraphException>(() => Infer(fc, new TensorShape(512, 7, 7)));
        Assert.That(ex!.Message, Does.Contain("'fc'").And.Contain("flatten"));
    }

    [Test]
    public void LinearParametersAndMacs()
    {
        var fc = new LinearLayer("fc", "flatten", 512, 1000);
        var output = Infer(fc, new TensorShape(512, 1, 1));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(output, Is.EqualTo(new TensorShape(1000, 1, 1)));
            Assert.That(fc.ParameterCount, Is.EqualTo(513_000L));
            Assert.That(fc.MacCount([new TensorShape(512, 1, 1)], output), Is.EqualTo(512_000L));
        }
    }

    [Test]
    public void FlattenMakesAVector()
    {
        Assert.That(Infer(new FlattenLayer("flatten", "x"), new TensorShape(512, 7, 7)), Is.EqualTo(new TensorShape(25088, 1, 1)));
    }

    [Test]
    public void BatchNormChecksChannelsAndCountsScaleAndShift()
    {
        var bn = new BatchNorm2dLayer("bn1", "conv1", 64);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(bn.ParameterCount, Is.EqualTo(128L));
            Assert.That(Infer(bn, new TensorShape(64, 112, 112)), Is.EqualTo(new TensorShape(64, 112, 112)));
            Assert.Throws<GraphException>(() => Infer(bn, new TensorShape(32, 112, 112)));
        }
    }

    [Test]
    public void AdaptiveAvgPoolFixesOutputSize()
    {
        var pool = new AdaptiveAvgPool2dLayer("avgpool", "x", 1, 1);
        Assert.That(Infer(pool, new TensorShape(1280, 7, 7)), Is.EqualTo(new TensorShape(1280, 1, 1)));
    }

    [Test]
    public void WrongInputCountNamesTheLayer()
    {
        var ex = Assert.Throws<GraphException>(() => Infer(new ActivationLayer("relu", "x", ActivationFunction.Relu)));
        Assert.That(ex!.Message, Does.Contain("'relu'"));
    }
}
