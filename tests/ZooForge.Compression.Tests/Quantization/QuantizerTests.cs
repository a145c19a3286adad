using ZooForge.Core.Errors;
using ZooForge.Compression.Patterns;
using ZooForge.Compression.Quantization;
using ZooForge.Compression.Reference;
using ZooForge.Graph.Layers;
using ZooForge.Graph.Model;

namespace ZooForge.Compression.Tests.Quantization;

public class QuantizerTests
{
    private static NetworkWeights Weights(params (string Key, int[] Shape, float[] Data)[] tensors)
    {
        var w = new NetworkWeights();
        foreach (var (key, shape, data) in tensors) w.Set(key, new WeightTensor(shape, data));
        return w;
    }

    private static Dictionary<string, double> Ranges(params (string, double)[] ranges) =>
        ranges.ToDictionary(r => r.Item1, r => r.Item2);

    [Test]
    public void ConvReluByHand()
    {
        // fixed:8 keeps every scale a power of two: s_in = 2^-6 (range 1), s_w = 2^-6 (max |w| 1),
        // s_out = 2^-5 (range 2), so the multiplier is 2^-7 = 2^30 · 2^-37.
        var b = new NetworkBuilder("tiny", new TensorShape(1, 3, 3));
        b.Relu("relu", b.Conv("conv", b.Input, 1, kernel: 2));
        var network = b.Build();
        var weights = Weights(("conv.weight", [1, 1, 2, 2], [1f, -0.5f, 0.25f, 0.5f]), ("conv.bias", [1], [0.3f]));
        var q = Quantizer.Quantize(network, weights, Ranges(("input", 1), ("conv", 2), ("relu", 2)), QuantScheme.Parse("fixed:8"));

        Assert.That(q.Ops, Has.Count.EqualTo(1));
        var conv = (QConv)q.Ops[0];
        Assert.Multiple(() =>
        {
            Assert.That(conv.Name, Is.EqualTo("relu"), "named after the last absorbed layer");
            Assert.That(conv.Weights, Is.EqualTo(new[] { 64, -32, 16, 32 }));
            Assert.That(conv.Bias, Is.EqualTo(new[] { 1229 })); // 0.3 / 2^-12 = 1228.8
            Assert.That(conv.Multiplier, Is.EqualTo(new[] { 1 << 30 }));
            Assert.That(conv.Shift, Is.EqualTo(new[] { 37 }));
            Assert.That((conv.Lo, conv.Hi), Is.EqualTo((0, 127)));
            Assert.That(q.Tensors["input"].Scale, Is.EqualTo(1.0 / 64));
            Assert.That(q.Tensors["relu"].Scale, Is.EqualTo(1.0 / 32));
        });

        var input = Quantizer.QuantizeInput(new[] { 0.5f, 0.25f, -1f, 0.125f, 1f, 0.75f, 0f, -0.5f, 0.3f }, q);
        Assert.That(input, Is.EqualTo(new[] { 32, 16, -64, 8, 64, 48, 0, -32, 19 }));
        // (0,0): 32·64 − 16·32 + 8·16 + 64·32 + 1229 = 4941 → 4941/128 = 38.6 → 39
        // (0,1): 16·64 + 64·32 + 64·16 + 48·32 + 1229 = 6861 → 53.6 → 54
        // (1,0): 8·64 − 64·32 + 0 − 32·32 + 1229 = −1331 → −10.4 → −10 → ReLU → 0
        // (1,1): 64·64 − 48·32 − 32·16 + 19·32 + 1229 = 3885 → 30.35 → 30
        Assert.That(IntegerReference.Run(q, input)["relu"], Is.EqualTo(new[] { 39, 54, 0, 30 }));
    }

