using ZooForge.TestSupport;
using ZooForge.Rtl.Rendering;
using ZooForge.Rtl.Synthesis;

namespace ZooForge.Rtl.Tests.Synthesis;

/// <summary>
/// Yosys 0.23 <c>synth_xilinx</c> of the whole tile engine at the design's full Tm: every
/// synthesizable module parses, the PE array keeps the resource model's DSPs, and the
/// accumulator banks are inferred as block RAM rather than flip-flops or LUT RAM.
/// </summary>
[Category("Rtl")]
public class TileEngineSynthesisTests
{
    [Test]
    public void The_whole_tile_engine_synthesises_with_its_accumulators_in_block_ram()
    {
        using var temp = new TempFolder();
        var (tile, model, design, _, _) = TinyDesigns.Tile("resnet_p4_int8");
        var project = RtlProject.Write(Path.Combine(temp.Path, "rtl"), model, tile);

        var engine = BlockSynthesis.Run(project, RtlTemplates.TileEngine, Path.Combine(temp.Path, "synth"));
        var requantizer = BlockSynthesis.Run(project, "zf_requantizer", Path.Combine(temp.Path, "synth"));
        TestContext.Out.WriteLine($"{engine.Total}; {requantizer.Total}");

        var e = design.Accelerator.Conv;
        int peDsp = e.Tm * e.Tn / design.Accelerator.MacsPerDsp;
        // Accumulators: Pack banks of Tm x 32 bits, ceil(Tr*Tc / Pack) deep; one RAMB18 is at most 36 bits wide (18 Kb).
        int bankBits = model.Pack * model.MaxGroups * e.Tm * 32;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(engine.Total.Dsp, Is.EqualTo(peDsp + e.Tm * requantizer.Total.Dsp), "the PE array's packed DSPs plus one requantizer per lane");
            Assert.That(engine.Total.Bram18, Is.GreaterThanOrEqualTo((bankBits + 18 * 1024 - 1) / (18 * 1024)), "the accumulators are block RAM");
            Assert.That(engine.Total.Ff, Is.LessThan(bankBits), "the accumulator array is not built of flip-flops");
            Assert.That(engine.Modules.Keys, Is.EquivalentTo(new[] { RtlTemplates.PeLane }));
        }
    }
}
