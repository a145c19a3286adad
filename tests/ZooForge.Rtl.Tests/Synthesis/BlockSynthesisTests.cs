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

    [Test]
    public void A_kept_module_is_counted_once_and_the_design_over_every_instance()
    {
        // The shape of Yosys 0.23 `stat -top zf_pe_array -json` with the lane kept as hierarchy:
        // the top lists the lane instances as cells, the design totals multiply them out.
        const string stat = """
            {"creator": "Yosys 0.23", "modules": {
              "\\zf_pe_array": {"num_cells": 6, "num_cells_by_type": {"BUFG": 1, "FDRE": 5, "zf_pe_lane": 4}},
              "\\zf_pe_lane": {"num_cells": 13, "num_cells_by_type": {"DSP48E2": 2, "FDRE": 7, "LUT3": 4}}},
             "design": {"num_cells": 57, "num_cells_by_type": {"BUFG": 1, "DSP48E2": 8, "FDRE": 33, "LUT3": 16}}}
            """;
        Assert.That(BlockSynthesis.ParseModule("zf_pe_lane", stat), Is.EqualTo(new BlockResources("zf_pe_lane", Lut: 4, Ff: 7, Dsp: 2, Bram18: 0)));
        Assert.That(BlockSynthesis.Parse("zf_pe_array", stat), Is.EqualTo(new BlockResources("zf_pe_array", Lut: 16, Ff: 33, Dsp: 8, Bram18: 0)));
        Assert.That(() => BlockSynthesis.ParseModule("zf_missing", stat), Throws.TypeOf<SynthesisException>().With.Message.Contain("zf_missing"));
    }
}
