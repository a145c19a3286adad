using ZooForge.Asic.Dataflows;
using ZooForge.Asic.Description;
using ZooForge.Asic.Eyeriss;
using ZooForge.Asic.Estimation;
using ZooForge.Asic.Mapping;
using ZooForge.Search.Benchmarks;
using ZooForge.Search.Engine;
using ZooForge.Search.HwSw;
using ZooForge.Search.Space;

namespace ZooForge.Search.Tests.HwSw;

public class HwSwProblemTests
{
    [Test]
    public void A_point_that_misses_an_input_constraint_is_refused_without_mapping_any_layer()
    {
        var problem = SmallHwSwProblems.Nested();
        var random = new Random(3);
        var candidates = Enumerable.Range(0, 200).Select(_ => problem.Space.Sample(random)).ToList();
        var invalid = candidates.First(c => !problem.IsValid(c));
        var valid = candidates.First(problem.IsValid);

        var refused = problem.Evaluate(invalid);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(problem.InputViolation(invalid), Does.Contain("area_mm2_max").Or.Contain("pes_max"));
            Assert.That(refused.Observation.Feasible, Is.False);
            Assert.That(refused.Observation.Reward, Is.EqualTo(EdpProblem.InvalidReward));
            Assert.That(problem.Measured, Is.Zero, "nothing was mapped");
        }
        problem.Evaluate(valid);
        Assert.That(problem.Measured, Is.EqualTo(1));
    }

    [TestCase(HwSwStrategies.NestedBo)]
    [TestCase("random")]
    public void The_outer_searches_propose_only_points_that_meet_the_input_constraints(string method)
    {
        var problem = SmallHwSwProblems.Nested();
        var strategy = method == HwSwStrategies.NestedBo
            ? HwSwStrategies.CreateNestedBo(problem.Space, 1, problem.IsValid)
            : HwSwStrategies.CreateRandom(problem.Space, 1, problem.IsValid);
        var run = StrategyBenchmark.Run(problem, strategy, 1, 10);
        Assert.That(run.Invalid, Is.Zero);
        Assert.That(problem.Measured, Is.EqualTo(run.Keys.Distinct().Count()), "every proposal was mapped once");
    }

    [Test]
    public void The_eyeriss_baseline_is_the_real_mappers_estimate_of_every_layer()
    {
        var workload = HwSwWorkload.BuiltIn("resnet18");
        var baseline = EyerissBaseline.Measure([workload], new HwSwConstraints(), new MapperInnerSearch([Dataflow.RowStationary]), out var violation);
        var estimate = NetworkEstimator.Estimate(Graph.Zoo.BuiltinModels.Create("resnet18"), AcceleratorCatalogue.Resolve("eyeriss-like"),
            Dataflow.RowStationary, new MapperOptions { Objective = Objective.Edp });
        using (Assert.EnterMultipleScope())
        {
            Assert.That(violation, Is.Null);
            Assert.That(baseline.Hardware.Pes, Is.EqualTo(168));
            Assert.That(workload.Shapes.Count, Is.LessThan(workload.Layers), "equal shapes are mapped once");
            Assert.That(baseline.Workloads[0].Cycles, Is.EqualTo(estimate.TotalCycles));
            Assert.That(baseline.Workloads[0].EnergyMj, Is.EqualTo(estimate.TotalEnergyPj * 1e-9).Within(1e-9).Percent);
            Assert.That(baseline.Edp, Is.EqualTo(baseline.Workloads[0].EdpMjMs).Within(1e-9).Percent, "the geometric mean of one workload is its EDP");
        }
    }

    [Test]
    public void The_inner_search_maps_each_layer_at_least_as_well_as_any_shared_tiles()
    {
        var hw = AcceleratorCatalogue.Resolve("eyeriss-like");
        var inner = new MapperInnerSearch(MapperInnerSearch.DefaultDataflows);
        var shared = new SharedTilesInnerSearch(Dataflow.RowStationary, new Asic.Dataflows.TemplateTiles { ColumnTile = 4, ChannelTile = 2, OutputChannelTile = 8 });
        int compared = 0;
        foreach (var (layer, _) in SmallHwSwProblems.LateResNet18().Shapes)
        {
            var mapped = inner.Map(layer, hw);
            Assert.That(mapped.Cost, Is.Not.Null, layer.Name);
            Assert.That(mapped.Evaluated, Is.GreaterThan(1));
            if (shared.Map(layer, hw).Cost is not { } fixedCost) continue;
            compared++;
            Assert.That(mapped.Cost!.Edp, Is.LessThanOrEqualTo(fixedCost.Edp), layer.Name);
        }
        Assert.That(compared, Is.GreaterThan(0));
    }

    [Test]
    public void A_layer_with_no_fitting_mapping_makes_the_point_infeasible_naming_the_layer()
    {
        var problem = SmallHwSwProblems.Flat();
        // The smallest hardware (a 128-byte scratchpad) with the largest shared tiles: they overflow it.
        var hardwareKnobs = problem.Hardware.Knobs.Select(k => k.Name).ToHashSet();
        var choices = problem.Space.Genes.Select(g => g.Layer is { } name && !hardwareKnobs.Contains(name) ? g.Values.Count - 1 : 0).ToArray();
        var candidate = problem.Space.Create(choices);
        Assert.That(problem.IsValid(candidate), Is.True, candidate.Key);
        var m = problem.Measure(candidate)!;
        Assert.That(m.Feasible, Is.False);
        Assert.That(m.Violation, Does.StartWith("no mapping of resnet18-late's layer '"));
        Assert.That(problem.Evaluate(candidate).Objective, Is.Null);
    }

    [Test]
    public void Input_constraints_that_exclude_every_point_are_refused_before_any_mapping()
    {
        var space = EyerissSpace.BuiltIn();
        var e = Assert.Throws<SearchInfeasibleException>(() => HwSwFeasibility.Check(space, [SmallHwSwProblems.LateResNet18()], new HwSwConstraints(AreaMm2Max: 0.05)));
        Assert.That(e!.Message, Does.Contain("no point of hardware space 'eyeriss-shi' meets the input constraints").And.Contain("the smallest is 4x4 PEs"));
    }

    [Test]
    public void A_latency_target_below_the_physical_bound_is_refused()
    {
        var space = EyerissSpace.BuiltIn();
        var e = Assert.Throws<SearchInfeasibleException>(() => HwSwFeasibility.Check(space, [HwSwWorkload.BuiltIn("resnet18")], SmallHwSwProblems.Eyeriss(latencyMsMax: 1)));
        Assert.That(e!.Message, Does.Contain("latency_ms_max 1 cannot be met: resnet18's").And.Contain("256 MACs per cycle"));
        Assert.That(HwSwFeasibility.Check(space, [HwSwWorkload.BuiltIn("resnet18")], SmallHwSwProblems.Eyeriss(latencyMsMax: 80)), Is.GreaterThan(0));
    }
}
