using ZooForge.Core.Errors;
using ZooForge.Compression.Cutting;
using ZooForge.Compression.Tests.Patterns;
using ZooForge.Graph.Layers;
using ZooForge.Graph.Model;
using ZooForge.Graph.Zoo;
using ZooForge.Graph.Zoo.Mnist;

namespace ZooForge.Compression.Tests.Cutting;

public class ChannelCutterTests
{
    private static IEnumerable<string> MnistNames() => MnistModels.Names;

    private static IEnumerable<string> BuiltinNames() => ["resnet18", "mobilenet_v2", "squeezenet1_1", "mnasnet0_5"];

    private static void CutQuarterOfEverything(Network network, NetworkWeights weights)
    {
        var original = TestWeights.Clone(weights);
        var cuttable = ChannelCutter.CuttableLayers(network);
        Assert.That(cuttable, Is.Not.Empty);
        var ratios = cuttable.ToDictionary(n => n, _ => 0.25);
        var result = ChannelCutter.Cut(network, weights, ratios);
        var (cut, cutWeights) = result;

        Assert.That(TestWeights.SameAs(weights, original), Is.True, "input weights were mutated");
        // The constructor validated shapes; rebuild from the layer list to be explicit.
        var rebuilt = new Network(cut.Name, cut.InputShape, cut.Nodes.Select(n => n.Layer), cut.Batch);
        Assert.That(rebuilt.Nodes.Select(n => n.Layer.Name), Is.EqualTo(network.Nodes.Select(n => n.Layer.Name)));
        Assert.DoesNotThrow(() => cutWeights.Validate(cut));
        Assert.That(cut.ParameterCount, Is.LessThan(network.ParameterCount));
        Assert.That(cut.OutputShape, Is.EqualTo(network.OutputShape));

        // Every cuttable layer lost round(C/4) channels.
        foreach (var name in cuttable)
        {
            int before = Outputs(network, name);
            int after = Outputs(cut, name);
            Assert.That(before - after, Is.EqualTo(ChannelCutter.ChannelsToCut(0.25, before)), name);
        }

        // Residual groups: every producer of a group keeps the same channel set.
        foreach (var group in ChannelCutter.Groups(network).Where(g => g.IsCuttable && g.Producers.Count > 1))
        {
            var first = result.KeptChannels[group.Producers[0]];
            foreach (var p in group.Producers)
                Assert.That(result.KeptChannels[p], Is.EqualTo(first), $"{p} vs {group.Producers[0]}");
        }
        foreach (var add in cut.Nodes.Where(n => n.Layer is AddLayer))
            Assert.That(add.InputShapes.Distinct().Count(), Is.EqualTo(1), add.Layer.Name);
    }

    private static int Outputs(Network network, string layer) => network[layer].Layer switch
    {
        Conv2dLayer c => c.OutChannels,
        LinearLayer l => l.OutFeatures,
        _ => throw new InvalidOperationException(layer),
    };

    [TestCaseSource(nameof(MnistNames))]
    public void CuttingAQuarterKeepsTrainedZooModelsConsistent(string name)
    {
        var (network, weights, _) = ZooCatalogue.Open().Load(name);
        CutQuarterOfEverything(network, weights);
    }

    [TestCaseSource(nameof(BuiltinNames))]
    public void CuttingAQuarterKeepsBuiltinModelsConsistent(string name)
    {
        var network = BuiltinModels.Create(name);
        CutQuarterOfEverything(network, TestWeights.Random(network, 42));
    }

    [Test]
    public void ResNetGroupsTieConv2DownsampleAndIdentityPaths()
    {
        var groups = ChannelCutter.Groups(MnistResNet.Create());
        var stem = groups.Single(g => g.Producers.Contains("conv1"));
        Assert.That(stem.Producers, Is.EqualTo(new[] { "conv1", "layer1.0.conv2" }));
        Assert.That(stem.Additions, Is.EqualTo(new[] { "layer1.0.add" }));
        var stage2 = groups.Single(g => g.Producers.Contains("layer2.0.conv2"));
        Assert.That(stage2.Producers, Is.EqualTo(new[] { "layer2.0.conv2", "layer2.0.downsample.0" }));
        Assert.That(groups.Single(g => g.Producers.Contains("fc")).IsCuttable, Is.False);
        Assert.That(groups.Single(g => g.Producers.Contains("layer1.0.conv1")).Producers, Has.Count.EqualTo(1));
    }

