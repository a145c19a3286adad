using ZooForge.Graph.Model;
using ZooForge.Hardware.Accelerator;
using ZooForge.Hardware.Performance;
using ZooForge.Hardware.Workloads;
using static ZooForge.Hardware.Tests.TestData;

namespace ZooForge.Hardware.Tests.Performance;

/// <summary>
/// The hotnas model against figures computed by hand from DESIGN.md §2:
/// tW = Tm·Tn·K²/W_p (quantized: Tm·Tn·K²/⌊16·W_p/b⌋; depthwise: Tm·K²/W_p with Tn = Tm),
/// tI = min(Tn,N)·min(Tr,R)·min(Tc,C)/I_p, tO = min(Tm,M)·⌈min(Tr,R)/S⌉·⌈min(Tc,C)/S⌉/O_p,
/// tC = K²·⌈min(Tr,R+2P)/S⌉·⌈min(Tc,C+2P)/S⌉, Lat1 = max(tI,tW,tC),
/// Lat2 = max(⌈N/Tn⌉·Lat1, tO), cycles = B·⌈R/Tr⌉·⌈C/Tc⌉·⌈M/Tm⌉·Lat2.
/// The breakdown sums each term over the layer: I, W and C are charged ⌈N/Tn⌉ times per output
/// tile, O once per output tile.
/// </summary>
[TestFixture]
public sealed class HotNasLatencyModelTests
{
    private static readonly LatencyModel Model = LatencyModels.HotNas;

    public sealed record Case(string Name, LayerWorkload Layer, AcceleratorDesign Design, double Cycles, Bottleneck Bottleneck,
        double Input, double Weight, double Output, double Compute, ExecutionUnit Unit = ExecutionUnit.ConvEngine)
    {
        public override string ToString() => Name;
    }

    private static readonly EngineTiling Dw64 = new(64, 1, 32, 32, 3);

