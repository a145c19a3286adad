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