    /// <summary>input 2×4×4 → a (4, 3×3) → bn → relu → b (3, 3×3) → flatten → fc (5).</summary>
    private static (Network, NetworkWeights) Chain(float[] filterScale)
    {
        var nb = new NetworkBuilder("chain", new TensorShape(2, 4, 4));
        string x = nb.Conv("a", nb.Input, filterScale.Length, kernel: 3, padding: 1);
        x = nb.BatchNorm("bn", x);
        x = nb.Relu("relu", x);
        x = nb.Conv("b", x, 3, kernel: 3, padding: 1);
        x = nb.Flatten("flatten", x);
        nb.Linear("fc", x, 5);
        var network = nb.Build();
        var weights = TestWeights.Random(network, 3);
        var a = weights.Get("a.weight").Data;
        int inner = a.Length / filterScale.Length;
        for (int m = 0; m < filterScale.Length; m++)
            for (int i = 0; i < inner; i++) a[m * inner + i] = filterScale[m];
        return (network, weights);
    }

    [TestCase(new float[] { 0.5f, 3f, 1f, -4f }, 2, new[] { 1, 3 })]
    [TestCase(new float[] { 2f, 1f, -2f, 2f }, 2, new[] { 0, 2 })]
    [TestCase(new float[] { 1f, 1f, 1f, 1f }, 3, new[] { 0 })]
    [TestCase(new float[] { 0.1f, 0.2f, 0.3f, 0.05f }, 1, new[] { 0, 1, 2 })]
    public void KeptFiltersAreTheTopKByL2WithTiesToTheLowerIndex(float[] scales, int cut, int[] kept)
    {
        var (network, weights) = Chain(scales);
        var result = ChannelCutter.Cut(network, weights, new Dictionary<string, int> { ["a"] = cut });
        Assert.That(result.KeptChannels["a"], Is.EqualTo(kept));

        var a = weights.Get("a.weight");
        int inner = a.Length / scales.Length;
        var newA = result.Weights.Get("a.weight");
        Assert.That(newA.Shape, Is.EqualTo(new[] { kept.Length, 2, 3, 3 }));
        for (int j = 0; j < kept.Length; j++)
            Assert.That(newA.Data.AsSpan(j * inner, inner).ToArray(), Is.EqualTo(a.Data.AsSpan(kept[j] * inner, inner).ToArray()));
        Assert.That(result.Weights.Get("a.bias").Data, Is.EqualTo(kept.Select(k => weights.Get("a.bias").Data[k])));
        foreach (var s in new[] { "weight", "bias", "running_mean", "running_var" })
            Assert.That(result.Weights.Get($"bn.{s}").Data, Is.EqualTo(kept.Select(k => weights.Get($"bn.{s}").Data[k])), s);

        // b is sliced on its input dimension N.
        var b = weights.Get("b.weight");
        var newB = result.Weights.Get("b.weight");
        Assert.That(newB.Shape, Is.EqualTo(new[] { 3, kept.Length, 3, 3 }));
        for (int m = 0; m < 3; m++)
            for (int j = 0; j < kept.Length; j++)
                Assert.That(newB.Data.AsSpan((m * kept.Length + j) * 9, 9).ToArray(),
                    Is.EqualTo(b.Data.AsSpan((m * scales.Length + kept[j]) * 9, 9).ToArray()));
        Assert.That(result.Weights.Get("fc.weight").BitwiseEquals(weights.Get("fc.weight")), Is.True);
        Assert.That(((BatchNorm2dLayer)result.Network["bn"].Layer).Channels, Is.EqualTo(kept.Length));
    }

