using ZooForge.Asic.Cost;
using ZooForge.Asic.Description;
using ZooForge.Asic.Mapping;
using ZooForge.Asic.Problem;

namespace ZooForge.Asic.Tests.Cost;

/// <summary>Hand-computed runs of the strided accounting the MAESTRO agreement rests on (CostEvaluator.Tiles).</summary>
public class StridedAccountingTests
{
    private static SpatialAccelerator Hw(int noc, int macsPerPe = 1) => new()
    {
        Name = "test", PeX = 4, PeY = 1, L1Bytes = 1 << 20, L2Bytes = 1 << 26, NocBandwidth = noc,
        OffChipBandwidth = 1 << 20, ClockMhz = 100, MacsPerPe = macsPerPe,
    };

    // Output rows across the 4 PEs, nothing else looped: every dimension else is held whole.
    private static readonly LoopNest RowsAcross4 = new("rows", [new MappingLevel([Loop.Spatial(Dim.P, 1, 4)])]);

    private static AsicLayer Conv(int p, int r, int stride, int inputHeight, int k = 1, int q = 1, int s = 0) => new()
    {
        Name = "conv", Kind = LayerKind.Conv, K = k, C = 1, R = r, S = s > 0 ? s : r, P = p, Q = q, Stride = stride, InputHeight = inputHeight,
    };

    [Test]
    public void Rows_past_the_last_window_add_a_fold_when_the_rows_fill_their_folds()
    {
        // 4 rows, 3×3 kernel, stride 2: the windows read 9 input rows; a 10th leaves a 2-row phantom window.
        // One fold: 4 windows of 9 words + 9 weights = 45 words at 16 per cycle (1 hop + 3 beats − 1 = 3), then 9 MACs: 12.
        // The phantom fold: one PE's window, 9 words (1 cycle), 9 MACs, its one output row (1 cycle): max = 9.
        using (Assert.EnterMultipleScope())
        {
            Assert.That(LoopNestCostModel.Evaluate(Conv(4, 3, 2, inputHeight: 0), Hw(16), RowsAcross4).Cycles, Is.EqualTo(12));
            Assert.That(LoopNestCostModel.Evaluate(Conv(4, 3, 2, inputHeight: 9), Hw(16), RowsAcross4).Cycles, Is.EqualTo(12));
            Assert.That(LoopNestCostModel.Evaluate(Conv(4, 3, 2, inputHeight: 10), Hw(16), RowsAcross4).Cycles, Is.EqualTo(12 + 9));
        }
    }

    [Test]
    public void A_fold_with_a_pe_to_spare_carries_the_phantom_window()
    {
        // 3 rows on 4 PEs, 3×3 at stride 2: the windows read 7 input rows. On 8, the spare PE is also sent
        // the 2-row phantom window: 3 windows of 9 words + 9 weights = 36 words (6 cycles at 6 per cycle)
        // become 42 (7 cycles). Then 9 MACs.
        using (Assert.EnterMultipleScope())
        {
            Assert.That(LoopNestCostModel.Evaluate(Conv(3, 3, 2, inputHeight: 7), Hw(6), RowsAcross4).Cycles, Is.EqualTo(6 + 9));
            Assert.That(LoopNestCostModel.Evaluate(Conv(3, 3, 2, inputHeight: 8), Hw(6), RowsAcross4).Cycles, Is.EqualTo(7 + 9));
        }
    }

    [Test]
    public void A_last_fold_of_one_row_is_lost_when_the_spare_row_makes_no_window()
    {
        // 5 rows of a 1×1 stride-2 layer: 9 input rows read; on 10 rows the spare one reaches no window
        // (1 + 1 − 2 = 0), and the last fold's one row goes with it. First fold: 4 + 1 words (1 cycle) + 1 MAC = 2;
        // the second: 1 word, 1 MAC, 1 output row, 1 cycle each.
        using (Assert.EnterMultipleScope())
        {
            Assert.That(LoopNestCostModel.Evaluate(Conv(5, 1, 2, inputHeight: 9), Hw(16), RowsAcross4).Cycles, Is.EqualTo(2 + 1));
            Assert.That(LoopNestCostModel.Evaluate(Conv(5, 1, 2, inputHeight: 10), Hw(16), RowsAcross4).Cycles, Is.EqualTo(2));
        }
    }

