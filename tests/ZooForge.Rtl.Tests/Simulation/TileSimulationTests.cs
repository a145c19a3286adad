using ZooForge.TestSupport;
using ZooForge.Rtl.Rendering;
using ZooForge.Rtl.Simulation;

namespace ZooForge.Rtl.Tests.Simulation;

/// <summary>
/// The tile engine, its descriptor (steps, pixel groups, pixels) given at run time and its
/// accumulators in synchronous-read banks, simulated in Verilator on a tile cut from the integer
/// reference: every output bit-exact and the compute cycles equal to ZooForgeLatencyModel's.
/// </summary>
[Category("Rtl")]
public class TileSimulationTests
{
    public static IEnumerable<TestCaseData> Tiles() =>
        TinyDesigns.Names.Select(n => new TestCaseData(n, null).SetArgDisplayNames(n))
            .Append(new TestCaseData("resnet_p4_int8", "fc").SetArgDisplayNames("resnet_p4_int8 fc, one pixel group"));

    [TestCaseSource(nameof(Tiles))]
    public void The_tile_is_bit_exact_in_the_model_cycles(string name, string? layer)
    {
        using var temp = new TempFolder();
        var (tile, model, design, _, _) = TinyDesigns.Tile(name, layer: layer);
        var project = RtlProject.Write(Path.Combine(temp.Path, "rtl"), model, tile);
        var result = TileSimulation.Run(project, Path.Combine(temp.Path, "sim"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Mismatches, Is.Empty);
            Assert.That((result.Passed, result.Errors, result.Checked), Is.EqualTo((true, 0, tile.Pixels * tile.ActiveOutChannels)));
            Assert.That(result.ComputeCycles, Is.EqualTo(tile.ModelComputeCycles(design.Accelerator)));
        }
    }
}