    [Test]
    public void ResidualGroupKeepsChannelsBySummedNorms()
    {
        // input → stem (4) → relu → p (4), q (4) → add(p, q) → flatten → fc
        var nb = new NetworkBuilder("residual", new TensorShape(1, 3, 3));
        string s = nb.Relu("relu", nb.Conv("stem", nb.Input, 4, kernel: 1));
        string p = nb.Conv("p", s, 4, kernel: 1, bias: false);
        string q = nb.Conv("q", s, 4, kernel: 1, bias: false);
        string x = nb.Sum("add", p, q);
        x = nb.Conv("after", x, 2, kernel: 1);
        nb.Linear("fc", nb.Flatten("flatten", x), 3);
        var network = nb.Build();
        var weights = TestWeights.Random(network, 9);
        // p's norms favour 0,1; q's favour 2,3; the sums favour 1 and 2.
        float[] pw = [3f, 4f, 0.5f, 0.1f], qw = [0.1f, 0.5f, 4f, 3f];
        for (int m = 0; m < 4; m++)
            for (int n = 0; n < 4; n++)
            {
                weights.Get("p.weight").Data[m * 4 + n] = pw[m] / 2;
                weights.Get("q.weight").Data[m * 4 + n] = qw[m] / 2;
            }
        // Sums: 3.1, 4.5, 4.5, 3.1 → keep {1, 2}.
        var result = ChannelCutter.Cut(network, weights, new Dictionary<string, double> { ["q"] = 0.5 });
        Assert.That(result.KeptChannels["p"], Is.EqualTo(new[] { 1, 2 }));
        Assert.That(result.KeptChannels["q"], Is.EqualTo(new[] { 1, 2 }));
        Assert.That(result.KeptChannels, Does.Not.ContainKey("stem"));
        Assert.That(((Conv2dLayer)result.Network["after"].Layer).InChannels, Is.EqualTo(2));
        Assert.That(((Conv2dLayer)result.Network["p"].Layer).OutChannels, Is.EqualTo(2));
    }

    [Test]
    public void GroupsWithAnIdentityPathFromTheInputCannotBeCut()
    {
        var nb = new NetworkBuilder("identity", new TensorShape(4, 5, 5));
        string c = nb.Conv("conv", nb.Input, 4, kernel: 3, padding: 1);
        string x = nb.Sum("add", nb.Input, c);
        x = nb.Conv("head", x, 8, kernel: 1);
        nb.Linear("fc", nb.Flatten("flatten", x), 2);
        var network = nb.Build();
        var weights = TestWeights.Random(network, 1);
        Assert.That(ChannelCutter.CuttableLayers(network), Is.EqualTo(new[] { "head" }));
        var e = Assert.Throws<InvalidInputException>(() =>
            ChannelCutter.Cut(network, weights, new Dictionary<string, int> { ["conv"] = 1 }))!;
        Assert.That(e.Message, Does.Contain("'conv'").And.Contain("'add'").And.Contain("network input"));
    }

    [Test]
    public void DepthwisePairsAreCutTogether()
    {
        var network = MnistMobileNetV2.Create();
        var weights = TestWeights.Random(network, 5);
        var result = ChannelCutter.Cut(network, weights, new Dictionary<string, int> { ["features.2.conv.0.0"] = 16 });
        var dw = (Conv2dLayer)result.Network["features.2.conv.1.0"].Layer;
        Assert.That(dw.IsDepthwise, Is.True);
        Assert.That(dw.InChannels, Is.EqualTo(48));
        Assert.That(((Conv2dLayer)result.Network["features.2.conv.2"].Layer).InChannels, Is.EqualTo(48));
        var kept = result.KeptChannels["features.2.conv.0.0"];
        var before = weights.Get("features.2.conv.1.0.weight").Data;
        var after = result.Weights.Get("features.2.conv.1.0.weight").Data;
        for (int j = 0; j < kept.Length; j++)
            Assert.That(after.AsSpan(j * 9, 9).ToArray(), Is.EqualTo(before.AsSpan(kept[j] * 9, 9).ToArray()));
    }

