using ZooForge.Graph.Model;
using ZooForge.Hardware.Accelerator;
using ZooForge.Hardware.Performance;
using ZooForge.Hardware.Workloads;
using static ZooForge.Hardware.Tests.TestData;

namespace ZooForge.Hardware.Tests.Performance;

/// <summary>
/// The zooforge model: monotonicity properties the DSE's pruning relies on, over every layer of
/// every built-in network, plus a few small cases computed by hand.
/// </summary>
[TestFixture]
public sealed class ZooForgeLatencyModelTests
{
    private static readonly LatencyModel Model = LatencyModels.ZooForge;

    /// <summary>Largest kernel in the zoo (alexnet's 11×11 conv1), so every random design can run every layer.</summary>
    private const int ZooTk = 11;

    public static IEnumerable<TestCaseData> ModelsAndNetworks() =>
        from m in LatencyModels.All
        from n in AllModels
        select new TestCaseData(m.Name, n).SetArgDisplayNames(m.Name, n);

    /// <summary>A random design the model can run every layer on (the zooforge model's activation ports are one width).</summary>
    private static AcceleratorDesign RandomDesign(Random rng, bool allowInt8, LatencyModel model)
    {
        EngineTiling? dw = rng.Next(2) == 0 ? null : new EngineTiling(rng.Next(1, 400), 1, rng.Next(ZooTk, 80), rng.Next(ZooTk, 80), ZooTk);
        var d = Design(rng.Next(1, 250), rng.Next(1, 80), rng.Next(ZooTk, 120), rng.Next(ZooTk, 120), ZooTk,
            rng.Next(1, 20), rng.Next(1, 20), rng.Next(1, 20), dw, allowInt8 && rng.Next(2) == 0 ? 8 : 16);
        return model.PortIncompatibility(d.Ports) is null ? d : d with { Ports = d.Ports with { Output = d.Ports.Input } };
    }

    /// <summary>
    /// What the DSE's port dominance relies on: no model gets slower when the weight port widens,
    /// and a model that declares <see cref="LatencyModel.MonotoneInActivationPorts"/> (HotNAS's)
    /// not when an activation port widens either. (The zooforge model declares it false: see
    /// <see cref="A_wider_activation_port_can_cost_cycles_when_tiles_split_channel_words"/>; its DSE tries every
    /// activation width, and DesignSpaceExplorerTests hold the pruned search to the exhaustive one.)
    /// </summary>
    [TestCaseSource(nameof(ModelsAndNetworks))]
    public void Latency_never_increases_when_a_port_the_model_is_monotone_in_widens(string modelName, string network)
    {
        var model = LatencyModels.Get(modelName);
        var rng = new Random(StableSeed(network) ^ 17);
        foreach (var layer in WorkloadsOf(network))
        {
            for (int i = 0; i < 4; i++)
            {
                var d = RandomDesign(rng, allowInt8: modelName == "zooforge", model);
                Assert.That(model.Incompatibility(layer, d), Is.Null);
                double before = model.Cycles(layer, d);
                var p = d.Ports;
                var wider = new List<PortWidths> { p with { Weight = p.Weight + rng.Next(1, 10) } };
                if (model.MonotoneInActivationPorts)
                {
                    wider.Add(p with { Input = p.Input + rng.Next(1, 10) });
                    wider.Add(p with { Output = p.Output + rng.Next(1, 10) });
                }
                foreach (var w in wider)
                {
                    double after = model.Cycles(layer, d with { Ports = w });
                    Assert.That(after, Is.LessThanOrEqualTo(before), $"{layer.Name}: {d} -> ports {w}");
                }
            }
        }
    }