    public static IEnumerable<Case> Cases()
    {
        // resnet18 conv1: M=64 N=3 R=C=112 K=7 S=2 P=3 on [70,36,64,64,7,18,6,6].
        // tW = 70·36·49/18 = 123480/18 = 6860
        // tI = min(36,3)·min(64,112)·min(64,112)/6 = 3·64·64/6 = 2048
        // tO = min(70,64)·⌈64/2⌉·⌈64/2⌉/6 = 64·32·32/6 = 65536/6 = 10922.67
        // tC = 49·⌈min(64,118)/2⌉² = 49·32·32 = 50176            -> Lat1 = 50176 (compute)
        // ⌈3/36⌉ = 1: Lat2 = max(50176, 10922.67) = 50176
        // tiles = ⌈112/64⌉·⌈112/64⌉·⌈64/70⌉ = 2·2·1 = 4          -> 200704
        // I = 2048·1·4 = 8192, W = 6860·4 = 27440, O = 65536·4/6 = 43690.67, C = 50176·4 = 200704
        yield return new Case("7x7 stride 2 pad 3, N < Tn, partial tiles (conv1)",
            Conv("conv1", 64, 3, 112, 7, 2, 3), HotNasResNet18,
            200704, Bottleneck.Compute, 8192, 27440, 262144.0 / 6, 200704);

        // resnet18 layer2.0.downsample.0: M=128 N=64 R=C=28 K=1 S=2 P=0, same design.
        // tW = 70·36·1/18 = 140
        // tI = 36·28·28/6 = 28224/6 = 4704                        -> Lat1 = 4704 (input)
        // tO = 70·⌈28/2⌉·⌈28/2⌉/6 = 70·14·14/6 = 13720/6 = 2286.67
        // tC = 1·⌈28/2⌉·⌈28/2⌉ = 196
        // ⌈64/36⌉ = 2: Lat2 = max(2·4704, 2286.67) = 9408
        // tiles = 1·1·⌈128/70⌉ = 2                                -> 18816
        // I = 4704·2·2 = 18816, W = 140·2·2 = 560, O = 13720·2/6 = 4573.33, C = 196·2·2 = 784
        yield return new Case("1x1 stride 2, M not a multiple of Tm (downsample)",
            Conv("layer2.0.downsample.0", 128, 64, 28, 1, 2, 0, h: 56), HotNasResNet18,
            18816, Bottleneck.LoadInput, 18816, 560, 27440.0 / 6, 784);

        // layer4 3x3: M=512 N=512 R=C=7 K=3 S=1 P=1 on [70,36,64,64,3,2,18,12].
        // tW = 70·36·9/2 = 22680/2 = 11340                        -> Lat1 = 11340 (weight)
        // tI = 36·7·7/18 = 1764/18 = 98
        // tO = 70·7·7/12 = 3430/12 = 285.83
        // tC = 9·min(64,9)·min(64,9) = 729
        // ⌈512/36⌉ = 15: Lat2 = 15·11340 = 170100
        // tiles = 1·1·⌈512/70⌉ = 8                                -> 1360800
        // I = 98·15·8 = 11760, W = 1360800, O = 3430·8/12 = 2286.67, C = 729·15·8 = 87480
        yield return new Case("3x3 weight-bound, M and N not multiples of Tm, Tn",
            Conv("layer4.1.conv2", 512, 512, 7, 3, 1, 1), Design(70, 36, 64, 64, 3, 2, 18, 12),
            1360800, Bottleneck.LoadWeight, 11760, 1360800, 27440.0 / 12, 87480);

        // Same layer quantized to 16 bits: ⌊16·2/16⌋ = 2, identical to the dense figures.
        yield return new Case("WeightBits=16 equals unquantized",
            Conv("layer4.1.conv2", 512, 512, 7, 3, 1, 1, weightBits: 16), Design(70, 36, 64, 64, 3, 2, 18, 12),
            1360800, Bottleneck.LoadWeight, 11760, 1360800, 27440.0 / 12, 87480);

        // Same layer, 8-bit weights: tW = 22680/⌊16·2/8⌋ = 22680/4 = 5670
        // Lat2 = 15·5670 = 85050 (> tO 285.83), cycles = 8·85050 = 680400; W = 5670·15·8 = 680400
        yield return new Case("8-bit weights",
            Conv("layer4.1.conv2", 512, 512, 7, 3, 1, 1, weightBits: 8), Design(70, 36, 64, 64, 3, 2, 18, 12),
            680400, Bottleneck.LoadWeight, 11760, 680400, 27440.0 / 12, 87480);

        // Same layer, 6-bit weights, W_p = 10: ⌊16·10/6⌋ = ⌊26.67⌋ = 26, tW = 22680/26 = 872.307692...
        // Lat1 = 872.31 (> tC 729, tI 98), Lat2 = 15·22680/26 = 13084.615..., cycles = 8·15·22680/26 = 2721600/26
        yield return new Case("6-bit weights, fractional tW",
            Conv("layer4.1.conv2", 512, 512, 7, 3, 1, 1, weightBits: 6), Design(70, 36, 64, 64, 3, 10, 18, 12),
            2721600.0 / 26, Bottleneck.LoadWeight, 11760, 2721600.0 / 26, 27440.0 / 12, 87480);

        // M=128 N=4 R=C=30 K=1 S=1 P=0 on [64,8,32,32,1,18,18,2].
        // tW = 64·8·1/18 = 512/18 = 28.44
        // tI = min(8,4)·30·30/18 = 3600/18 = 200
        // tO = 64·30·30/2 = 28800
        // tC = 1·30·30 = 900                                       -> Lat1 = 900
        // ⌈4/8⌉ = 1: Lat2 = max(900, 28800) = 28800 (store)
        // tiles = 1·1·⌈128/64⌉ = 2                                -> 57600
        // I = 200·2 = 400, W = 512·2/18 = 56.89, O = 57600, C = 900·2 = 1800
        yield return new Case("store-bound, N < Tn",
            Conv("store", 128, 4, 30, 1, 1, 0), Design(64, 8, 32, 32, 1, 18, 18, 2),
            57600, Bottleneck.StoreOutput, 400, 1024.0 / 18, 57600, 1800);

        // resnet18 layer1: M=N=64 R=C=56 K=3 S=1 P=1 on [70,36,32,32,3,10,10,10] (R=56 is not a multiple of Tr=32).
        // tW = 70·36·9/10 = 2268
        // tI = 36·32·32/10 = 3686.4
        // tO = 64·32·32/10 = 6553.6
        // tC = 9·min(32,58)·min(32,58) = 9216                     -> Lat1 = 9216
        // ⌈64/36⌉ = 2: Lat2 = max(18432, 6553.6) = 18432
        // tiles = ⌈56/32⌉·⌈56/32⌉·1 = 4                           -> 73728
        // I = 3686.4·2·4 = 29491.2, W = 2268·8 = 18144, O = 6553.6·4 = 26214.4, C = 9216·8 = 73728
        var layer1 = Conv("layer1.0.conv1", 64, 64, 56, 3, 1, 1);
        var tiled = Design(70, 36, 32, 32, 3, 10, 10, 10);
        yield return new Case("3x3 pad 1, R not a multiple of Tr",
            layer1, tiled, 73728, Bottleneck.Compute, 29491.2, 18144, 26214.4, 73728);

        // Same with 4-of-9 patterns: tC = 4·32·32 = 4096 -> Lat1 = max(3686.4, 2268, 4096) = 4096,
        // Lat2 = max(8192, 6553.6) = 8192, cycles = 4·8192 = 32768; C = 4096·8 = 32768
        yield return new Case("pattern ones 4 on 3x3",
            layer1 with { PatternOnes = 4, IsPatternPruned = true }, tiled,
            32768, Bottleneck.Compute, 29491.2, 18144, 26214.4, 32768);

        // 3-of-9 patterns: tC = 3072 < tI = 3686.4 -> input-bound, Lat2 = 7372.8, cycles = 29491.2; C = 3072·8 = 24576
        yield return new Case("pattern ones 3 on 3x3 moves the bottleneck to input",
            layer1 with { PatternOnes = 3, IsPatternPruned = true }, tiled,
            29491.2, Bottleneck.LoadInput, 29491.2, 18144, 26214.4, 24576);

        // mobilenet_v2 features.2.conv.1.0: depthwise M=N=96 R=C=56 K=3 S=2 P=1 (H=112) on
        // depthwise engine [64,1,32,32,3], ports 6,6,6. Tn is forced to Tm = 64.
        // tW = 64·9/6 = 96
        // tI = min(64,96)·32·32/6 = 65536/6 = 10922.67            -> Lat1 (input)
        // tO = min(64,96)·⌈32/2⌉·⌈32/2⌉/6 = 16384/6 = 2730.67
        // tC = 9·⌈min(32,58)/2⌉² = 9·16·16 = 2304
        // ⌈96/64⌉ = 2: Lat2 = 2·65536/6 = 21845.33
        // tiles = ⌈56/32⌉·⌈56/32⌉·⌈96/64⌉ = 8                     -> 8·131072/6 = 174762.67
        // I = 174762.67, W = 96·2·8 = 1536, O = 16384·8/6 = 21845.33, C = 2304·16 = 36864
        yield return new Case("depthwise on the depthwise engine",
            Depthwise("features.2.conv.1.0", 96, 56, 3, 2, 1, h: 112), Design(70, 36, 32, 32, 3, 6, 6, 6, Dw64),
            1048576.0 / 6, Bottleneck.LoadInput, 1048576.0 / 6, 1536, 131072.0 / 6, 36864, ExecutionUnit.DepthwiseEngine);

        // Same layer without a depthwise engine: the conv engine's Tm = 70, Tn forced to 70.
        // tW = 70·9/6 = 105, tI = min(70,96)·32·32/6 = 71680/6 = 11946.67, tO = 70·16·16/6 = 17920/6 = 2986.67,
        // tC = 2304; ⌈96/70⌉ = 2: Lat2 = 143360/6 = 23893.33; tiles = 2·2·⌈96/70⌉ = 8 -> 1146880/6 = 191146.67
        // I = 1146880/6, W = 105·16 = 1680, O = 17920·8/6 = 143360/6, C = 2304·16 = 36864
        yield return new Case("depthwise on the conv engine",
            Depthwise("features.2.conv.1.0", 96, 56, 3, 2, 1, h: 112), Design(70, 36, 32, 32, 3, 6, 6, 6),
            1146880.0 / 6, Bottleneck.LoadInput, 1146880.0 / 6, 1680, 143360.0 / 6, 36864);

        // Batch 2 doubles everything (B multiplies the tile count): the store-bound case above.
        yield return new Case("batch 2",
            Conv("store", 128, 4, 30, 1, 1, 0, batch: 2), Design(64, 8, 32, 32, 1, 18, 18, 2),
            115200, Bottleneck.StoreOutput, 800, 2048.0 / 18, 115200, 3600);
    }

