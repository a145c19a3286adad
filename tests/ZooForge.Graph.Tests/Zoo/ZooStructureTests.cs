using ZooForge.Graph.Layers;
using ZooForge.Graph.Model;
using ZooForge.Graph.Zoo;

namespace ZooForge.Graph.Tests.Zoo;

/// <summary>Structural details of the built-in definitions beyond the headline counts.</summary>
[TestFixture]
public class ZooStructureTests
{
    private static int Count(Network network, string kind) => network.Nodes.Count(n => n.Layer.Kind == kind);

    [Test]
    public void ResNetBlocksNumberTheirReusedRelu()
    {
        var resnet18 = BuiltinModels.Create("resnet18");
        var resnet50 = BuiltinModels.Create("resnet50");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(resnet18["layer1.0.relu_1"].Layer.Inputs, Is.EqualTo(new[] { "layer1.0.add" }));
            Assert.That(resnet50["layer1.0.relu_1"].Layer.Inputs, Is.EqualTo(new[] { "layer1.0.bn2" }));
            Assert.That(resnet50["layer1.0.relu_2"].Layer.Inputs, Is.EqualTo(new[] { "layer1.0.add" }));
        }
    }

    [Test]
    public void ResNet50StridesOnTheThreeByThreeConv()
    {
        var resnet50 = BuiltinModels.Create("resnet50");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(((Conv2dLayer)resnet50["layer2.0.conv1"].Layer).Stride, Is.EqualTo(1));
            Assert.That(((Conv2dLayer)resnet50["layer2.0.conv2"].Layer).Stride, Is.EqualTo(2));
            Assert.That(resnet50["layer1.0.downsample.0"].OutputShape, Is.EqualTo(new TensorShape(256, 56, 56)));
            Assert.That(resnet50["layer4.2.relu_2"].OutputShape, Is.EqualTo(new TensorShape(2048, 7, 7)));
        }
    }

    [TestCase("resnet18", 8)]
    [TestCase("resnet34", 16)]
    [TestCase("resnet50", 16)]
    [TestCase("mobilenet_v2", 10)]
    [TestCase("mnasnet1_0", 10)]
    public void ResidualAddCount(string name, int adds)
    {
        Assert.That(Count(BuiltinModels.Create(name), "add"), Is.EqualTo(adds));
    }

    [Test]
    public void ConvBiasFollowsTorchvision()
    {
        static IEnumerable<Conv2dLayer> Convs(string name) =>
            BuiltinModels.Create(name).Nodes.Select(n => n.Layer).OfType<Conv2dLayer>();
        using (Assert.EnterMultipleScope())
        {
            foreach (var name in new[] { "alexnet", "vgg16", "squeezenet1_1" })
                Assert.That(Convs(name).All(c => c.HasBias), Is.True, name);
            foreach (var name in new[] { "resnet18", "resnet50", "mobilenet_v2", "mnasnet0_5" })
                Assert.That(Convs(name).Any(c => c.HasBias), Is.False, name);
        }
    }

    [Test]
    public void DropoutKeepsClassifierNumbering()
    {
        var alexnet = BuiltinModels.Create("alexnet");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(alexnet.Contains("classifier.0"), Is.False);
            Assert.That(alexnet["classifier.1"].Layer.Inputs, Is.EqualTo(new[] { "flatten" }));
            Assert.That(alexnet["classifier.6"].OutputShape, Is.EqualTo(new TensorShape(1000, 1, 1)));
            Assert.That(BuiltinModels.Create("vgg16")["classifier.3"].Layer, Is.InstanceOf<LinearLayer>());
        }
    }

    [Test]
    public void FireModulesConcatenateBothExpands()
    {
        var squeezenet = BuiltinModels.Create("squeezenet1_1");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(squeezenet["features.2"].OutputShape, Is.EqualTo(new TensorShape(64, 55, 55)));
            Assert.That(squeezenet["features.3.cat"].OutputShape, Is.EqualTo(new TensorShape(128, 55, 55)));
            Assert.That(squeezenet["features.12.cat"].OutputShape, Is.EqualTo(new TensorShape(512, 13, 13)));
            Assert.That(squeezenet["features.3.expand3x3"].Layer.Inputs, Is.EqualTo(new[] { "features.3.squeeze_activation" }));
            Assert.That(Count(squeezenet, "concat"), Is.EqualTo(8));
        }
    }

    [Test]
    public void MobileNetV2FirstBlockHasNoExpansion()
    {
        var mobilenet = BuiltinModels.Create("mobilenet_v2");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(((Conv2dLayer)mobilenet["features.1.conv.0.0"].Layer).IsDepthwise, Is.True);
            Assert.That(mobilenet["features.1.conv.2"].Layer, Is.InstanceOf<BatchNorm2dLayer>());
            Assert.That(mobilenet.Contains("features.1.conv.3"), Is.False);
            Assert.That(mobilenet["features.17.conv.3"].OutputShape, Is.EqualTo(new TensorShape(320, 7, 7)));
        }
    }

    // Exercises _round_to_multiple_of: 24 × 0.75 = 18 rounds up to 24, 96 × 0.75 = 72 stays.
    [TestCase(0.5, "mnasnet0_5", 2_218_512L, 16)]
    [TestCase(0.75, "mnasnet0_75", 3_170_208L, 24)]
    [TestCase(1.0, "mnasnet1_0", 4_383_312L, 32)]
    [TestCase(1.3, "mnasnet1_3", 6_282_256L, 40)]
    public void MnasNetDepthMultiplierMatchesTorchvision(double alpha, string name, long parameters, int stem)
    {
        var network = MnasNet.Create(alpha);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(network.Name, Is.EqualTo(name));
            Assert.That(network.ParameterCount, Is.EqualTo(parameters));
            Assert.That(network["layers.0"].OutputShape.Channels, Is.EqualTo(stem));
        }
    }

    [Test]
    public void MnasNetRejectsNonPositiveAlpha()
    {
        Assert.Throws<GraphException>(() => MnasNet.Create(0));
    }
}
