using ZooForge.Graph.Layers;
using ZooForge.Graph.Model;
using ZooForge.Graph.Zoo;

namespace ZooForge.Graph.Tests.Zoo;

[TestFixture]
public class BuiltinModelsTests
{
    private static IEnumerable<string> AllNames => BuiltinModels.Names;

    [Test]
    public void NamesAreInPresentationOrder()
    {
        Assert.That(BuiltinModels.Names, Is.EqualTo(new[]
        {
            "alexnet", "vgg16", "resnet18", "resnet34", "resnet50",
            "mobilenet_v2", "mnasnet0_5", "mnasnet1_0", "squeezenet1_1",
        }));
    }

    // torchvision's weights metadata "num_params" (BatchNorm weight and bias included).
    [TestCase("alexnet", 61_100_840L)]
    [TestCase("vgg16", 138_357_544L)]
    [TestCase("resnet18", 11_689_512L)]
    [TestCase("resnet34", 21_797_672L)]
    [TestCase("resnet50", 25_557_032L)]
    [TestCase("mobilenet_v2", 3_504_872L)]
    [TestCase("mnasnet0_5", 2_218_512L)]
    [TestCase("mnasnet1_0", 4_383_312L)]
    [TestCase("squeezenet1_1", 1_235_496L)]
    public void ParameterCountMatchesTorchvision(string name, long expected)
    {
        Assert.That(BuiltinModels.Create(name).ParameterCount, Is.EqualTo(expected));
    }

    // torchvision's weights metadata "_ops" (GFLOPS in the docs table, counted as multiply-accumulates
    // of conv and linear layers). The 3-decimal metadata is used: the docs' 2-decimal 0.10 for
    // mnasnet0_5 is itself 4% off the model.
    [TestCase("alexnet", 0.714)]
    [TestCase("vgg16", 15.47)]
    [TestCase("resnet18", 1.814)]
    [TestCase("resnet34", 3.664)]
    [TestCase("resnet50", 4.089)]
    [TestCase("mobilenet_v2", 0.301)]
    [TestCase("mnasnet0_5", 0.104)]
    [TestCase("mnasnet1_0", 0.314)]
    [TestCase("squeezenet1_1", 0.349)]
    public void MacCountIsWithinOnePercentOfTorchvision(string name, double giga)
    {
        Assert.That(BuiltinModels.Create(name).MacCount, Is.EqualTo(giga * 1e9).Within(1).Percent);
    }

    // Exact conv + linear MACs. resnet18 and alexnet were also derived by hand, squeezenet1_1 and
    // mobilenet_v2 by an independent script; all agree with torchvision's "_ops" to every printed digit.
    [TestCase("alexnet", 714_188_480L)]
    [TestCase("vgg16", 15_470_264_320L)]
    [TestCase("resnet18", 1_814_073_344L)]
    [TestCase("resnet34", 3_663_761_408L)]
    [TestCase("resnet50", 4_089_184_256L)]
    [TestCase("mobilenet_v2", 300_774_272L)]
    [TestCase("mnasnet0_5", 104_455_968L)]
    [TestCase("mnasnet1_0", 314_415_872L)]
    [TestCase("squeezenet1_1", 349_151_936L)]
    public void MacCountIsExact(string name, long expected)
    {
        Assert.That(BuiltinModels.Create(name).MacCount, Is.EqualTo(expected));
    }

    [TestCaseSource(nameof(AllNames))]
    public void EveryModelOutputsOneThousandClasses(string name)
    {
        var network = BuiltinModels.Create(name);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(network.Name, Is.EqualTo(name));
            Assert.That(network.InputShape, Is.EqualTo(new TensorShape(3, 224, 224)));
            Assert.That(network.OutputShape, Is.EqualTo(new TensorShape(1000, 1, 1)));
        }
    }

    [TestCase("conv1", 64, 112, 112)]
    [TestCase("layer1.0.conv2", 64, 56, 56)]
    [TestCase("layer1.1.relu_1", 64, 56, 56)]
    [TestCase("layer2.0.conv1", 128, 28, 28)]
    [TestCase("layer2.0.downsample.0", 128, 28, 28)]
    [TestCase("layer3.1.relu_1", 256, 14, 14)]
    [TestCase("layer4.1.relu_1", 512, 7, 7)]
    [TestCase("avgpool", 512, 1, 1)]
    [TestCase("fc", 1000, 1, 1)]
    public void ResNet18Shapes(string layer, int channels, int height, int width)
    {
        Assert.That(BuiltinModels.Create("resnet18")[layer].OutputShape, Is.EqualTo(new TensorShape(channels, height, width)));
    }

    [Test]
    public void MobileNetV2LastConvIs1280By7By7()
    {
        Assert.That(BuiltinModels.Create("mobilenet_v2")["features.18.0"].OutputShape, Is.EqualTo(new TensorShape(1280, 7, 7)));
    }

    [Test]
    public void SqueezeNetEndsWithFlattenedClassScores()
    {
        var network = BuiltinModels.Create("squeezenet1_1");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(network["classifier.1"].OutputShape, Is.EqualTo(new TensorShape(1000, 13, 13)));
            Assert.That(network.Nodes[^1].Layer.Name, Is.EqualTo("flatten"));
            Assert.That(network.OutputShape, Is.EqualTo(new TensorShape(1000, 1, 1)));
        }
    }

    [Test]
    public void ResNet18HasProjectionShortcut()
    {
        var network = BuiltinModels.Create("resnet18");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(network.Contains("layer2.0.downsample.0"), Is.True);
            Assert.That(network.Contains("layer2.0.downsample.1"), Is.True);
            Assert.That(network.Contains("layer1.0.downsample.0"), Is.False, "layer1 keeps 64 channels at stride 1");
        }
    }

    [Test]
    public void MobileNetV2HasDepthwiseConv()
    {
        var conv = BuiltinModels.Create("mobilenet_v2")["features.2.conv.1.0"].Layer as Conv2dLayer;
        Assert.That(conv, Is.Not.Null);
        Assert.That(conv!.IsDepthwise, Is.True);
    }

    [Test]
    public void MnasNet10HasFiveByFiveDepthwiseConv()
    {
        var conv = BuiltinModels.Create("mnasnet1_0")["layers.9.0.layers.3"].Layer as Conv2dLayer;
        Assert.That(conv, Is.Not.Null);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(conv!.Kernel, Is.EqualTo(5));
            Assert.That(conv.IsDepthwise, Is.True);
        }
    }

    [TestCase("ResNet18")]
    [TestCase("MOBILENET_V2")]
    public void CreateIsCaseInsensitive(string name)
    {
        Assert.That(BuiltinModels.Create(name).Name, Is.EqualTo(name.ToLowerInvariant()));
    }

    [Test]
    public void UnknownModelThrowsNamingItAndTheBuiltins()
    {
        var ex = Assert.Throws<GraphException>(() => BuiltinModels.Create("foo"));
        Assert.That(ex!.Message, Does.Contain("'foo'").And.Contain("alexnet, vgg16, resnet18"));
    }

    [Test]
    public void TryCreateReportsUnknownModel()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(BuiltinModels.TryCreate("foo", out var missing), Is.False);
            Assert.That(missing, Is.Null);
            Assert.That(BuiltinModels.TryCreate("vgg16", out var vgg), Is.True);
            Assert.That(vgg?.Name, Is.EqualTo("vgg16"));
        }
    }
}