    [TestCaseSource(nameof(Cases))]
    public void Layer_matches_hand_computation(Case c)
    {
        var l = Model.EvaluateLayer(c.Layer, c.Design);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(l.Cycles, Is.EqualTo(c.Cycles).Within(1e-9).Percent, "cycles");
            Assert.That(l.Bottleneck, Is.EqualTo(c.Bottleneck), "bottleneck");
            Assert.That(l.InputCycles, Is.EqualTo(c.Input).Within(1e-9).Percent, "I");
            Assert.That(l.OutputCycles, Is.EqualTo(c.Output).Within(1e-9).Percent, "O");
            Assert.That(l.WeightCycles, Is.EqualTo(c.Weight).Within(1e-9).Percent, "W");
            Assert.That(l.ComputeCycles, Is.EqualTo(c.Compute).Within(1e-9).Percent, "C");
            Assert.That(l.Unit, Is.EqualTo(c.Unit), "unit");
            Assert.That(Model.Cycles(c.Layer, c.Design), Is.EqualTo(l.Cycles), "Cycles() == EvaluateLayer().Cycles");
        }
    }

    [Test]
    public void Fractional_cycles_are_kept_not_rounded()
    {
        // 6-bit case above: 2721600/26 = 104676.923..., not an integer.
        var cycles = Model.Cycles(Conv("q", 512, 512, 7, 3, 1, 1, weightBits: 6), Design(70, 36, 64, 64, 3, 10, 18, 12));
        Assert.That(cycles, Is.EqualTo(2721600.0 / 26).Within(1e-9).Percent);
        Assert.That(cycles - Math.Floor(cycles), Is.GreaterThan(0.9));
    }

    public static IEnumerable<TestCaseData> NotModelled()
    {
        var net = WorkloadsOf("resnet18");
        yield return new TestCaseData(net.Single(w => w.Kind == OpKind.Linear)).SetArgDisplayNames("fc");
        yield return new TestCaseData(net.First(w => w.Kind.IsPooling())).SetArgDisplayNames("maxpool");
        yield return new TestCaseData(net.Last(w => w.Kind.IsPooling())).SetArgDisplayNames("avgpool");
        yield return new TestCaseData(net.First(w => w.Kind == OpKind.Add)).SetArgDisplayNames("add");
    }

    [TestCaseSource(nameof(NotModelled))]
    public void Linear_pool_and_add_are_not_modelled(LayerWorkload layer)
    {
        var l = Model.EvaluateLayer(layer, HotNasResNet18);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(l.Cycles, Is.Zero);
            Assert.That(l.Unit, Is.EqualTo(ExecutionUnit.NotModelled));
            Assert.That(l.IsModelled, Is.False);
            Assert.That(l.Bottleneck, Is.EqualTo(Bottleneck.None));
            Assert.That(Model.Cycles(layer, HotNasResNet18), Is.Zero);
            Assert.That(Model.ComputeBoundCycles(layer, HotNasResNet18), Is.Zero);
            Assert.That(Model.Counts(layer.Kind), Is.False);
        }
    }

    [Test]
    public void Largest_design_the_parser_accepts_does_not_overflow()
    {
        // [65536,65536,64,64,3,18,6,6]: tW = 65536·65536·9/18 = 2^31 (the int product 65536²·9 wraps to 0).
        // M=N=64 R=C=56 K=3 P=1: tI = tO = 64·56·56/6 = 33450.67, tC = 9·58·58 = 30276; one tile, one N step.
        var design = DesignParser.Parse("65536,65536,64,64,3,18,6,6");
        var l = Model.EvaluateLayer(Conv("c", 64, 64, 56, 3, 1, 1), design);
        Assert.That(l.WeightCycles, Is.EqualTo(2147483648.0));
        Assert.That(l.Cycles, Is.EqualTo(2147483648.0));
        Assert.That(l.Bottleneck, Is.EqualTo(Bottleneck.LoadWeight));
    }

    [Test]
    public void Only_convolutions_are_counted()
    {
        Assert.That(WorkloadExtractor.Ops.Where(Model.Counts),
            Is.EquivalentTo(new[] { OpKind.Conv, OpKind.GroupedConv, OpKind.DepthwiseConv }));
    }

    [Test]
    public void Eight_bit_designs_are_incompatible()
    {
        var design = HotNasResNet18 with { DataBits = 8 };
        Assert.That(Model.Incompatibility(Conv("c", 64, 64, 56, 3, 1, 1), design), Does.Contain("16-bit"));
    }

    [Test]
    public void Kernel_larger_than_Tk_is_incompatible_and_named()
    {
        var design = Design(70, 36, 64, 64, 3, 18, 6, 6);
        var layer = Conv("conv1", 64, 3, 112, 7, 2, 3);
        Assert.That(Model.Incompatibility(layer, design), Does.Contain("conv1").And.Contain("Tk=3"));
        Assert.That(() => Model.Evaluate([layer], design), Throws.TypeOf<WorkloadException>().With.Message.Contain("conv1"));
    }

    [Test]
    public void Cycles_agree_with_EvaluateLayer_and_bound_holds_on_random_layers([Values(1, 2, 3)] int seed)
    {
        var rng = new Random(seed);
        for (int i = 0; i < 2000; i++)
        {
            var (layer, design) = RandomLayerAndDesign(rng);
            double cycles = Model.Cycles(layer, design);
            var eval = Model.EvaluateLayer(layer, design);
            double bound = Model.ComputeBoundCycles(layer, design);
            Assert.That(cycles, Is.EqualTo(eval.Cycles), $"{layer} on {design}");
            Assert.That(bound, Is.LessThanOrEqualTo(cycles), $"{layer} on {design}");
            Assert.That(cycles, Is.GreaterThan(0));
            Assert.That(eval.Bottleneck, Is.Not.EqualTo(Bottleneck.None));
        }
    }

    /// <summary>A random conv or depthwise layer and a design that can run it.</summary>
    internal static (LayerWorkload Layer, AcceleratorDesign Design) RandomLayerAndDesign(Random rng)
    {
        int[] kernels = [1, 3, 5, 7];
        int k = kernels[rng.Next(kernels.Length)];
        int s = rng.Next(1, 3);
        int p = rng.Next(0, k / 2 + 1);
        int r = rng.Next(1, 120);
        bool depthwise = rng.Next(4) == 0;
        int m = rng.Next(1, 600);
        int n = depthwise ? m : rng.Next(1, 600);
        int? ones = rng.Next(3) == 0 ? rng.Next(1, k * k + 1) : null;
        int[] bits = [0, 0, 4, 6, 8, 16];
        var layer = Conv($"random{rng.Next()}", m, n, r, k, s, p, c: rng.Next(1, 120), patternOnes: ones,
            weightBits: bits[rng.Next(bits.Length)], batch: rng.Next(1, 3));
        if (depthwise) layer = layer with { Kind = OpKind.DepthwiseConv };
        int tk = Math.Max(k, rng.Next(1, 12));
        EngineTiling? dw = rng.Next(2) == 0 ? null : new EngineTiling(rng.Next(1, 300), 1, rng.Next(k, 80), rng.Next(k, 80), tk);
        var design = Design(rng.Next(1, 250), rng.Next(1, 80), rng.Next(k, 130), rng.Next(k, 130), tk,
            rng.Next(1, 20), rng.Next(1, 20), rng.Next(1, 20), dw);
        return (layer, design);
    }

    /// <summary>
    /// HotNAS's published resnet18 design on the true resnet18 shapes. Independently computed by
    /// a short Python script (no ZooForge code) from torchvision's 20 conv layers and the DESIGN.md
    /// formulas with float division:
    /// <code>
    /// conv1 200704; layer1.*.conv* 60552 each (x4);
    /// layer2: conv1 18816, conv2 64800, downsample 18816, 1.conv1 64800, 1.conv2 64800;
    /// layer3: conv1 20160, conv2 73728, downsample 18816, 1.conv1 73728, 1.conv2 73728;
    /// layer4: conv1 80640, conv2 151200, downsample 18816, 1.conv1 151200, 1.conv2 151200;
    /// total = 1488160.0 cycles (14.88e5; HotNAS's script prints about 12.57e5 with its own shapes).
    /// </code>
    /// </summary>
    [Test]
    public void Resnet18_published_design_total_cycles()
    {
        var layers = WorkloadsOf("resnet18");
        var result = Model.Evaluate(layers, HotNasResNet18);
        TestContext.Out.WriteLine($"resnet18 on {HotNasResNet18} (hotnas, true shapes): {result.TotalCycles} cycles, {result.Milliseconds:0.####} ms");
        Assert.That(result.TotalCycles, Is.EqualTo(1488160.0).Within(1e-6 * 1488160.0));
        Assert.That(result.Layers.Count(l => l.IsModelled), Is.EqualTo(20));
        Assert.That(result.Layers.Single(l => l.Layer.Name == "layer4.0.conv2").Cycles, Is.EqualTo(151200).Within(1e-9));
        Assert.That(Model.TotalCycles(layers, HotNasResNet18), Is.EqualTo(result.TotalCycles));
        // 200 MHz: ms = cycles / (200·1000).
        Assert.That(result.Milliseconds, Is.EqualTo(1488160.0 / 200_000).Within(1e-9));
    }
}
