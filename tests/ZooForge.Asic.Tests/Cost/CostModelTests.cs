using ZooForge.Asic.Cost;
using ZooForge.Asic.Dataflows;
using ZooForge.Asic.Description;
using ZooForge.Asic.Mapping;
using ZooForge.Asic.Problem;

namespace ZooForge.Asic.Tests.Cost;

public class CostModelTests
{
    private static SpatialAccelerator Hw(long l1 = 1 << 20, long l2 = 1 << 26, int noc = 16, int offChip = 1 << 20) => new()
    {
        Name = "test", PeX = 4, PeY = 1, L1Bytes = l1, L2Bytes = l2, NocBandwidth = noc, OffChipBandwidth = offChip, ClockMhz = 100,
    };

    private static readonly AsicLayer Fc = new() { Name = "fc", Kind = LayerKind.FullyConnected, K = 8, C = 4, R = 1, S = 1, P = 1, Q = 1 };

    // K across 4 PEs (2 folds), C temporal 1 at a time (4 steps): 8 iterations of 1 MAC per PE.
    private static readonly LoopNest FcNest = new("hand", [new MappingLevel([Loop.Spatial(Dim.K, 1, 4), Loop.Temporal(Dim.C, 1)])]);

    [Test]
    public void Hand_computed_loop_nest_matches_the_model()
    {
        var cost = LoopNestCostModel.Evaluate(Fc, Hw(), FcNest);
        // First iteration: ingress of 4 weights + 1 input = 5 words, one beat (+1 hop − 1) = 1 cycle, then 1 MAC: 2 cycles.
        // 7 more iterations: max(ingress 1, compute 1, egress of 4 partial sums 1) = 1 cycle each.
        Assert.That(cost.Cycles, Is.EqualTo(2 + 7));
        Assert.That(cost.Macs, Is.EqualTo(32));
        Assert.That(cost.Utilisation, Is.EqualTo(32.0 / (9 * 4)).Within(1e-12));
    }

