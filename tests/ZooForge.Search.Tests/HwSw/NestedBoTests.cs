using ZooForge.Search.Benchmarks;
using ZooForge.Search.HwSw;

namespace ZooForge.Search.Tests.HwSw;

public class NestedBoTests
{
    [Test]
    public void Nested_bo_reaches_a_lower_median_edp_than_random_search_at_equal_budget()
    {
        const int budget = 14;
        var problem = SmallHwSwProblems.Nested();
        var nested = new List<double>();
        var random = new List<double>();
        for (long seed = 1; seed <= 3; seed++)
        {
            nested.Add(StrategyBenchmark.Run(problem, HwSwStrategies.CreateNestedBo(problem.Space, seed, problem.IsValid), seed, budget).Best[^1]!.Value);
            random.Add(StrategyBenchmark.Run(problem, HwSwStrategies.CreateRandom(problem.Space, seed, problem.IsValid), seed, budget).Best[^1]!.Value);
        }
        Assert.That(ProblemResult.Median(nested), Is.LessThan(ProblemResult.Median(random)), $"nested {string.Join(", ", nested)}; random {string.Join(", ", random)}");
    }

    [Test]
    public void Nested_bo_learns_the_output_constraint_and_proposes_fewer_infeasible_points_than_random()
    {
        var eyeriss = EyerissBaseline.Measure([SmallHwSwProblems.LateResNet18()], new HwSwConstraints(), new MapperInnerSearch(MapperInnerSearch.DefaultDataflows), out _);
        // A latency target at the hand-set design's own latency: most small arrays miss it.
        var problem = SmallHwSwProblems.Nested(SmallHwSwProblems.Eyeriss(latencyMsMax: eyeriss.Workloads[0].LatencyMs));
        var nested = StrategyBenchmark.Run(problem, HwSwStrategies.CreateNestedBo(problem.Space, 2, problem.IsValid), 2, 16);
        var random = StrategyBenchmark.Run(problem, HwSwStrategies.CreateRandom(problem.Space, 2, problem.IsValid), 2, 16);
        Assert.That(random.Feasible, Is.LessThan(16), "the target excludes part of the space");
        Assert.That(nested.Feasible, Is.GreaterThan(random.Feasible));
    }
}