    [Test]
    public void Strided_egress_is_timed_by_window_pitch_rows_and_energy_by_real_outputs()
    {
        // 16 output channels, 4 rows across the PEs, 2×1 kernel at stride 2, 2 output columns stepped one at a time.
        var nest = new LoopNest("rows", [new MappingLevel([Loop.Spatial(Dim.P, 1, 4), Loop.Temporal(Dim.Q, 1)])]);
        var layer = Conv(4, 2, 2, inputHeight: 0, k: 16, q: 2, s: 1);
        var cost = LoopNestCostModel.Evaluate(layer, Hw(8, macsPerPe: 16), nest);
        // First step: 4 windows of 2 words + 32 weights = 40 words (1 + 5 − 1 = 5 cycles), 32 MACs / 16 = 2: 7.
        // Second: 8 new input words (1 cycle), 2 cycles of MACs, and the first column's outputs sent as
        // 16 × ((4 − 1)·2 + 1) = 112 words (1 + 14 − 1 = 14 cycles), not the 64 that exist (8 cycles).
        using (Assert.EnterMultipleScope())
        {
            Assert.That(cost.Cycles, Is.EqualTo(7 + 14));
            Assert.That(cost.Bottleneck, Is.EqualTo(Bottleneck.NocEgress));
            Assert.That(cost.Accesses.DramWrites.Output, Is.EqualTo(16 * 4 * 2));
        }
    }

    [Test]
    public void A_step_that_restarts_the_row_spread_sends_windows_with_shared_halos()
    {
        // 4 rows of a 3×3 stride-1 layer across the 4 PEs, 2 input channels one at a time, 9 MACs per PE per cycle.
        var layer = new AsicLayer { Name = "conv", Kind = LayerKind.Conv, K = 1, C = 2, R = 3, S = 3, P = 4, Q = 1 };
        var channelsOutside = new LoopNest("c-outside", [new MappingLevel([Loop.Temporal(Dim.C, 1), Loop.Spatial(Dim.P, 1, 4)])]);
        var channelsInside = new LoopNest("c-inside", [new MappingLevel([Loop.Spatial(Dim.P, 1, 4), Loop.Temporal(Dim.C, 1)])]);
        // First step either way: 4 windows of 9 + 9 weights = 45 words at 4 per cycle (1 + 12 − 1 = 12) and 1 cycle of MACs.
        // The channel step: outside the spread, it restarts it, and the 4 windows go as one of 6 rows sharing their
        // halos, 18 words + 9 weights (7 cycles); inside it, each PE is sent its own window again (12 cycles).
        using (Assert.EnterMultipleScope())
        {
            Assert.That(LoopNestCostModel.Evaluate(layer, Hw(4, macsPerPe: 9), channelsOutside).Cycles, Is.EqualTo(13 + 7));
            Assert.That(LoopNestCostModel.Evaluate(layer, Hw(4, macsPerPe: 9), channelsInside).Cycles, Is.EqualTo(13 + 12));
        }
    }

    [Test]
    public void A_spatial_loop_on_one_sub_unit_folds_the_phantom_window_and_a_temporal_loop_does_not()
    {
        // 4 rows of a 3×3 stride-2 layer on 10 input rows (9 read), one PE. First step: 9 + 9 words (2 cycles)
        // and 9 MACs; each further row: 2 new input rows of 3 (1 cycle), 9 MACs: 11 + 3 × 9 = 38. Declared
        // spatial, the loop also runs the phantom window's fold, 9 more cycles.
        var spatial = new LoopNest("spatial", [new MappingLevel([Loop.Spatial(Dim.P, 1, 1)])]);
        var temporal = new LoopNest("temporal", [new MappingLevel([Loop.Temporal(Dim.P, 1)])]);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(LoopNestCostModel.Evaluate(Conv(4, 3, 2, inputHeight: 10), Hw(16), temporal).Cycles, Is.EqualTo(38));
            Assert.That(LoopNestCostModel.Evaluate(Conv(4, 3, 2, inputHeight: 9), Hw(16), spatial).Cycles, Is.EqualTo(38));
            Assert.That(LoopNestCostModel.Evaluate(Conv(4, 3, 2, inputHeight: 10), Hw(16), spatial).Cycles, Is.EqualTo(38 + 9));
            Assert.That(Loop.Spatial(Dim.P, 1, 1).ToString(), Is.EqualTo("spatial P:1×1"));
        }
    }
}

