using ZooForge.Graph.Zoo;
using ZooForge.Hardware.Devices;
using ZooForge.Hardware.Exploration;
using ZooForge.Hardware.Performance;
using ZooForge.Hardware.Resources;
using ZooForge.Hardware.Workloads;
using ZooForge.Search.Benchmarks;
using ZooForge.Search.Exploration;
using ZooForge.Search.Strategies;
using ZooForge.Search.Strategies.Bayesian;

namespace ZooForge.Search.Tests.Strategies;

public class EdpProblemTests
{
    private static readonly EdpGrid Small = new() { Tm = [32, 64, 128], Tn = [16, 32], Tr = [16, 64], Tc = [16, 64], Lanes = [2, 10, 18] };

    private static EdpProblem Problem(EdpGrid grid) => new("resnet18", WorkloadExtractor.Extract(BuiltinModels.Create("resnet18")),
        DeviceCatalogue.BuiltIn().Find("zcu102"), 200, 16, LatencyModels.ZooForge, grid);

    [Test]
    public void Exhaustive_search_finds_the_lowest_edp_among_all_valid_points()
    {
        var problem = Problem(Small);
        var optimum = problem.Exhaustive();
        var all = Enumerable.Range(0, (int)problem.Space.Size).Select(i =>
        {
            var choices = new int[problem.Space.Genes.Count];
            for (int g = choices.Length - 1, rest = i; g >= 0; g--) { choices[g] = rest % problem.Space.Genes[g].Values.Count; rest /= problem.Space.Genes[g].Values.Count; }
            return problem.Space.Create(choices);
        }).ToList();
        var valid = all.Where(problem.IsValid).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(optimum.RawPoints, Is.EqualTo(3 * 2 * 2 * 2 * 27));
            Assert.That(optimum.ValidPoints, Is.EqualTo(valid.Count));
            Assert.That(valid.Count, Is.LessThan(all.Count), "port bits and DSPs rule some points out");
            Assert.That(optimum.Edp, Is.EqualTo(valid.Min(c => problem.Measure(c).Edp)));
            Assert.That(problem.Evaluate(optimum.Best).Objective, Is.EqualTo(optimum.Edp));
        }
    }

    [Test]
    public void Edp_is_energy_times_latency_and_energy_charges_the_mapping_s_traffic()
    {
        var problem = Problem(Small);
        // Tm 128, Tn 16, 64×64 tiles, ports 18,2,2 (the zooforge model needs I_p = O_p).
        var candidate = problem.Space.Create([0, 2, 0, 1, 1, 2, 0, 0]);
        var (latency, energy, edp) = problem.Measure(candidate);
        var design = problem.Design(candidate);
        var evaluation = new DesignEvaluation(design, latency * design.ClockMhz * 1000, ResourceModel.Estimate(design));
        Assert.That(edp, Is.EqualTo(energy * latency).Within(1e-9));
        // More than the compute-only energy: traffic is charged, at least the weights once (11.7 M 16-bit weights).
        Assert.That(energy - EnergyModel.Millijoules(evaluation, 0), Is.GreaterThan(11.6e6 * 2 * EnergyModel.DramJoulesPerByte * 1000));
        Assert.That(problem.Evaluate(candidate).Observation.Reward, Is.EqualTo(-Math.Log10(edp)).Within(1e-12));
    }

    [Test]
    public void A_design_over_the_device_s_dsps_is_invalid_and_gets_the_invalid_reward()
    {
        var problem = Problem(new EdpGrid { Tm = [128], Tn = [48], Tr = [32], Tc = [32], Lanes = [2] }); // 6144 MACs > 2520 DSPs
        var candidate = problem.Space.Create(new int[8]);
        var outcome = problem.Evaluate(candidate);
        Assert.That(problem.IsValid(candidate), Is.False);
        Assert.That(outcome.Observation, Is.EqualTo(new Observation(EdpProblem.InvalidReward, false, null)));
        Assert.That(outcome.Objective, Is.Null);
        Assert.That(() => problem.Exhaustive(), Throws.InvalidOperationException.With.Message.Contains("no point of the EDP grid fits ZCU102"));
    }

    [Test]
    public void Bo_gets_within_2_percent_of_the_default_problem_s_optimum_with_far_fewer_evaluations_than_exhaustive_search()
    {
        var problem = EdpProblem.ResNet18OnZcu102();
        var optimum = problem.Exhaustive();
        var run = StrategyBenchmark.Run(problem, new BayesianStrategy(problem.Space, 1, problem.IsValid), 1, 100);
        var result = new ProblemResult("edp", problem.ObjectiveName, false, 100, [run], optimum.Edp, optimum.Best.Key, optimum.ValidPoints);
        Assert.That(result.TrialsToOptimum(run), Is.Not.Null.And.LessThanOrEqualTo(optimum.ValidPoints / 10),
            $"best {run.Best[^1]} against the optimum {optimum.Edp} of {optimum.ValidPoints} valid points");
        Assert.That(run.Invalid, Is.Zero);
    }
}
