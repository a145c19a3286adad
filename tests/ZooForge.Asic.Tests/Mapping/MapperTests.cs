using ZooForge.Core.Errors;
using ZooForge.Asic.Dataflows;
using ZooForge.Asic.Description;
using ZooForge.Asic.Mapping;
using ZooForge.Asic.Problem;
using ZooForge.Asic.Tests.Cost;

namespace ZooForge.Asic.Tests.Mapping;

public class MapperTests
{
    private static SpatialAccelerator Eyeriss => AcceleratorCatalogue.Resolve("eyeriss-like");

    [Test]
    public void Small_spaces_are_searched_exhaustively()
    {
        var layer = MaestroGoldenTests.Layer("r18_l3_conv");
        var result = new Mapper().Map(layer, Eyeriss, Dataflow.RowStationary, new MapperOptions { ExhaustiveLimit = 1_000_000 });
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.Exhaustive, Is.True);
            Assert.That(result.Evaluated, Is.EqualTo(result.SpaceSize));
            Assert.That(result.Cost.L1BytesNeeded, Is.LessThanOrEqualTo(Eyeriss.L1Bytes));
        }
    }

    [Test]
    public void The_heuristic_search_is_deterministic_for_a_seed()
    {
        var layer = MaestroGoldenTests.Layer("r18_l2_conv");
        var options = new MapperOptions { ExhaustiveLimit = 10, Budget = 300, Seed = 7 };
        var a = new Mapper().Map(layer, Eyeriss, Dataflow.WeightStationary, options);
        var b = new Mapper().Map(layer, Eyeriss, Dataflow.WeightStationary, options);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(a.Exhaustive, Is.False);
            Assert.That(a.Evaluated, Is.LessThanOrEqualTo(300));
            Assert.That(b.Mapping.ToString(), Is.EqualTo(a.Mapping.ToString()));
            Assert.That(b.Cost.Cycles, Is.EqualTo(a.Cost.Cycles));
            Assert.That(b.Evaluated, Is.EqualTo(a.Evaluated));
        }
    }

    [Test]
    public void The_heuristic_search_never_beats_the_exhaustive_optimum()
    {
        var layer = MaestroGoldenTests.Layer("r18_l2_conv");
        var best = new Mapper().Map(layer, Eyeriss, Dataflow.OutputStationary, new MapperOptions { ExhaustiveLimit = 1_000_000, Objective = Objective.Cycles });
        var heuristic = new Mapper().Map(layer, Eyeriss, Dataflow.OutputStationary, new MapperOptions { ExhaustiveLimit = 1, Budget = 200, Objective = Objective.Cycles, Seed = 3 });
        Assert.That(heuristic.Cost.Cycles, Is.GreaterThanOrEqualTo(best.Cost.Cycles));
    }

    [TestCase(Dataflow.RowStationary)]
    [TestCase(Dataflow.WeightStationary)]
    [TestCase(Dataflow.OutputStationary)]
    public void Each_objective_gets_the_mapping_that_is_best_for_it(Dataflow dataflow)
    {
        var layer = MaestroGoldenTests.Layer("r18_l1_conv");
        var options = new MapperOptions { ExhaustiveLimit = 1_000_000 };
        var cycles = new Mapper().Map(layer, Eyeriss, dataflow, options with { Objective = Objective.Cycles }).Cost;
        var energy = new Mapper().Map(layer, Eyeriss, dataflow, options with { Objective = Objective.Energy }).Cost;
        var edp = new Mapper().Map(layer, Eyeriss, dataflow, options with { Objective = Objective.Edp }).Cost;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(cycles.Cycles, Is.LessThanOrEqualTo(energy.Cycles).And.LessThanOrEqualTo(edp.Cycles));
            Assert.That(energy.EnergyPj, Is.LessThanOrEqualTo(cycles.EnergyPj).And.LessThanOrEqualTo(edp.EnergyPj));
            Assert.That(edp.Edp, Is.LessThanOrEqualTo(cycles.Edp).And.LessThanOrEqualTo(energy.Edp));
        }
    }

    [Test]
    public void The_mapper_beats_or_equals_the_template_defaults()
    {
        var layer = MaestroGoldenTests.Layer("r18_l4_conv");
        var hw = Eyeriss;
        var defaults = Asic.Cost.LoopNestCostModel.Evaluate(layer, hw, DataflowTemplates.Create(Dataflow.RowStationary, layer, hw.Pes));
        var mapped = new Mapper().Map(layer, hw, Dataflow.RowStationary, new MapperOptions { Objective = Objective.Cycles });
        Assert.That(mapped.Cost.Cycles, Is.LessThanOrEqualTo(defaults.Cycles));
    }

    [Test]
    public void A_large_kernel_is_split_into_row_steps_when_its_window_does_not_fit_a_pe()
    {
        // AlexNet's 11×11 first layer: 121 weights and 121 inputs per PE (×2 buffers, 16-bit) overflow
        // eyeriss-like's 520 B, so ws's default refuses; the mapper steps through the kernel rows instead.
        var layer = new AsicLayer { Name = "features.0", Kind = LayerKind.Conv, K = 64, C = 3, R = 11, S = 11, P = 55, Q = 55, Stride = 4 };
        var hw = Eyeriss;
        Assert.Throws<MappingException>(() => Asic.Cost.LoopNestCostModel.Evaluate(layer, hw, DataflowTemplates.Create(Dataflow.WeightStationary, layer, hw.Pes)));
        var result = new Mapper().Map(layer, hw, Dataflow.WeightStationary);
        Assert.That(result.Tiles.KernelRowTile, Is.InRange(1, 10));
        Assert.That(result.Cost.L1BytesNeeded, Is.LessThanOrEqualTo(hw.L1Bytes));
        Assert.That(result.Cost.Macs, Is.EqualTo(layer.Macs));
    }

    [Test]
    public void No_fitting_mapping_is_a_clear_error()
    {
        var tiny = Eyeriss with { L1Bytes = 8 };
        var layer = MaestroGoldenTests.Layer("r18_l1_conv");
        var e = Assert.Throws<MappingException>(() => new Mapper().Map(layer, tiny, Dataflow.RowStationary));
        Assert.That(e!.Message, Does.Contain("no rs mapping of layer 'r18_l1_conv' fits 'eyeriss-like'").And.Contain("L1"));
    }

    [Test]
    public void Objectives_parse_by_name()
    {
        Assert.That(Objectives.Parse("EDP"), Is.EqualTo(Objective.Edp));
        Assert.That(Objectives.Parse("cycles"), Is.EqualTo(Objective.Cycles));
        Assert.That(() => Objectives.Parse("speed"), Throws.TypeOf<InvalidInputException>().With.Message.Contains("cycles, energy, edp"));
    }
}
