using ZooForge.Asic.Cost;
using ZooForge.Asic.Dataflows;
using ZooForge.Asic.Description;
using ZooForge.Asic.EdgeTpu;
using ZooForge.Asic.Mapping;
using ZooForge.Asic.Problem;
using ZooForge.Asic.Tests.Cost;

namespace ZooForge.Asic.Tests.EdgeTpu;

public class EdgeTpuTests
{
    [Test]
    public void The_built_in_space_holds_the_nahas_knobs()
    {
        var space = EdgeTpuSpace.BuiltIn();
        var point = space.Default();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(space.Size, Is.EqualTo(4L * 4 * 4 * 4 * 5 * 4 * 4));
            Assert.That((point.PesX, point.PesY, point.SimdUnits, point.ComputeLanes), Is.EqualTo((4, 4, 4, 32)));
            Assert.That(point.LocalMemoryKb, Is.EqualTo(256));
        }
    }

    [Test]
    public void A_space_file_is_read_strictly()
    {
        var e = Assert.Throws<AcceleratorFormatException>(() => EdgeTpuSpace.Parse("name: s\npes_x: [1, 2]\npes_y: []\n", "s.yaml"));
        Assert.That(e!.Message, Does.StartWith("s.yaml:3:").And.Contain("pes_y"));
    }

    private const string Space = "name: s\npes_x: {min: 2, max: 8, factor: 2}\npes_y: [4, 1]\nsimd_units: [4]\ncompute_lanes: {min: 16, max: 32, step: 16}\nlocal_memory_kb: [256]\nregister_file_kb: [32]\nio_bandwidth_gbps: [32]\nclock_mhz: 800\n";

    [Test]
    public void Knobs_are_lists_or_ranges_in_ascending_order()
    {
        var space = EdgeTpuSpace.Parse(Space, "s.yaml");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(space.PesX, Is.EqualTo(new long[] { 2, 4, 8 }));
            Assert.That(space.PesY, Is.EqualTo(new long[] { 1, 4 }));
            Assert.That(space.ComputeLanes, Is.EqualTo(new long[] { 16, 32 }));
            Assert.That(space.Knobs.Select(k => k.Name), Is.EqualTo(EdgeTpuSpace.KnobBounds.Select(k => k.Name)));
            Assert.That(space.At([2, 0, 0, 1, 0, 0, 0]), Is.EqualTo(space.At(2, 0, 0, 1, 0, 0, 0)));
        }
    }

    [TestCase("pes_x: {min: 2, max: 8, factor: 2}", "pes_x: {min: 8, max: 2, factor: 2}", "s.yaml:2:", "field 'pes_x.min': the range is empty: min 8 is above max 2", TestName = "An inverted range")]
    [TestCase("pes_x: {min: 2, max: 8, factor: 2}", "pes_x: {min: 2, max: 8, step: 2, factor: 2}", "s.yaml:2:", "pes_x", TestName = "Both step and factor")]
    [TestCase("pes_x: {min: 2, max: 8, factor: 2}", "pes_x: {min: 2, max: 8, by: 2}", "s.yaml:2:", "by", TestName = "An unknown range field")]
    [TestCase("clock_mhz: 800", "clock_mhz: 800\npe_depth: [2]", "s.yaml:10:", "pe_depth", TestName = "An unknown knob")]
    [TestCase("simd_units: [4]", "simd_units: [4, 0]", "s.yaml:4:", "field 'simd_units': values must be", TestName = "A value out of bounds")]
    [TestCase("register_file_kb: [32]\n", "", "s.yaml:", "register_file_kb", TestName = "A missing knob")]
    public void A_bad_space_names_the_field(string from, string to, string at, string message)
    {
        var e = Assert.Throws<AcceleratorFormatException>(() => EdgeTpuSpace.Parse(Space.Replace(from, to), "s.yaml"));
        Assert.That(e!.Message, Does.StartWith(at).And.Contain(message));
    }

    [Test]
    public void The_config_becomes_a_vector_pe_accelerator()
    {
        var hw = EdgeTpuSpace.BuiltIn().Default().ToAccelerator();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(hw.Pes, Is.EqualTo(16));
            Assert.That(hw.MacsPerPe, Is.EqualTo(128));
            Assert.That(hw.OffChipBandwidth, Is.EqualTo(40), "32 GB/s at 800 MHz, int8");
            Assert.That(hw.RegisterFileBytes, Is.EqualTo(32 * 1024));
        }
    }

    [Test]
    public void Channels_are_padded_to_whole_vectors()
    {
        var hw = EdgeTpuSpace.BuiltIn().Default().ToAccelerator() with { OffChipBandwidth = 1 << 20, NocBandwidth = 1 << 20 };
        // C = 3 uses 3 of 32 lanes: the first conv of resnet18 costs as many cycles as one with 32 input channels.
        var narrow = MaestroGoldenTests.Layer("r18_conv1");
        var wide = narrow with { C = 32 };
        var e = new CostEvaluator();
        long a = e.Cycles(narrow, hw, DataflowTemplates.Create(Dataflow.EdgeTpu, narrow, hw));
        long b = e.Cycles(wide, hw, DataflowTemplates.Create(Dataflow.EdgeTpu, wide, hw));
        Assert.That(a, Is.EqualTo(b).Within(2).Percent);
    }

    [Test]
    public void The_register_file_limits_the_partial_sums()
    {
        var hw = EdgeTpuSpace.BuiltIn().Default().ToAccelerator() with { RegisterFileBytes = 64 };
        var layer = MaestroGoldenTests.Layer("r18_l1_conv");
        var mapping = DataflowTemplates.Create(Dataflow.EdgeTpu, layer, hw, new TemplateTiles { ClusterSize = 32 });
        var e = Assert.Throws<MappingException>(() => LoopNestCostModel.Evaluate(layer, hw, mapping));
        Assert.That(e!.Message, Does.Contain("register file"));
    }

    [Test]
    public void The_mapper_maps_every_resnet18_layer_on_the_default_point()
    {
        var hw = AcceleratorCatalogue.Resolve("edge-tpu-like");
        foreach (var layer in AsicLayers.FromNetwork(ZooForge.Graph.Zoo.BuiltinModels.Create("resnet18")))
        {
            var result = new Mapper().Map(layer, hw, Dataflow.EdgeTpu);
            Assert.That(result.Cost.Utilisation, Is.GreaterThan(0).And.LessThanOrEqualTo(1), layer.Name);
        }
    }
}