    [Test]
    public void AddWithRescaleByHand()
    {
        // int8: s_a = 1/127, s_b = 2/127, s_out = 3/127: ratios 1/3 and 2/3 share shift 31.
        var b = new NetworkBuilder("tiny_add", new TensorShape(1, 1, 4));
        string a = b.Conv("a", b.Input, 1, kernel: 1, bias: false);
        string c = b.Conv("b", b.Input, 1, kernel: 1, bias: false);
        b.Relu("relu", b.Sum("add", a, c));
        var network = b.Build();
        var weights = Weights(("a.weight", [1, 1, 1, 1], [1f]), ("b.weight", [1, 1, 1, 1], [2f]));
        var q = Quantizer.Quantize(network, weights, Ranges(("input", 1), ("a", 1), ("b", 2), ("add", 3), ("relu", 3)), QuantScheme.Int8);

        var add = (QAdd)q.Ops[2];
        Assert.Multiple(() =>
        {
            Assert.That(q.Ops.Select(o => o.Name), Is.EqualTo(new[] { "a", "b", "relu" }));
            Assert.That((add.A, add.B), Is.EqualTo(("a", "b")));
            Assert.That(add.MultiplierA, Is.EqualTo(715827883));  // round(2^31 / 3)
            Assert.That(add.MultiplierB, Is.EqualTo(1431655765)); // round(2^32 / 3)
            Assert.That(add.Shift, Is.EqualTo(31));
            Assert.That((add.Lo, add.Hi), Is.EqualTo((0, 127)));
        });
        var input = Quantizer.QuantizeInput(new[] { 1f, -1f, 0.5f, 0.25f }, q);
        Assert.That(input, Is.EqualTo(new[] { 127, -127, 64, 32 }));
        var t = IntegerReference.Run(q, input);
        Assert.Multiple(() =>
        {
            Assert.That(t["a"], Is.EqualTo(input));
            Assert.That(t["b"], Is.EqualTo(input));
            // x/3 + 2x/3 with M_A + M_B = 2^31 exactly: out = x, then ReLU.
            Assert.That(t["relu"], Is.EqualTo(new[] { 127, 0, 64, 32 }));
        });
    }

    [Test]
    public void LinearAfterFlattenByHand()
    {
        var b = new NetworkBuilder("tiny_fc", new TensorShape(4, 1, 1));
        b.Linear("fc", b.Flatten("flatten", b.Input), 2);
        var network = b.Build();
        var weights = Weights(("fc.weight", [2, 4], [0.5f, -0.25f, 1f, 0f, 0.125f, 0.5f, -0.5f, 0.25f]), ("fc.bias", [2], [0.1f, -0.2f]));
        var q = Quantizer.Quantize(network, weights, Ranges(("input", 1), ("flatten", 1), ("fc", 2)), QuantScheme.Parse("fixed:8"));

        var fc = (QConv)q.Ops[1];
        Assert.Multiple(() =>
        {
            Assert.That(q.Ops[0], Is.TypeOf<QFlatten>());
            Assert.That((fc.Kernel, fc.InChannels, fc.OutChannels, fc.Groups), Is.EqualTo((1, 4, 2, 1)));
            // channel 0: s_w = 2^-6; channel 1 (max |w| 0.5): s_w = 2^-7.
            Assert.That(fc.Weights, Is.EqualTo(new[] { 32, -16, 64, 0, 16, 64, -64, 32 }));
            Assert.That(fc.Bias, Is.EqualTo(new[] { 410, -1638 })); // 0.1·2^12 = 409.6, −0.2·2^13 = −1638.4
            Assert.That(fc.Shift, Is.EqualTo(new[] { 37, 38 }));
            Assert.That((fc.Lo, fc.Hi), Is.EqualTo((-128, 127)));
        });
        var input = Quantizer.QuantizeInput(new[] { 0.5f, -0.25f, 0.75f, 1f }, q);
        Assert.That(input, Is.EqualTo(new[] { 32, -16, 48, 64 }));
        // ch0: 1024 + 256 + 3072 + 0 + 410 = 4762 → /2^7 = 37.2 → 37
        // ch1: 512 − 1024 − 3072 + 2048 − 1638 = −3174 → /2^8 = −12.4 → −12
        Assert.That(IntegerReference.Run(q, input)["fc"], Is.EqualTo(new[] { 37, -12 }));
    }