    [Test]
    public void ConcatInputsAreSlicedAtTheirOffsets()
    {
        var network = BuiltinModels.Create("squeezenet1_1");
        var weights = TestWeights.Random(network, 11);
        var result = ChannelCutter.Cut(network, weights, new Dictionary<string, int> { ["features.3.expand3x3"] = 16 });
        var kept = result.KeptChannels["features.3.expand3x3"];
        var next = weights.Get("features.4.squeeze.weight");      // [16, 128, 1, 1]
        var sliced = result.Weights.Get("features.4.squeeze.weight");
        Assert.That(sliced.Shape, Is.EqualTo(new[] { 16, 112, 1, 1 }));
        for (int m = 0; m < 16; m++)
        {
            for (int n = 0; n < 64; n++) Assert.That(sliced.Data[m * 112 + n], Is.EqualTo(next.Data[m * 128 + n]));
            for (int j = 0; j < kept.Length; j++)
                Assert.That(sliced.Data[m * 112 + 64 + j], Is.EqualTo(next.Data[m * 128 + 64 + kept[j]]));
        }
    }

    [Test]
    public void LinearAfterFlattenLosesHwFeaturesPerChannel()
    {
        var (network, weights, _) = ZooCatalogue.Open().Load("mnist_lenet5");
        var result = ChannelCutter.Cut(network, weights, new Dictionary<string, int> { ["conv2"] = 4 });
        var kept = result.KeptChannels["conv2"];
        Assert.That(kept, Has.Length.EqualTo(12));
        var fc1 = (LinearLayer)result.Network["fc1"].Layer;
        Assert.That(fc1.InFeatures, Is.EqualTo(400 - 4 * 25));
        var before = weights.Get("fc1.weight").Data;   // [120, 400]
        var after = result.Weights.Get("fc1.weight").Data; // [120, 300]
        for (int o = 0; o < 120; o++)
            for (int j = 0; j < kept.Length; j++)
                Assert.That(after.AsSpan(o * 300 + j * 25, 25).ToArray(),
                    Is.EqualTo(before.AsSpan(o * 400 + kept[j] * 25, 25).ToArray()));
    }

    [Test]
    public void HiddenLinearLayersCanBeCut()
    {
        var (network, weights, _) = ZooCatalogue.Open().Load("mnist_lenet5");
        var (cut, cutWeights) = ChannelCutter.Cut(network, weights, new Dictionary<string, double> { ["fc1"] = 0.5, ["conv1"] = 0.25 });
        Assert.That(((LinearLayer)cut["fc1"].Layer).OutFeatures, Is.EqualTo(60));
        Assert.That(((LinearLayer)cut["fc2"].Layer).InFeatures, Is.EqualTo(60));
        Assert.That(((Conv2dLayer)cut["conv1"].Layer).OutChannels, Is.EqualTo(4), "6 · 0.25 = 1.5 rounds to 2 cut");
        cutWeights.Validate(cut);
    }

    [TestCase(0.25, 6, 2)]
    [TestCase(0.25, 16, 4)]
    [TestCase(0.1, 16, 2)]
    [TestCase(0.03, 16, 0)]
    [TestCase(0.5, 5, 3)]
    public void RatiosRoundHalfAwayFromZero(double ratio, int channels, int expected) =>
        Assert.That(ChannelCutter.ChannelsToCut(ratio, channels), Is.EqualTo(expected));

    [Test]
    public void CuttingAllOrMoreChannelsIsRejectedWithTheNumbers()
    {
        var (network, weights, _) = ZooCatalogue.Open().Load("mnist_lenet5");
        var e = Assert.Throws<InvalidInputException>(() => ChannelCutter.Cut(network, weights, new Dictionary<string, int> { ["conv2"] = 16 }))!;
        Assert.That(e.Message, Does.Contain("'conv2'").And.Contain("16"));
        e = Assert.Throws<InvalidInputException>(() => ChannelCutter.Cut(network, weights, new Dictionary<string, int> { ["conv2"] = 20 }))!;
        Assert.That(e.Message, Does.Contain("'conv2'").And.Contain("20").And.Contain("16"));
    }