    /// <summary>
    /// A store-bound 1x1 layer of 12 output channels in tiles of Tm = 6: with 6-lane activation
    /// words each tile writes one word per pixel (channels [0, 6) and [6, 12)), with 10-lane words
    /// the second tile spans words 0 and 1, so the store moves 3 words a pixel instead of 2.
    /// </summary>
    [Test]
    public void A_wider_activation_port_can_cost_cycles_when_tiles_split_channel_words()
    {
        var layer = Conv("split-words", 12, 6, 16, 1, 1, 0);
        var narrow = Design(6, 6, 16, 16, 1, 2, 6, 6);
        var wide = narrow with { Ports = new PortWidths(2, 10, 10) };
        var a = Model.EvaluateLayer(layer, narrow);
        var b = Model.EvaluateLayer(layer, wide);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(a.OutputCycles, Is.EqualTo(2 * 16 * 16));
            Assert.That(b.OutputCycles, Is.EqualTo(3 * 16 * 16));
            Assert.That(b.Cycles, Is.GreaterThan(a.Cycles));
            Assert.That(Model.MonotoneInActivationPorts, Is.False);
        }
    }

    [Test]
    public void Activation_ports_of_two_widths_are_incompatible()
    {
        var layer = Conv("c", 12, 6, 16, 1, 1, 0);
        Assert.That(Model.Incompatibility(layer, Design(6, 6, 16, 16, 1, 2, 6, 10)), Does.Contain("I_p must equal O_p"));
        Assert.That(Model.Incompatibility(layer, Design(6, 6, 16, 16, 1, 2, 10, 10)), Is.Null);
        Assert.That(LatencyModels.HotNas.Incompatibility(layer, Design(6, 6, 16, 16, 1, 2, 6, 10)), Is.Null, "HotNAS's template has separate activation ports");
    }

    [TestCaseSource(nameof(ModelsAndNetworks))]
    public void Fewer_pattern_ones_never_increase_cycles(string modelName, string network)
    {
        var model = LatencyModels.Get(modelName);
        var rng = new Random(StableSeed(network) ^ 29);
        foreach (var layer in WorkloadsOf(network).Where(l => l.Kind.IsConvolution() && l.K > 1))
        {
            var d = RandomDesign(rng, allowInt8: modelName == "zooforge", model);
            double previous = model.Cycles(layer, d);
            for (int ones = layer.K * layer.K - 1; ones >= 1; ones--)
            {
                double cycles = model.Cycles(layer with { PatternOnes = ones, IsPatternPruned = true }, d);
                Assert.That(cycles, Is.LessThanOrEqualTo(previous), $"{layer.Name} with {ones} ones on {d}");
                previous = cycles;
            }
        }
    }

    [TestCaseSource(nameof(ModelsAndNetworks))]
    public void Eight_bit_weights_are_never_slower_than_sixteen_bit(string modelName, string network)
    {
        var model = LatencyModels.Get(modelName);
        var rng = new Random(StableSeed(network) ^ 43);
        foreach (var layer in WorkloadsOf(network).Where(l => (l.Kind.IsConvolution() || l.Kind == OpKind.Linear)))
        {
            var d = RandomDesign(rng, allowInt8: false, model);
            double dense = model.Cycles(layer, d);
            double w16 = model.Cycles(layer with { WeightBits = 16 }, d);
            double w8 = model.Cycles(layer with { WeightBits = 8 }, d);
            Assert.That(w16, Is.EqualTo(dense), $"{layer.Name}: 16-bit weights on a 16-bit design are the default");
            Assert.That(w8, Is.LessThanOrEqualTo(w16), $"{layer.Name} on {d}");
        }
    }

    [Test]
    public void Cycles_agree_with_EvaluateLayer_and_bound_holds_on_random_layers([Values(4, 5, 6)] int seed)
    {
        var rng = new Random(seed);
        for (int i = 0; i < 2000; i++)
        {
            var (layer, design) = HotNasLatencyModelTests.RandomLayerAndDesign(rng);
            if (rng.Next(2) == 0) design = design with { DataBits = 8 };
            design = design with { Ports = design.Ports with { Output = design.Ports.Input } };
            Assert.That(Model.Incompatibility(layer, design), Is.Null, $"{layer} on {design}");
            double cycles = Model.Cycles(layer, design);
            Assert.That(cycles, Is.EqualTo(Model.EvaluateLayer(layer, design).Cycles), $"{layer} on {design}");
            Assert.That(Model.ComputeBoundCycles(layer, design), Is.LessThanOrEqualTo(cycles), $"{layer} on {design}");
            Assert.That(cycles, Is.GreaterThan(0));
        }
    }

    [TestCase(30, 3, 1, 57, 28)]
    [TestCase(30, 3, 2, 57, 14)]
    [TestCase(64, 7, 2, 112, 29)]
    [TestCase(32, 1, 1, 7, 7)]
    public void Outputs_per_tile(int tile, int k, int s, int outputs, int expected) =>
        Assert.That(ZooForgeLatencyModel.OutputsPerTile(tile, k, s, outputs), Is.EqualTo(expected));

    [TestCase(1, 4)]
    [TestCase(2, 5)]
    [TestCase(3, 6)]
    [TestCase(4, 6)]
    [TestCase(36, 10)]
    [TestCase(64, 10)]
    [TestCase(65, 11)]
    public void Pipeline_depth_is_ceil_log2_tn_plus_4(int tn, int expected) =>
        Assert.That(ZooForgeLatencyModel.ComputePipelineDepth(tn), Is.EqualTo(expected));

    // Two MACs per DSP work on pixel pairs: an odd tile computes one idle pixel (as the RTL measures).
    [TestCase(5, 5, 1, 4 * 25 + 6)]
    [TestCase(5, 5, 2, 4 * 26 + 6)]
    [TestCase(8, 8, 2, 4 * 64 + 6)]
    public void Tile_compute_cycles_count_pixel_pairs_when_packed(int rows, int cols, int macsPerDsp, long expected) =>
        Assert.That(ZooForgeLatencyModel.TileComputeCycles(4, rows, cols, tn: 4, macsPerDsp), Is.EqualTo(expected));

    [Test]
    public void Edge_tiles_are_costed_at_their_real_size()
    {
        // M=4 N=2 R=57 C=10 K=3 S=1 P=0 (H=59, W=12) on [4,2,30,30,3,1,1,1], 16-bit: one value per lane-cycle.
        // A 30-row input tile yields (30−3)/1+1 = 28 output rows -> ⌈57/28⌉ = 3 row tiles: 28, 28 and 1 rows.
        // Columns: min(10, 28) = 10 -> one column tile of 10. One M tile, one N step (Tn = 2 = N).
        // Pipeline fill ⌈log2 2⌉+4 = 5. Weights per step: 4·2·9 = 72.
        // Full tiles (×2): compute 9·28·10+5 = 2525; input 2·(28−1+3)·min(10−1+3, 12) = 2·30·12 = 720;
        //   store 4·28·10 = 1120. Edge tile (×1): compute 9·1·10+5 = 95; input 2·3·12 = 72; store 4·1·10 = 40.
        // The engine's stages: load 720; compute 2525 beside load 720; compute 2525 beside load 72
        //   and the first tile's store 1120; the edge tile's compute 95 beside the second tile's
        //   store 1120 (a short tile cannot hide a long store); the last store 40.
        // 720 + 2525 + 2525 + 1120 + 40 = 6930.
        // Sums: I = 2·720+72 = 1512, W = 3·72 = 216, C = 2·2525+95 = 5145, O = 2·1120+40 = 2280.
        var layer = Conv("edge", 4, 2, 57, 3, 1, 0, c: 10);
        var design = Design(4, 2, 30, 30, 3, 1, 1, 1);
        Assert.That((layer.H, layer.W), Is.EqualTo((59, 12)));
        var l = Model.EvaluateLayer(layer, design);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(l.Cycles, Is.EqualTo(6930));
            Assert.That(l.InputCycles, Is.EqualTo(1512));
            Assert.That(l.WeightCycles, Is.EqualTo(216));
            Assert.That(l.ComputeCycles, Is.EqualTo(5145));
            Assert.That(l.OutputCycles, Is.EqualTo(2280));
            Assert.That(l.Bottleneck, Is.EqualTo(Bottleneck.Compute));
            Assert.That(l.Unit, Is.EqualTo(ExecutionUnit.ConvEngine));
            // Lower bound: the compute steps alone, 5145.
            Assert.That(Model.ComputeBoundCycles(layer, design), Is.EqualTo(5145));
        }
    }

    [Test]
    public void Channel_edge_tiles_load_and_store_only_their_channels()
    {
        // M=5 N=3 R=C=4 K=1 S=1 P=0 (H=W=4) on [4,2,8,8,1,1,1,1], 16-bit.
        // One 4x4 spatial tile; M tiles of 4 and 1 channels; N steps of 2 and 1 channels.
        // Fill ⌈log2 2⌉+4 = 5; compute per step 1·4·4+5 = 21; input window 4·4 = 16 pixels.
        // M tile of 4: steps max(max(2·16, 4·2), 21) = 32 and max(max(1·16, 4·1), 21) = 21 -> 53;
        //   the layer's first tile, so no store beside its first step; its store 4·16 = 64.
        // M tile of 1: steps max(32, 21) + max(16, 21) = 53, its first step beside the store of
        //   the tile of 4: max(32, 64) = 64 -> 64 + 21 = 85; its store 1·16 = 16.
        // First load 32, last store 16: 53 + 85 + 32 + 16 = 186 (the engine's stages: load 32;
        // 21; 32; store 64 beside 32 and 21; 21; store 16).
        // Sums: I = 2·(32+16) = 96, W = (8+4) + (2+1) = 15, C = 4·21 = 84, O = 64+16 = 80.
        var layer = Conv("channel-edges", 5, 3, 4, 1, 1, 0);
        var design = Design(4, 2, 8, 8, 1, 1, 1, 1);
        var l = Model.EvaluateLayer(layer, design);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(l.Cycles, Is.EqualTo(186));
            Assert.That(l.InputCycles, Is.EqualTo(96));
            Assert.That(l.WeightCycles, Is.EqualTo(15));
            Assert.That(l.ComputeCycles, Is.EqualTo(84));
            Assert.That(l.OutputCycles, Is.EqualTo(80));
            Assert.That(l.Bottleneck, Is.EqualTo(Bottleneck.LoadInput));
        }
    }

    [TestCase(0, 8, 8, 1)]
    [TestCase(0, 9, 8, 2)]
    [TestCase(8, 4, 8, 1)]
    [TestCase(6, 4, 8, 2)]
    [TestCase(3, 1, 8, 1)]
    public void Channel_ranges_span_whole_words(int first, int count, int perWord, long expected) =>
        Assert.That(ZooForgeLatencyModel.ChannelWords(first, count, perWord), Is.EqualTo(expected));

    [Test]
    public void Activation_words_are_channel_blocks_and_clipped_windows_are_not_read()
    {
        // M=10 N=12 R=C=5 K=3 S=1 P=1 (H=W=5) on [8,8,5,5,3], 8-bit, ports W_p=2, I_p=O_p=4:
        // 4 weights and 8 activations (one channel block) per beat; two MACs per DSP.
        // A 5-row tile yields 3 output rows: row tiles of 3 (window rows −1..3, 4 inside) and 2
        // (rows 2..5, 3 inside); columns alike. Steps: channels 0..7 and 8..11, one word each.
        // Channel tiles: 0..7 and 8..9, one word each. Fill ⌈log2 8⌉+4 = 7.
        //   tile 3x3: input 1·4·4 = 16 per step, compute 9·(9+1 idle) + 7 = 97, store 1·9 = 9;
        //   tile 3x2 and 2x3: input 1·4·3 = 12, compute 9·6 + 7 = 61, store 6;
        //   tile 2x2: input 1·3·3 = 9, compute 9·4 + 7 = 43, store 4.
        //   weights (9 per kernel): tile 0..7: 8·8·9/4 = 144 and 8·4·9/4 = 72; tile 8..9: 36 and 18.
        // Loads per step: channel tile 0..7 144 then 72, 8..9 36 then 18 (the weights dominate).
        // In the engine's order (spatial tiles 3x3, 3x2, 2x3, 2x2, the two channel tiles of each) a
        // tile's first compute step runs beside its second step's load and its second beside the
        // next tile's first load: 3x3: 0..7 97 + max(36, 97) = 194, 8..9 97 + max(144, 97) = 241;
        // 3x2 and 2x3: 0..7 72 + 61 = 133, 8..9 61 + 144 = 205; 2x2: 0..7 72 + 43 = 115, 8..9
        // 43 + 43 = 86 (nothing left to load). Stores are all hidden.
        // Body 194 + 241 + 2·(133 + 205) + 115 + 86 = 1312; first load 144, last store 4: 1460.
        // Sums: I = 2 tiles·2 steps·(16+12+12+9) = 196; W = 4·(144+72) + 4·(36+18) = 1080;
        //   C = 2·2·(97+61+61+43) = 1048; O = 2·(9+6+6+4) = 50.
        var layer = Conv("blocks", 10, 12, 5, 3, 1, 1);
        var design = Design(8, 8, 5, 5, 3, 2, 4, 4, dataBits: 8);
        var l = Model.EvaluateLayer(layer, design);
        Assert.That((l.Cycles, l.InputCycles, l.WeightCycles, l.ComputeCycles, l.OutputCycles), Is.EqualTo((1460.0, 196.0, 1080.0, 1048.0, 50.0)));
    }

    [Test]
    public void Depthwise_engine_runs_one_pass_per_channel_tile()
    {
        // Depthwise M=N=8 R=C=14 K=3 S=1 P=1 (H=W=14) on the depthwise engine [4,1,16,16,3], ports 1,1,1.
        // (16−3)/1+1 = 14 ≥ 14 -> one 14×14 tile; ⌈8/4⌉ = 2 channel tiles, one pass each (no ⌈N/Tn⌉ factor).
        // Per tile: compute 9·14·14 + (0+4) = 1768; input 4 ch·min(13+3, 14)² = 4·196 = 784;
        //   weights 4·1·9 = 36; store 4·14·14 = 784; step = max(max(784,36), 1768) = 1768.
        // body = 2·max(1768, 784) = 3536; + first load 784 + last store 784 = 5104.
        // Sums: I = 2·784 = 1568, W = 2·36 = 72, C = 2·1768 = 3536, O = 2·784 = 1568.
        var layer = Depthwise("dw", 8, 14, 3, 1, 1);
        var design = Design(8, 4, 16, 16, 3, 1, 1, 1, new EngineTiling(4, 1, 16, 16, 3));
        var l = Model.EvaluateLayer(layer, design);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(l.Cycles, Is.EqualTo(5104));
            Assert.That(l.InputCycles, Is.EqualTo(1568));
            Assert.That(l.WeightCycles, Is.EqualTo(72));
            Assert.That(l.ComputeCycles, Is.EqualTo(3536));
            Assert.That(l.OutputCycles, Is.EqualTo(1568));
            Assert.That(l.Unit, Is.EqualTo(ExecutionUnit.DepthwiseEngine));
            Assert.That(Model.ComputeBoundCycles(layer, design), Is.EqualTo(3536));
        }
    }

    [Test]
    public void Depthwise_without_a_depthwise_engine_uses_the_conv_engine_lanes()
    {
        // Same layer on the conv engine [8,4,16,16,3]: all 8 channels in one tile, one input per lane.
        // compute 9·14·14 + 4 = 1768 (Tn = 1 per lane); input 8·196 = 1568; weights 8·9 = 72; store 8·196 = 1568.
        // body = max(max(1568,72), 1768) = 1768 (store 1568 is hidden); + 1568 + 1568 = 4904.
        var layer = Depthwise("dw", 8, 14, 3, 1, 1);
        var l = Model.EvaluateLayer(layer, Design(8, 4, 16, 16, 3, 1, 1, 1));
        Assert.That(l.Cycles, Is.EqualTo(4904));
        Assert.That(l.Unit, Is.EqualTo(ExecutionUnit.ConvEngine));
    }

    [Test]
    public void Pool_and_add_layers_are_modelled_on_the_post_process_unit()
    {
        var layers = WorkloadsOf("resnet18");
        var design = HotNasResNet18; // I_p = O_p = 6 lanes of 16 bits: 6 values per cycle each way.
        foreach (var layer in layers.Where(l => l.Kind.IsPooling() || l.Kind == OpKind.Add))
        {
            var l = Model.EvaluateLayer(layer, design);
            Assert.That(l.Cycles, Is.GreaterThan(0), layer.Name);
            Assert.That(l.Unit, Is.EqualTo(ExecutionUnit.PostProcess), layer.Name);
            Assert.That(Model.ComputeBoundCycles(layer, design), Is.Zero, layer.Name);
        }
        // Activations are channel blocks of 6 (one word of 6 lanes): 64 channels are ⌈64/6⌉ = 11 words per pixel.
        // layer1.0.add reads two tensors of 11·56·56 = 34496 words, 68992 beats; writes 34496.
        Assert.That(Model.Cycles(layers.Single(l => l.Name == "layer1.0.add"), design), Is.EqualTo(68992));
        // maxpool reads every input word once, 11·112·112 = 137984; writes 11·56·56 = 34496.
        Assert.That(Model.Cycles(layers.Single(l => l.Name == "maxpool"), design), Is.EqualTo(137984));
        // The classifier runs on the conv engine.
        Assert.That(Model.EvaluateLayer(layers.Single(l => l.Name == "fc"), design).Unit, Is.EqualTo(ExecutionUnit.ConvEngine));
        Assert.That(WorkloadExtractor.Ops.All(Model.Counts), Is.True);
    }

    [Test]
    public void A_kernel_larger_than_Tk_runs_as_passes_and_needs_only_their_window_in_the_tile()
    {
        var layer = Conv("conv1", 64, 3, 112, 7, 2, 3);
        Assert.That(Model.Incompatibility(layer, Design(70, 36, 64, 64, 3, 18, 6, 6)), Is.Null);
        Assert.That(Model.Incompatibility(layer, Design(70, 36, 4, 64, 3, 18, 6, 6)), Is.Null, "a 4-row tile holds a 3x3 pass");
        Assert.That(Model.Incompatibility(layer, Design(70, 36, 2, 64, 3, 18, 6, 6)), Does.Contain("conv1").And.Contain("2x64").And.Contain("3x3"));
        // HotNAS's model has no decomposition.
        Assert.That(LatencyModels.HotNas.Incompatibility(layer, Design(70, 36, 64, 64, 3, 18, 6, 6)), Does.Contain("Tk=3").And.Contain("7x7"));
    }

    [Test]
    public void Decomposed_kernel_costs_its_passes_as_virtual_input_channels()
    {
        // 5x5 conv, N = 2 → M = 3, 6x6 outputs (P = 2), on a Tk = 3 engine: ⌈5/3⌉² = 4 passes of
        // 3x3, so 8 virtual input channels in 2 steps of Tn = 4 (step 0: passes 0 and 1, step 1:
        // passes 2 and 3, both channels each). The 8-pixel tile yields (8−3)+1 = 6 output rows and
        // columns: one spatial tile, all 3 output channels. 16-bit values, 2 lanes: words of 2.
        //   The tile's window starts at −2 and loads 8 rows; pass row offset 0 covers rows −2..5,
        //   6 inside the input; offset 3 covers 1..8, 5 inside. Columns alike. Channels 0..1 are one word.
        //   input: pass 0 1·6·6 = 36, pass 1 (column offset 3) 1·6·5 = 30, pass 2 30, pass 3 1·5·5 = 25;
        //   step 0 = 36 + 30 = 66, step 1 = 30 + 25 = 55, total 121.
        //   compute per step 9·36 + (⌈log2 4⌉ + 4) = 330;   weights per step 3·4·9 / 2 = 54;
        //   store: 3 channels span ⌈3/2⌉ = 2 words per pixel, 2·36 = 72;
        //   cycles = max(66, 330) + max(55, 330) + first load max(66, 54) + last store 72 = 798.
        var layer = Conv("c5", 3, 2, 6, 5, 1, 2);
        var design = Design(4, 4, 8, 8, 3, 2, 2, 2);
        var l = Model.EvaluateLayer(layer, design);
        Assert.That((l.Cycles, l.ComputeCycles, l.InputCycles, l.WeightCycles, l.OutputCycles), Is.EqualTo((798.0, 660.0, 121.0, 108.0, 72.0)));
    }

    [Test]
    public void Decomposed_depthwise_kernel_takes_one_step_per_pass()
    {
        // 5x5 depthwise over 4 channels, 4x4 outputs (P = 2), Tm_d = 4, Tk = 3: 4 passes, each a
        // step of 9·16 + 4 (depth of a one-input lane) = 148 compute cycles.
        var layer = Depthwise("dw5", 4, 4, 5, 1, 2);
        var design = Design(4, 4, 8, 8, 3, 2, 2, 2, new EngineTiling(4, 1, 8, 8, 3));
        var l = Model.EvaluateLayer(layer, design);
        Assert.That(l.ComputeCycles, Is.EqualTo(4 * 148.0));
        // Weights per step: 4 lanes · 9 taps / 2 lanes of the weight port = 18.
        Assert.That(l.WeightCycles, Is.EqualTo(4 * 18.0));
    }

    [Test]
    public void Dense_engine_computes_and_stores_every_tap_of_a_pattern_layer()
    {
        // 3x3 conv with 4-of-9 patterns, N = M = 4, 4x4 outputs, one step of Tn = 4:
        //   patterned: 4 taps · 16 + 6 = 70 cycles, (4 + 1 id)·16 kernels / 2 = 40 weight beats;
        //   dense:     9 taps · 16 + 6 = 150 cycles, 9·16 / 2 = 72 beats, no ids.
        var layer = Conv("c3", 4, 4, 4, 3, 1, 1, patternOnes: 4);
        var design = Design(4, 4, 6, 6, 3, 2, 2, 2);
        var patterned = Model.EvaluateLayer(layer, design);
        var dense = Model.EvaluateLayer(layer, design with { Dense = true });
        Assert.That((patterned.ComputeCycles, patterned.WeightCycles), Is.EqualTo((70.0, 40.0)));
        Assert.That((dense.ComputeCycles, dense.WeightCycles), Is.EqualTo((150.0, 72.0)));
    }

    [Test]
    public void Incompatibility_reports_tile_smaller_than_kernel()
    {
        var layer = Conv("conv1", 64, 3, 112, 7, 2, 3);
        string? why = Model.Incompatibility(layer, Design(70, 36, 5, 64, 7, 18, 6, 6));
        Assert.That(why, Does.Contain("conv1").And.Contain("5x64").And.Contain("7x7"));
        why = Model.Incompatibility(layer, Design(70, 36, 64, 6, 7, 18, 6, 6));
        Assert.That(why, Does.Contain("conv1").And.Contain("64x6"));
    }

    [Test]
    public void Incompatibility_checks_the_depthwise_engine_for_depthwise_layers()
    {
        var layer = Depthwise("features.1.conv.0.0", 32, 112, 3, 1, 1);
        var design = Design(70, 36, 64, 64, 3, 18, 6, 6, new EngineTiling(64, 1, 2, 32, 3));
        Assert.That(Model.Incompatibility(layer, design), Does.Contain("features.1.conv.0.0").And.Contain("2x32"));
        Assert.That(Model.Incompatibility(layer, design with { Depthwise = null }), Is.Null);
    }

    [Test]
    public void Evaluate_throws_naming_the_layer()
    {
        var layers = WorkloadsOf("resnet18");
        Assert.That(() => Model.Evaluate(layers, Design(70, 36, 2, 64, 3, 18, 6, 6)),
            Throws.TypeOf<WorkloadException>().With.Message.Contain("conv1"));
        Assert.That(Model.Evaluate(layers, HotNasResNet18).Layers, Has.Count.EqualTo(layers.Length));
    }
}