    [Test]
    public void Relu6FusesIntoTheClampWithSixAsTheTop()
    {
        var b = new NetworkBuilder("tiny6", new TensorShape(1, 1, 1));
        b.Relu6("r6", b.Conv("conv", b.Input, 1, kernel: 1));
        var weights = Weights(("conv.weight", [1, 1, 1, 1], [1f]), ("conv.bias", [1], [0f]));
        var q = Quantizer.Quantize(b.Build(), weights, Ranges(("input", 8), ("conv", 8), ("r6", 8)), QuantScheme.Int8);
        var conv = (QConv)q.Ops.Single();
        Assert.That((conv.Name, conv.Lo, conv.Hi), Is.EqualTo(("r6", 0, 95))); // 6 / (8/127) = 95.25
    }

    [Test]
    public void BatchNormFoldsInDoubleThenRoundsToFloat32()
    {
        var b = new NetworkBuilder("bn", new TensorShape(2, 3, 3));
        b.BatchNorm("bn", b.Conv("conv", b.Input, 2, kernel: 3, bias: true));
        var network = b.Build();
        var weights = TestNetworks.RandomWeights(network, 3);
        var op = Fusion.Plan(network).Single();
        var folded = BatchNormFolding.Fold(op, weights);
        var w = weights.Get("conv.weight").Data;
        for (int m = 0; m < 2; m++)
        {
            double k = weights.Get("bn.weight").Data[m] / Math.Sqrt(weights.Get("bn.running_var").Data[m] + 1e-5);
            for (int i = 0; i < 18; i++) Assert.That(folded.Weight[m * 18 + i], Is.EqualTo((float)(w[m * 18 + i] * k)));
            double bias = (weights.Get("conv.bias").Data[m] - (double)weights.Get("bn.running_mean").Data[m]) * k + weights.Get("bn.bias").Data[m];
            Assert.That(folded.Bias[m], Is.EqualTo((float)bias));
        }
        Assert.That(op.Name, Is.EqualTo("bn"));
    }

    [Test]
    [Category("Data")] // the zoo checkpoint
    public void ResNetOpsFollowTheNamingRule()
    {
        var (network, weights) = TestNetworks.LoadZoo("mnist_resnet");
        var ranges = Calibration.Ranges(network, weights, TestNetworks.Synthetic(network.InputShape, 16, 1), 16);
        var q = Quantizer.Quantize(network, weights, ranges, QuantScheme.Int8);
        Assert.That(q.Ops.Select(o => o.Name), Is.EqualTo(new[]
        {
            "relu",
            "layer1.0.relu", "layer1.0.bn2", "layer1.0.relu_1",
            "layer2.0.relu", "layer2.0.bn2", "layer2.0.downsample.1", "layer2.0.relu_1",
            "layer3.0.relu", "layer3.0.bn2", "layer3.0.downsample.1", "layer3.0.relu_1",
            "avgpool", "flatten", "fc",
        }));
        var add = (QAdd)q.Ops[3];
        Assert.Multiple(() =>
        {
            Assert.That((add.A, add.B, add.Lo), Is.EqualTo(("layer1.0.bn2", "relu", 0)));
            Assert.That(((QConv)q.Ops[1]).Input, Is.EqualTo("relu"));
            Assert.That(q.Ops[12], Is.TypeOf<QPool>().With.Property("IsAdaptive").True.And.Property("Shift").EqualTo(16));
            Assert.That(q.Tensors.Keys, Is.EquivalentTo(q.Ops.Select(o => o.Name).Append("input")));
            foreach (var op in q.Ops.Where(o => o is QConv or QAdd))
                Assert.That(q.Tensors[op.Name].Scale, Is.EqualTo(TensorScales.ForRange(ranges[op.Name], QuantScheme.Int8)), op.Name);
            Assert.That(q.Tensors["avgpool"].Scale, Is.EqualTo(q.Tensors["layer3.0.relu_1"].Scale));
            Assert.That(q.OutputName, Is.EqualTo("fc"));
        });
    }