    [Test]
    public void Noc_delay_is_hops_plus_beats()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(LoopNestCostModel.NocDelay(0, 8, 1, 1), Is.Zero);
            Assert.That(LoopNestCostModel.NocDelay(1, 8, 1, 1), Is.EqualTo(1));
            Assert.That(LoopNestCostModel.NocDelay(17, 8, 1, 1), Is.EqualTo(3));
            Assert.That(LoopNestCostModel.NocDelay(17, 8, 3, 2), Is.EqualTo(8));
        }
    }

    [Test]
    public void Low_bandwidth_makes_the_noc_the_bottleneck()
    {
        var layer = MaestroGoldenTests.Layer("r18_l1_conv");
        var fast = LoopNestCostModel.Evaluate(layer, Hw(noc: 1024) with { PeX = 256 }, DataflowTemplates.Create(Dataflow.RowStationary, layer, 256));
        var slow = LoopNestCostModel.Evaluate(layer, Hw(noc: 1) with { PeX = 256 }, DataflowTemplates.Create(Dataflow.RowStationary, layer, 256));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(fast.Bottleneck, Is.EqualTo(Bottleneck.Compute));
            Assert.That(slow.Bottleneck, Is.AnyOf(Bottleneck.NocIngress, Bottleneck.NocEgress));
            Assert.That(slow.Cycles, Is.GreaterThan(fast.Cycles));
        }
    }

    [Test]
    public void Energy_is_macs_times_mac_energy_plus_accesses_times_level_energy()
    {
        var layer = MaestroGoldenTests.Layer("r18_l2_conv");
        var hw = AcceleratorCatalogue.Resolve("eyeriss-like");
        var cost = LoopNestCostModel.Evaluate(layer, hw, DataflowTemplates.Create(Dataflow.RowStationary, layer, hw.Pes));
        var e = hw.Energy;
        var a = cost.Accesses;
        double expected = cost.Macs * e.MacPj + a.L1 * e.L1Pj + a.L2 * e.L2Pj + a.Dram * e.DramPj + a.NocWords * e.NocPj;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(cost.EnergyPj, Is.EqualTo(expected).Within(1e-9).Percent);
            Assert.That(cost.MacEnergyPj, Is.EqualTo(cost.Macs * e.MacPj));
            Assert.That(a.L1Reads.Weight, Is.EqualTo(cost.Macs), "one weight read per MAC");
            Assert.That(a.Dram, Is.GreaterThan(0));
            Assert.That(cost.Edp, Is.EqualTo(cost.EnergyPj * cost.Cycles));
        }
    }

    [Test]
    public void A_mapping_whose_pe_tile_exceeds_l1_is_refused()
    {
        var layer = MaestroGoldenTests.Layer("r18_l1_conv");
        // rs with 64 output channels per step: the PE holds 64×3 weights, 64 partial sums and 3 inputs (×2 buffers) = 518 words.
        var mapping = DataflowTemplates.Create(Dataflow.RowStationary, layer, 168, new TemplateTiles { OutputChannelTile = 64 });
        var e = Assert.Throws<MappingException>(() => LoopNestCostModel.Evaluate(layer, Hw(l1: 512) with { PeX = 168 }, mapping));
        Assert.That(e!.Message, Does.Contain("needs 518 B of L1 per PE").And.Contain("has 512 B"));
        Assert.DoesNotThrow(() => LoopNestCostModel.Evaluate(layer, Hw(l1: 518) with { PeX = 168 }, mapping));
    }

    [Test]
    public void A_mapping_whose_top_tile_exceeds_l2_is_refused()
    {
        var layer = MaestroGoldenTests.Layer("r18_l1_conv");
        var mapping = DataflowTemplates.Create(Dataflow.WeightStationary, layer, 256);
        // Top tile: 4 filters × 64 channels × 9 + 64×9 inputs + 4 outputs = 2,884 words, double-buffered 5,768 (MAESTRO's L2 figure too).
        var e = Assert.Throws<MappingException>(() => LoopNestCostModel.Evaluate(layer, Hw(l2: 5767) with { PeX = 256 }, mapping));
        Assert.That(e!.Message, Does.Contain("needs 5768 B of L2"));
    }

    [Test]
    public void A_mapping_needing_more_pes_than_the_array_is_refused()
    {
        var e = Assert.Throws<MappingException>(() => LoopNestCostModel.Evaluate(Fc, Hw() with { PeX = 2 }, FcNest));
        Assert.That(e!.Message, Does.Contain("needs 4 PEs"));
    }

    [Test]
    public void Depthwise_layers_cost_one_channel_per_filter()
    {
        var dw = new AsicLayer { Name = "dw", Kind = LayerKind.Depthwise, K = 1, C = 32, R = 3, S = 3, P = 112, Q = 112 };
        foreach (var dataflow in new[] { Dataflow.WeightStationary, Dataflow.OutputStationary, Dataflow.RowStationary })
        {
            var cost = LoopNestCostModel.Evaluate(dw, Hw() with { PeX = 168 }, DataflowTemplates.Create(dataflow, dw, 168));
            Assert.That(cost.Macs, Is.EqualTo(32L * 9 * 112 * 112));
            Assert.That(cost.Utilisation, Is.GreaterThan(0).And.LessThanOrEqualTo(1), dataflow.ToString());
        }
    }

    [Test]
    public void The_evaluator_is_deterministic_and_reusable()
    {
        var evaluator = new CostEvaluator();
        var hw = Hw() with { PeX = 256 };
        var a = MaestroGoldenTests.Layer("r18_conv1");
        var b = MaestroGoldenTests.Layer("mv2_pw2");
        var ma = DataflowTemplates.Create(Dataflow.OutputStationary, a, 256);
        var mb = DataflowTemplates.Create(Dataflow.OutputStationary, b, 256);
        long first = evaluator.Evaluate(a, hw, ma).Cycles;
        evaluator.Evaluate(b, hw, mb);
        Assert.That(evaluator.Evaluate(a, hw, ma).Cycles, Is.EqualTo(first));
        Assert.That(evaluator.Cycles(a, hw, ma), Is.EqualTo(first));
    }
}
