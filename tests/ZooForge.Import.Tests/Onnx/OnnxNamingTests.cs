using ZooForge.TestSupport;
using ZooForge.Graph.Model;
using ZooForge.Import.Onnx;
using static ZooForge.Import.Tests.Onnx.OnnxModelBuilder;

namespace ZooForge.Import.Tests.Onnx;

/// <summary>How layers are named: torch names when the file carries them, else ONNX node names.</summary>
[TestFixture]
public class OnnxNamingTests
{
    private TempFolder _dir = null!;

    [SetUp]
    public void CreateFolder() => _dir = new TempFolder();

    [TearDown]
    public void DeleteFolder() => _dir.Dispose();

    private (Network Network, NetworkWeights Weights) Import(OnnxModelBuilder b) => OnnxImporter.Import(b.Save(_dir.File("model.onnx")));

    private static void BatchNorm(OnnxModelBuilder b, string node, string prefix, string input, string output, int channels)
    {
        string[] names = [$"{prefix}.weight", $"{prefix}.bias", $"{prefix}.running_mean", $"{prefix}.running_var"];
        foreach (var n in names) b.Init(n, [channels], Enumerable.Repeat(1f, channels).ToArray());
        b.Node("BatchNormalization", node, [input, .. names], output);
    }

    /// <summary>A torch.onnx export of a ResNet-like stem and one projected BasicBlock.</summary>
    [Test]
    public void TorchExportNamesBecomeTorchvisionModuleNames()
    {
        var b = new OnnxModelBuilder(["batch_size", 3, 16, 16], inputName: "input");
        b.Init("conv1.weight", [8, 3, 3, 3]);
        b.Node("Conv", "/conv1/Conv", ["input", "conv1.weight"], "/conv1/Conv_output_0", Ints("pads", 1, 1, 1, 1));
        BatchNorm(b, "/bn1/BatchNormalization", "bn1", "/conv1/Conv_output_0", "/bn1/BatchNormalization_output_0", 8);
        b.Node("Relu", "/relu/Relu", ["/bn1/BatchNormalization_output_0"], "/relu/Relu_output_0");
        // BN folded into the conv by the exporter: anonymous weights, so the scope names the layer.
        b.Init("onnx::Conv_21", [16, 8, 3, 3]);
        b.Init("onnx::Conv_22", [16]);
        b.Node("Conv", "/layer1/layer1.0/conv1/Conv", ["/relu/Relu_output_0", "onnx::Conv_21", "onnx::Conv_22"], "a", Ints("pads", 1, 1, 1, 1), Ints("strides", 2, 2));
        b.Node("Relu", "/layer1/layer1.0/relu/Relu", ["a"], "b");
        b.Init("onnx::Conv_24", [16, 16, 3, 3]);
        b.Node("Conv", "/layer1/layer1.0/conv2/Conv", ["b", "onnx::Conv_24"], "c", Ints("pads", 1, 1, 1, 1));
        b.Init("onnx::Conv_27", [16, 8, 1, 1]);
        b.Node("Conv", "/layer1/layer1.0/downsample/downsample.0/Conv", ["/relu/Relu_output_0", "onnx::Conv_27"], "d", Ints("strides", 2, 2));
        b.Node("Add", "/layer1/layer1.0/Add", ["c", "d"], "e");
        b.Node("Relu", "/layer1/layer1.0/relu_1/Relu", ["e"], "f");
        b.Node("GlobalAveragePool", "/avgpool/GlobalAveragePool", ["f"], "g");
        b.Node("Flatten", "/Flatten", ["g"], "h");
        b.Init("fc.weight", [10, 16]);
        b.Init("fc.bias", [10]);
        b.Node("Gemm", "/fc/Gemm", ["h", "fc.weight", "fc.bias"], "output", Int("transB", 1));
        b.Output("output", "batch_size", 10);
        var (net, weights) = Import(b);
        Assert.That(net.Nodes.Select(n => n.Layer.Name), Is.EqualTo(new[]
        {
            "conv1", "bn1", "relu", "layer1.0.conv1", "layer1.0.relu", "layer1.0.conv2", "layer1.0.downsample.0",
            "layer1.0.add", "layer1.0.relu_1", "avgpool", "flatten", "fc",
        }));
        Assert.That(weights.Entries.Select(e => e.Key), Does.Contain("bn1.running_var").And.Contain("layer1.0.conv1.bias").And.Contain("fc.weight"));
    }

    [Test]
    public void OlderTorchExportsWithFlatNodeNamesUseTheWeightNames()
    {
        var b = new OnnxModelBuilder([1, 3, 8, 8]);
        b.Init("features.0.weight", [4, 3, 3, 3]);
        b.Node("Conv", "Conv_0", ["x", "features.0.weight"], "1");
        b.Node("Relu", "Relu_1", ["1"], "2");
        b.Output("2", 1, 4, 6, 6);
        Assert.That(Import(b).Network.Nodes.Select(n => n.Layer.Name), Is.EqualTo(new[] { "features.0", "Relu_1" }));
    }

    [Test]
    public void ReusedNamesAreNumberedLikeTorchFx()
    {
        var b = new OnnxModelBuilder([1, 3, 8, 8]);
        b.Node("Relu", "/relu/Relu", ["x"], "a");
        b.Node("Relu", "/relu/Relu_1", ["a"], "b");
        b.Node("Relu", "act", ["b"], "c");
        b.Node("Relu", "act", ["c"], "y");
        b.Output("y", 1, 3, 8, 8);
        Assert.That(Import(b).Network.Nodes.Select(n => n.Layer.Name), Is.EqualTo(new[] { "relu", "relu_1", "act", "act_1" }));
    }

    [Test]
    public void NamesAreSanitizedOnlyWhenNeeded()
    {
        var b = new OnnxModelBuilder([1, 3, 8, 8]);
        b.Node("Relu", "my relu\t1", ["x"], "a");
        b.Node("Relu", "", ["a"], "second_out");
        b.Node("Relu", "input", ["second_out"], "y");
        b.Node("Relu", "Conv.3/x:y", ["y"], "z");
        b.Output("z", 1, 3, 8, 8);
        Assert.That(Import(b).Network.Nodes.Select(n => n.Layer.Name), Is.EqualTo(new[] { "my_relu_1", "second_out", "input_1", "Conv.3/x:y" }));
    }

    [Test]
    public void UnnamedNodeWithAnUnnamedOutputIsNamedByTypeAndPosition()
    {
        Assert.That(new OnnxNaming().Allocate("", "Relu", 7, "", null), Is.EqualTo("relu_7"));
    }

    [TestCase("/layer1/layer1.0/conv1/Conv", "Conv", "layer1.0.conv1")]
    [TestCase("/features/features.0/features.0.0/Conv", "Conv", "features.0.0")]
    [TestCase("/layer2/layer2.0/downsample/downsample.1/BatchNormalization", "BatchNormalization", "layer2.0.downsample.1")]
    [TestCase("/Concat_1", "Concat", "cat")]
    [TestCase("/features/Concat", "Concat", "features.cat")]
    [TestCase("/flatten/Flatten", "Flatten", "flatten")]
    [TestCase("/Relu", "Relu", "relu")]
    [TestCase("/conv1/Relu", "Conv", null)]
    [TestCase("Convolution249", "Conv", null)]
    public void TorchScopes(string node, string op, string? expected) =>
        Assert.That(OnnxNaming.FromTorchScope(node, op), Is.EqualTo(expected));
}