    [Test]
    public void Int12TracksTheFloatReferenceOnEveryLayerType()
    {
        var network = TestNetworks.EveryLayer();
        var weights = TestNetworks.RandomWeights(network, 11);
        var calibration = TestNetworks.Synthetic(network.InputShape, 64, 5);
        var ranges = Calibration.Ranges(network, weights, calibration, 64);
        var q = Quantizer.Quantize(network, weights, ranges, QuantScheme.Parse("int12"));
        Assert.Multiple(() =>
        {
            Assert.That(q.Ops.Select(QuantizedNetworkChecks.KindOf), Is.EqualTo(new[]
                { "conv", "conv", "conv", "add", "maxpool", "avgpool", "concat", "clamp", "adaptiveavgpool", "flatten", "conv", "conv" }));
            Assert.That(q.Ops.Select(o => o.Name), Is.EqualTo(new[]
                { "relu1", "dwrelu", "gconv", "addrelu", "maxpool", "avgpool", "cat", "catrelu6", "adaptive", "flatten", "fc1relu", "fc2" }));
            Assert.That(((QConv)q.Ops[1]).Groups, Is.EqualTo(8));
            Assert.That(((QConv)q.Ops[2]).Groups, Is.EqualTo(2));
        });

        var reference = new FloatReference(network, weights);
        var integer = new IntegerReference(q);
        var test = TestNetworks.Synthetic(network.InputShape, 8, 99);
        for (int i = 0; i < test.Count; i++)
        {
            var f = reference.Run(test.GetImage(i));
            var n = integer.Run(Quantizer.QuantizeInput(test.GetImage(i), q));
            foreach (var op in q.Ops)
            {
                double scale = q.Tensors[op.Name].Scale, range = Math.Max(ranges[op.Name], 1e-9);
                double error = f[op.Name].Zip(n[op.Name], (a, b) => Math.Abs(a - b * scale)).Max();
                Assert.That(error / range, Is.LessThan(1e-2), $"image {i}, op {op.Name}: max error {error} for range {range}");
            }
        }
    }

    [Test]
    public void Int16OverflowsThe32BitAccumulatorAndSaysWhere()
    {
        var network = TestNetworks.EveryLayer();
        var weights = TestNetworks.RandomWeights(network, 11);
        var data = TestNetworks.Synthetic(network.InputShape, 8, 5);
        var q = Quantizer.Quantize(network, weights, Calibration.Ranges(network, weights, data, 8), QuantScheme.Parse("int16"));
        var reference = new IntegerReference(q);
        Assert.That(reference.Bounds.First(b => b.Op == "relu1").FitsInt32, Is.False);
        var e = Assert.Throws<QuantizationException>(() => reference.Run(Quantizer.QuantizeInput(data.GetImage(0), q)));
        Assert.That(e!.Message, Does.Contain("layer 'relu1'").And.Contain("32-bit accumulator"));
    }

    [Test]
    public void CalibrationIsDeterministicAndCoversEveryLayer()
    {
        var network = TestNetworks.EveryLayer();
        var weights = TestNetworks.RandomWeights(network, 11);
        var data = TestNetworks.Synthetic(network.InputShape, 40, 5);
        var a = Calibration.Ranges(network, weights, data, 32);
        var b = Calibration.Ranges(network, weights, data, 32);
        Assert.Multiple(() =>
        {
            Assert.That(a, Is.EqualTo(b));
            Assert.That(a.Keys, Is.EquivalentTo(network.Nodes.Select(n => n.Layer.Name).Append("input")));
            Assert.That(a["input"], Is.EqualTo(Enumerable.Range(0, 32).Max(i => TensorScales.MaxAbs(data.GetImage(i)))));
            Assert.That(a["relu1"], Is.GreaterThan(0));
            Assert.Throws<InvalidInputException>(() => Calibration.Ranges(network, weights, data, 41));
        });
    }

