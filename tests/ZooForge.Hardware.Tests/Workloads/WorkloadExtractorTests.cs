using ZooForge.Graph.Model;
using ZooForge.Graph.Zoo;
using ZooForge.Hardware.Workloads;

namespace ZooForge.Hardware.Tests.Workloads;

[TestFixture]
public sealed class WorkloadExtractorTests
{
    private static LayerWorkload[] Extract(string model, CompressionPlan? plan = null) =>
        WorkloadExtractor.Extract(BuiltinModels.Create(model), plan);

    [Test]
    public void Resnet18_layer_census()
    {
        var w = Extract("resnet18");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(w.Count(l => l.Kind == OpKind.Conv), Is.EqualTo(20));
            Assert.That(w.Count(l => l.Kind == OpKind.Linear), Is.EqualTo(1));
            Assert.That(w.Where(l => l.Kind.IsPooling()).Select(l => l.Name), Is.EqualTo(new[] { "maxpool", "avgpool" }));
            Assert.That(w.Count(l => l.Kind == OpKind.Add), Is.EqualTo(8));
            Assert.That(w.Count(l => l.Kind == OpKind.DepthwiseConv), Is.Zero);
            Assert.That(w, Has.Length.EqualTo(31), "batch-norm, ReLU and flatten produce no workload");
            Assert.That(w[0].Name, Is.EqualTo("conv1"));
            Assert.That(w[^1].Name, Is.EqualTo("fc"));
        }
    }

    // name, M, N, R, C, H, W, K, S, P
    [TestCase("conv1", 64, 3, 112, 112, 224, 224, 7, 2, 3)]
    [TestCase("layer1.0.conv1", 64, 64, 56, 56, 56, 56, 3, 1, 1)]
    [TestCase("layer2.0.conv1", 128, 64, 28, 28, 56, 56, 3, 2, 1)]
    [TestCase("layer2.0.conv2", 128, 128, 28, 28, 28, 28, 3, 1, 1)]
    [TestCase("layer2.0.downsample.0", 128, 64, 28, 28, 56, 56, 1, 2, 0)]
    [TestCase("layer3.0.downsample.0", 256, 128, 14, 14, 28, 28, 1, 2, 0)]
    [TestCase("layer4.0.downsample.0", 512, 256, 7, 7, 14, 14, 1, 2, 0)]
    [TestCase("layer4.1.conv2", 512, 512, 7, 7, 7, 7, 3, 1, 1)]
    public void Resnet18_convs_have_true_shapes(string name, int m, int n, int r, int c, int h, int w, int k, int s, int p)
    {
        var l = Extract("resnet18").Single(x => x.Name == name);
        Assert.That((l.Kind, l.B, l.M, l.N, l.R, l.C, l.H, l.W, l.K, l.S, l.P),
            Is.EqualTo((OpKind.Conv, 1, m, n, r, c, h, w, k, s, p)));
        Assert.That((l.Groups, l.PatternOnes, l.IsPatternPruned, l.WeightBits, l.InputCount), Is.EqualTo((1, k * k, false, 0, 1)));
    }

    [Test]
    public void Resnet18_streaming_and_linear_layers()
    {
        var w = Extract("resnet18");
        var fc = w.Single(l => l.Name == "fc");
        Assert.That((fc.M, fc.N, fc.R, fc.C, fc.K, fc.PatternOnes, fc.Groups), Is.EqualTo((1000, 512, 1, 1, 1, 1, 1)));
        var maxpool = w.Single(l => l.Name == "maxpool");
        Assert.That((maxpool.M, maxpool.N, maxpool.R, maxpool.H, maxpool.InputCount), Is.EqualTo((64, 64, 56, 112, 1)));
        var avgpool = w.Single(l => l.Name == "avgpool");
        Assert.That((avgpool.M, avgpool.N, avgpool.R, avgpool.H), Is.EqualTo((512, 512, 1, 7)));
        var add = w.Single(l => l.Name == "layer2.0.add");
        Assert.That((add.M, add.N, add.R, add.H, add.InputCount), Is.EqualTo((128, 128, 28, 28, 2)));
    }

    [Test]
    public void Resnet18_macs_match_the_graph()
    {
        var network = BuiltinModels.Create("resnet18");
        long convAndLinear = WorkloadExtractor.Extract(network)
            .Where(l => l.Kind is OpKind.Conv or OpKind.GroupedConv or OpKind.Linear).Sum(l => l.Macs);
        long graph = network.Nodes.Where(n => n.Layer.Kind is "conv" or "linear").Sum(n => n.Macs);
        Assert.That(convAndLinear, Is.EqualTo(graph));
        Assert.That(convAndLinear, Is.InRange(1_800_000_000L, 1_830_000_000L), "about 1.82 GMAC");
    }

    [Test]
    public void Mobilenet_v2_depthwise_layers()
    {
        var w = Extract("mobilenet_v2");
        var dw = w.Where(l => l.Kind == OpKind.DepthwiseConv).ToList();
        Assert.That(dw, Has.Count.EqualTo(17));
        Assert.That(dw.All(l => l.M == l.N && l.K == 3 && l.Groups == 1 && l.PatternOnes == 9), Is.True);
        var l2 = w.Single(l => l.Name == "features.2.conv.1.0");
        Assert.That((l2.Kind, l2.M, l2.N, l2.R, l2.H, l2.S, l2.P), Is.EqualTo((OpKind.DepthwiseConv, 96, 96, 56, 112, 2, 1)));
        Assert.That(w.Single(l => l.Name == "features.1.conv.0.0").Kind, Is.EqualTo(OpKind.DepthwiseConv));
        // Pointwise convolutions are ordinary convolutions.
        var pw = w.Single(l => l.Name == "features.2.conv.0.0");
        Assert.That((pw.Kind, pw.M, pw.N, pw.K), Is.EqualTo((OpKind.Conv, 96, 16, 1)), "16 channels expanded 6x");
        Assert.That(w.Count(l => l.Kind == OpKind.Add), Is.EqualTo(10));
        // Depthwise MACs count one input channel per output channel: 96·56·56·9.
        Assert.That(l2.Macs, Is.EqualTo(96L * 56 * 56 * 9));
    }

    [Test]
    public void Grouped_convolution_is_split_into_groups()
    {
        var b = new NetworkBuilder("grouped", new TensorShape(8, 16, 16));
        b.Conv("g", b.Input, 16, kernel: 3, padding: 1, groups: 4, bias: false);
        var l = WorkloadExtractor.Extract(b.Build()).Single();
        Assert.That((l.Kind, l.M, l.N, l.Groups, l.R), Is.EqualTo((OpKind.GroupedConv, 4, 2, 4, 16)));
        Assert.That(l.Macs, Is.EqualTo(16L * 2 * 16 * 16 * 9));
    }

    [Test]
    public void Batch_is_carried_to_every_workload()
    {
        var b = new NetworkBuilder("batched", new TensorShape(3, 8, 8));
        string x = b.Conv("c", b.Input, 4, kernel: 3, padding: 1);
        b.MaxPool("p", x, kernel: 2);
        Assert.That(WorkloadExtractor.Extract(b.Build(batch: 4)).Select(l => l.B), Is.All.EqualTo(4));
    }

    [Test]
    public void Compression_rules_apply_in_order_later_refining_earlier()
    {
        var plan = new CompressionPlan()
            .Add("layer*.conv*", new LayerCompression(PatternOnes: 4))
            .Add("layer4.*", new LayerCompression(WeightBits: 8))
            .Add("layer4.1.conv2", new LayerCompression(PatternOnes: 6))
            .Add("layer?.0.conv1", new LayerCompression(WeightBits: 6));
        Assert.That(plan.For("layer4.1.conv2"), Is.EqualTo(new LayerCompression(6, 8)));
        Assert.That(plan.For("layer4.0.conv1"), Is.EqualTo(new LayerCompression(4, 6)));
        Assert.That(plan.For("layer4.0.downsample.0"), Is.EqualTo(new LayerCompression(null, 8)));
        Assert.That(plan.For("layer1.1.conv2"), Is.EqualTo(new LayerCompression(4, null)));
        Assert.That(plan.For("conv1"), Is.EqualTo(new LayerCompression()));
        Assert.That(plan.For("layer10.0.conv1"), Is.EqualTo(new LayerCompression(4, null)), "'?' matches one character only");

        var w = Extract("resnet18", plan);
        var l = w.Single(x => x.Name == "layer4.1.conv2");
        Assert.That((l.PatternOnes, l.IsPatternPruned, l.WeightBits), Is.EqualTo((6, true, 8)));
        var ds = w.Single(x => x.Name == "layer4.0.downsample.0");
        Assert.That((ds.PatternOnes, ds.IsPatternPruned, ds.WeightBits), Is.EqualTo((1, false, 8)));
        var c1 = w.Single(x => x.Name == "conv1");
        Assert.That((c1.PatternOnes, c1.IsPatternPruned, c1.WeightBits), Is.EqualTo((49, false, 0)));
        var fc = w.Single(x => x.Name == "fc");
        Assert.That(fc.WeightBits, Is.Zero);
    }

    [Test]
    public void Globs_are_anchored_and_escape_regex_characters()
    {
        var plan = new CompressionPlan().Add("layer1.0.conv1", new LayerCompression(PatternOnes: 4));
        Assert.That(plan.For("layer1x0.conv1").PatternOnes, Is.Null, "'.' is literal");
        Assert.That(plan.For("xlayer1.0.conv1").PatternOnes, Is.Null);
        Assert.That(plan.For("layer1.0.conv1x").PatternOnes, Is.Null);
    }

    [Test]
    public void Unmatched_globs_are_reported()
    {
        var plan = new CompressionPlan()
            .Add("layer*.conv1", new LayerCompression(PatternOnes: 4))
            .Add("layer9.*", new LayerCompression(WeightBits: 8))
            .Add("Conv1", new LayerCompression(WeightBits: 8));
        var names = BuiltinModels.Create("resnet18").Nodes.Select(n => n.Layer.Name).ToList();
        Assert.That(plan.UnmatchedGlobs(names), Is.EqualTo(new[] { "layer9.*", "Conv1" }));
        Assert.That(plan.Rules.Select(r => r.Glob), Is.EqualTo(new[] { "layer*.conv1", "layer9.*", "Conv1" }));
        Assert.That(CompressionPlan.None.UnmatchedGlobs(names), Is.Empty);
    }

    [TestCase("conv1", 0, null, "conv1")]
    [TestCase("conv1", 50, null, "conv1")]           // 7x7 kernel: at most 49
    [TestCase("layer1.0.conv1", 10, null, "layer1.0.conv1")]   // 3x3: at most 9
    [TestCase("layer2.0.downsample.0", 2, null, "layer2.0.downsample.0")] // 1x1: at most 1
    [TestCase("fc", 1, null, "fc")]                  // pattern pruning on a linear layer
    [TestCase("layer1.0.conv1", null, 1, "layer1.0.conv1")]
    [TestCase("layer1.0.conv1", null, 17, "layer1.0.conv1")]
    [TestCase("fc", null, 0, "fc")]
    public void Impossible_compression_throws_naming_the_layer(string glob, int? ones, int? bits, string layer)
    {
        var plan = new CompressionPlan().Add(glob, new LayerCompression(ones, bits));
        Assert.That(() => Extract("resnet18", plan), Throws.TypeOf<WorkloadException>().With.Message.Contain($"'{layer}'"));
    }

    [TestCase("conv1", 49, null)]
    [TestCase("layer1.0.conv1", 1, 2)]
    [TestCase("layer1.0.conv1", 9, 16)]
    [TestCase("fc", null, 4)]
    public void Boundary_compression_is_accepted(string glob, int? ones, int? bits)
    {
        var plan = new CompressionPlan().Add(glob, new LayerCompression(ones, bits));
        var l = Extract("resnet18", plan).Single(x => x.Name == glob);
        Assert.That(l.PatternOnes, Is.EqualTo(ones ?? l.K * l.K));
        Assert.That(l.WeightBits, Is.EqualTo(bits ?? 0));
    }
}
