using ZooForge.TestSupport;
using ZooForge.Search.Config;
using ZooForge.Search.Engine;
using ZooForge.Search.Space;
using ZooForge.Search.Store;
using ZooForge.Search.Strategies;
using ZooForge.Search.Strategies.Bayesian;
using ZooForge.Search.Strategies.Evolution;

namespace ZooForge.Search.Tests.Strategies;

/// <summary>Evolution and BO driving the real co-search engine (fast exploration on the ZCU102, a fake slow exploration).</summary>
public class StrategiesInTheEngineTests
{
    private static readonly SearchConfig Config = TestSearch.Parse(TestSearch.Yaml(
        genes: "  patterns: [0, 4]\n  zeros: [2, 4]\n  bits: [8, 6]\n  layers:\n    - {model: mnist_resnet, layer: layer3.0.conv1, cut: [0, 0.25, 0.5]}\n",
        constraints: "[\"latency_ms <= 0.18\", \"accuracy >= 0.965\"]"));

    private static List<TrialRecord> Run(string folder, string strategy, int budget, long seed = 3)
    {
        using var store = TrialStore.Open(Path.Combine(folder, TrialStore.FileName));
        var engine = new SearchEngine(Config, TestSearch.Explorer(Config), new FakeEvaluator(), store, folder, seed);
        ISearchStrategy s = strategy == "bo"
            ? new BayesianStrategy(Config.Space, seed, engine.MeetsHardwareConstraints, new BayesianSettings(InitialPoints: 3))
            : new EvolutionStrategy(Config.Space, seed, new EvolutionSettings(PopulationSize: 4, ShrinkEvery: 5, LatencyTargetMs: Config.Reward.LatencyHighMs));
        return engine.Run(s, budget);
    }

    [Test]
    public void Bo_samples_only_candidates_fast_exploration_accepts_so_none_is_pruned()
    {
        using var folder = new TempFolder();
        var trials = Run(folder.Path, "bo", 14);
        // 6 of the space's 24 candidates miss the latency bound (0.19 to 0.20 ms); BO's known constraint is exactly that check.
        Assert.That(trials.Where(t => t.Status == TrialStatus.Pruned).Select(t => t.Key), Is.Empty);
        Assert.That(trials.Select(t => t.Key).Distinct().Count(), Is.EqualTo(trials.Count), "no candidate is proposed twice");
    }

    [TestCase("bo")]
    [TestCase("evolution")]
    public void A_resumed_search_continues_exactly_like_an_uninterrupted_one(string strategy)
    {
        using var whole = new TempFolder();
        using var parts = new TempFolder();
        var uninterrupted = Run(whole.Path, strategy, 14);
        Run(parts.Path, strategy, 6);
        var resumed = Run(parts.Path, strategy, 14);
        Assert.That(resumed.Select(t => (t.Key, t.Reward)), Is.EqualTo(uninterrupted.Select(t => (t.Key, t.Reward))));
    }

    [Test]
    public void Observations_carry_the_trial_s_reward_feasibility_and_latency()
    {
        using var folder = new TempFolder();
        var trials = Run(folder.Path, "evolution", 10);
        foreach (var t in trials)
        {
            var o = SearchEngine.Observe(t);
            Assert.That(o.Reward, Is.EqualTo(t.Reward));
            Assert.That(o.Feasible, Is.EqualTo(t.Status == TrialStatus.Feasible));
            Assert.That(o.LatencyMs, Is.EqualTo(double.IsNaN(t.LatencyMs) ? null : t.LatencyMs));
        }
    }
}
