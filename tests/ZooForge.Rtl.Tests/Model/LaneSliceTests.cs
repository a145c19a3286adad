using ZooForge.TestSupport;
using ZooForge.Hardware.Accelerator;
using ZooForge.Rtl.Model;

namespace ZooForge.Rtl.Tests.Model;

public class LaneSliceTests
{
    [TestCase(8, 4, 8)]
    [TestCase(16, 16, 16)]
    [TestCase(32, 16, 16)]
    [TestCase(40, 126, 2)]
    [TestCase(220, 22, 11)]
    [TestCase(4, 300, 1)]
    public void Arrays_beyond_the_pe_budget_are_simulated_as_a_slice_of_whole_lanes(int tm, int tn, int lanes)
    {
        Assert.That(RtlTemplateModel.SimulatedLanes(new EngineTiling(tm, tn, 14, 14, 3)), Is.EqualTo(lanes));
    }

    [Test]
    public void Every_active_lane_of_the_tile_falls_in_one_lane_group()
    {
        var (tile, _, design, network, _) = TinyDesigns.Tile("resnet_p4_int8");
        var model = RtlTemplateModel.Create(design.Name, network.Name, design.Accelerator, tile, lanes: 3);
        Assert.That((tile.ActiveOutChannels, model.Lanes, model.LaneGroups), Is.EqualTo((8, 3, 3)), "8 lanes in groups of 3, 3 and 2");
        Assert.That(() => RtlTemplateModel.Create(design.Name, network.Name, design.Accelerator, tile, lanes: 9),
            Throws.TypeOf<ZooForge.Core.Errors.InvalidInputException>().With.Message.Contain("1..Tm = 8"));
    }
}