    [TestCase(1.0)]
    [TestCase(1.5)]
    [TestCase(-0.1)]
    [TestCase(0.95)] // round(0.95 · 6) = 6: every channel
    public void BadRatiosAreRejectedNamingTheLayer(double ratio)
    {
        var (network, weights, _) = ZooCatalogue.Open().Load("mnist_lenet5");
        var e = Assert.Throws<InvalidInputException>(() => ChannelCutter.Cut(network, weights, new Dictionary<string, double> { ["conv1"] = ratio }))!;
        Assert.That(e.Message, Does.Contain("'conv1'"));
    }

    [Test]
    public void UnknownLayersAreRejectedNamingThem()
    {
        var (network, weights, _) = ZooCatalogue.Open().Load("mnist_lenet5");
        var e = Assert.Throws<InvalidInputException>(() => ChannelCutter.Cut(network, weights, new Dictionary<string, double> { ["conv9"] = 0.25 }))!;
        Assert.That(e.Message, Does.Contain("'conv9'"));
    }

    [Test]
    public void TheFinalClassifierCannotBeCut()
    {
        var (network, weights, _) = ZooCatalogue.Open().Load("mnist_resnet");
        var e = Assert.Throws<InvalidInputException>(() => ChannelCutter.Cut(network, weights, new Dictionary<string, int> { ["fc"] = 1 }))!;
        Assert.That(e.Message, Does.Contain("'fc'").And.Contain("final output"));
    }

    [Test]
    public void NonProducersAndDepthwiseLayersAreRejected()
    {
        var network = MnistMobileNetV2.Create();
        var weights = TestWeights.Random(network, 2);
        var e = Assert.Throws<InvalidInputException>(() => ChannelCutter.Cut(network, weights, new Dictionary<string, int> { ["features.0.1"] = 1 }))!;
        Assert.That(e.Message, Does.Contain("'features.0.1'"));
        e = Assert.Throws<InvalidInputException>(() => ChannelCutter.Cut(network, weights, new Dictionary<string, int> { ["features.1.conv.0.0"] = 1 }))!;
        Assert.That(e.Message, Does.Contain("'features.1.conv.0.0'").And.Contain("depthwise"));
    }

    [Test]
    public void DisagreeingRequestsOnOneResidualGroupAreRejected()
    {
        var (network, weights, _) = ZooCatalogue.Open().Load("mnist_resnet");
        var e = Assert.Throws<InvalidInputException>(() => ChannelCutter.Cut(network, weights,
            new Dictionary<string, int> { ["layer2.0.conv2"] = 4, ["layer2.0.downsample.0"] = 8 }))!;
        Assert.That(e.Message, Does.Contain("'layer2.0.conv2'").And.Contain("'layer2.0.downsample.0'"));
    }

    [Test]
    public void CuttingOneResidualPartnerCutsTheWholeGroup()
    {
        var (network, weights, _) = ZooCatalogue.Open().Load("mnist_resnet");
        var result = ChannelCutter.Cut(network, weights, new Dictionary<string, int> { ["layer2.0.downsample.0"] = 8 });
        Assert.That(((Conv2dLayer)result.Network["layer2.0.conv2"].Layer).OutChannels, Is.EqualTo(24));
        Assert.That(((Conv2dLayer)result.Network["layer3.0.conv1"].Layer).InChannels, Is.EqualTo(24));
        Assert.That(((Conv2dLayer)result.Network["layer3.0.downsample.0"].Layer).InChannels, Is.EqualTo(24));
        Assert.That(result.KeptChannels["layer2.0.conv2"], Is.EqualTo(result.KeptChannels["layer2.0.downsample.0"]));
    }
}
