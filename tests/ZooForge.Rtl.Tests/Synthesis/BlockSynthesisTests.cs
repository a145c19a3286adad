using ZooForge.Rtl.Synthesis;

namespace ZooForge.Rtl.Tests.Synthesis;

public class BlockSynthesisTests
{
    [Test]
    public void Stat_json_cells_are_counted_by_resource()
    {
        const string stat = """
            {"creator": "Yosys 0.23", "modules": {}, "design": {"num_cells": 9, "num_cells_by_type": {
              "BUFG": 1, "CARRY4": 10, "DSP48E2": 3, "FDRE": 32, "FDSE": 2, "INV": 1, "LUT2": 24, "LUT6": 5,
              "MUXF7": 4, "SRL16E": 2, "RAMB18E2": 1, "RAMB36E2": 2}}}
            """;
        Assert.That(BlockSynthesis.Parse("b", stat), Is.EqualTo(new BlockResources("b", Lut: 32, Ff: 34, Dsp: 3, Bram18: 5)));
    }
}