    [Test]
    public void ErrorsNameTheLayer()
    {
        var b = new NetworkBuilder("bad_bn", new TensorShape(1, 4, 4));
        string c1 = b.Conv("c1", b.Input, 2, kernel: 1);
        string c2 = b.Conv("c2", b.Input, 2, kernel: 1);
        b.BatchNorm("bn_after_add", b.Sum("add", c1, c2));
        var network = b.Build();
        var weights = TestNetworks.RandomWeights(network, 1);
        var ranges = network.Nodes.ToDictionary(n => n.Layer.Name, _ => 1.0);
        ranges["input"] = 1;
        var e = Assert.Throws<QuantizationException>(() => Quantizer.Quantize(network, weights, ranges, QuantScheme.Int8));
        Assert.That(e!.Message, Does.Contain("'bn_after_add'").And.Contain("cannot fold"));

        var b2 = new NetworkBuilder("shared_conv", new TensorShape(1, 4, 4));
        string c = b2.Conv("conv", b2.Input, 2, kernel: 1);
        b2.Sum("add", b2.BatchNorm("bn", c), c);
        var n2 = b2.Build();
        e = Assert.Throws<QuantizationException>(() => Quantizer.Quantize(n2, TestNetworks.RandomWeights(n2, 1), ranges, QuantScheme.Int8));
        Assert.That(e!.Message, Does.Contain("'bn'").And.Contain("'conv'"));

        var b3 = new NetworkBuilder("three", new TensorShape(1, 2, 2));
        b3.Sum("add3", b3.Input, b3.Input, b3.Input);
        e = Assert.Throws<QuantizationException>(() => Quantizer.Quantize(b3.Build(), new NetworkWeights(), new Dictionary<string, double> { ["input"] = 1, ["add3"] = 3 }, QuantScheme.Int8));
        Assert.That(e!.Message, Does.Contain("'add3'"));

        var b4 = new NetworkBuilder("missing", new TensorShape(1, 2, 2));
        b4.Relu("r", b4.Conv("conv", b4.Input, 1, kernel: 1));
        var n4 = b4.Build();
        e = Assert.Throws<QuantizationException>(() => Quantizer.Quantize(n4, TestNetworks.RandomWeights(n4, 1), new Dictionary<string, double> { ["input"] = 1, ["conv"] = 1 }, QuantScheme.Int8));
        Assert.That(e!.Message, Does.Contain("'r'").And.Contain("no calibration range"));
    }

    [Test]
    public void PatternsAreCopiedAndWeightsOutsideThemRejected()
    {
        var b = new NetworkBuilder("pat", new TensorShape(1, 5, 5));
        b.Conv("conv", b.Input, 2, kernel: 3, padding: 1);
        var network = b.Build();
        var weights = TestNetworks.RandomWeights(network, 2);
        var table = new KernelPatternTable(3, [0b010_111_010UL, 0b000_111_000UL]);
        var assignment = new PatternAssignment("conv", table, [0, -1]);
        var ranges = new Dictionary<string, double> { ["input"] = 1, ["conv"] = 2 };

        var e = Assert.Throws<QuantizationException>(() => Quantizer.Quantize(network, weights, ranges, QuantScheme.Int8,
            new Dictionary<string, PatternAssignment> { ["conv"] = assignment }));
        Assert.That(e!.Message, Does.Contain("'conv'").And.Contain("outside its pattern"));

        var w = weights.Get("conv.weight").Data;
        for (int p = 0; p < 9; p++)
        {
            if ((table.Masks[0] >> p & 1) == 0) w[p] = 0;
            w[9 + p] = 0;
        }
        var q = Quantizer.Quantize(network, weights, ranges, QuantScheme.Int8, new Dictionary<string, PatternAssignment> { ["conv"] = assignment });
        var conv = (QConv)q.Ops.Single();
        Assert.That((conv.Patterns, conv.PatternIds), Is.EqualTo((table, new[] { 0, -1 })));

        e = Assert.Throws<QuantizationException>(() => Quantizer.Quantize(network, weights, ranges, QuantScheme.Int8,
            new Dictionary<string, PatternAssignment> { ["nope"] = assignment with { Layer = "nope" } }));
        Assert.That(e!.Message, Does.Contain("'nope'"));
    }
}
