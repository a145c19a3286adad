using ZooForge.TestSupport;
using ZooForge.Search.Config;
using ZooForge.Search.Engine;
using ZooForge.Search.Results;
using ZooForge.Search.Store;
using ZooForge.Search.Strategies;

namespace ZooForge.Search.Tests.Engine;

public class SearchEngineTests
{
    private static readonly SearchConfig Config = TestSearch.EngineConfig;

    private static (List<TrialRecord> Trials, FakeEvaluator Evaluator) Run(string folder, int budget, long seed = 5, SearchConfig? config = null)
    {
        config ??= Config;
        var evaluator = new FakeEvaluator();
        using var store = TrialStore.Open(Path.Combine(folder, TrialStore.FileName));
        var engine = new SearchEngine(config, TestSearch.Explorer(config), evaluator, store, folder, seed);
        return (engine.Run(new RandomStrategy(config.Space, seed), budget), evaluator);
    }

    [Test]
    public void Fast_exploration_prunes_candidates_that_cannot_meet_the_latency_bound_without_training()
    {
        using var folder = new TempFolder();
        var (trials, evaluator) = Run(folder.Path, 24);
        var pruned = trials.Where(t => t.Status == TrialStatus.Pruned).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(pruned, Is.Not.Empty);
            Assert.That(pruned.All(t => t.LatencyMs > 0.15 && double.IsNaN(t.Accuracy) && t.NetworkFile is null), Is.True);
            Assert.That(trials.Where(t => t.Status != TrialStatus.Pruned).All(t => t.LatencyMs <= 0.15), Is.True);
            Assert.That(evaluator.Calls, Is.EqualTo(trials.Where(t => t.Status != TrialStatus.Pruned && !t.Cached).Select(t => t.Key).Distinct().Count()));
            Assert.That(pruned.Select(t => t.Reward), Is.EqualTo(pruned.Select(t => HotNasReward.Compute(Config.Reward, null, t.LatencyMs))), "pruned candidates get acc_r = -1");
        }
    }

    [Test]
    public void A_candidate_seen_before_is_served_from_the_store()
    {
        using var folder = new TempFolder();
        var (trials, evaluator) = Run(folder.Path, 40);
        var cached = trials.Where(t => t.Cached).ToList();
        Assert.That(cached, Is.Not.Empty, "40 draws from a small space repeat");
        foreach (var c in cached)
        {
            var first = trials.First(t => t.Key == c.Key);
            Assert.That(c.Metrics, Is.EqualTo(first.Metrics));
            Assert.That(c.Reward, Is.EqualTo(first.Reward));
        }
        Assert.That(evaluator.Calls, Is.EqualTo(trials.Where(t => t.Status != TrialStatus.Pruned).Select(t => t.Key).Distinct().Count()));
    }

    [Test]
    public void Same_seed_gives_the_same_trials_and_a_different_seed_different_ones()
    {
        using var a = new TempFolder();
        using var b = new TempFolder();
        using var c = new TempFolder();
        var first = Run(a.Path, 12).Trials;
        var second = Run(b.Path, 12).Trials;
        var other = Run(c.Path, 12, seed: 6).Trials;
        Assert.That(second.Select(t => (t.Key, t.Reward)), Is.EqualTo(first.Select(t => (t.Key, t.Reward))));
        Assert.That(other.Select(t => t.Key), Is.Not.EqualTo(first.Select(t => t.Key)));
    }

    [Test]
    public void Resuming_a_partial_run_continues_it_and_ends_with_the_uninterrupted_pareto_set()
    {
        using var whole = new TempFolder();
        using var parts = new TempFolder();
        var uninterrupted = Run(whole.Path, 20).Trials;
        var (firstPart, _) = Run(parts.Path, 8);
        var (resumed, evaluator) = Run(parts.Path, 20);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(firstPart.Select(t => t.Key), Is.EqualTo(uninterrupted.Take(8).Select(t => t.Key)));
            Assert.That(resumed.Select(t => t.Key), Is.EqualTo(uninterrupted.Select(t => t.Key)));
            Assert.That(ParetoSet.Of(resumed).Select(t => (t.Index, t.Key, t.Accuracy, t.LatencyMs)),
                Is.EqualTo(ParetoSet.Of(uninterrupted).Select(t => (t.Index, t.Key, t.Accuracy, t.LatencyMs))));
            // The first 8 trials were replayed from the store, not re-evaluated.
            Assert.That(evaluator.Calls, Is.LessThanOrEqualTo(uninterrupted.Skip(8).Count(t => t.Status != TrialStatus.Pruned && !t.Cached)));
        }
    }

    [Test]
    public void A_store_from_another_search_is_refused()
    {
        using var folder = new TempFolder();
        Run(folder.Path, 4, seed: 5);
        var e = Assert.Throws<InvalidOperationException>(() => Run(folder.Path, 6, seed: 9));
        Assert.That(e!.Message, Does.Contain("belongs to a different search"));
    }

    [Test]
    public void Feasible_trials_meet_every_constraint_and_violating_ones_are_marked()
    {
        using var folder = new TempFolder();
        var trials = Run(folder.Path, 30).Trials;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(trials.Where(t => t.Status == TrialStatus.Feasible).All(t => t.Accuracy >= 0.965 && t.LatencyMs <= 0.15), Is.True);
            Assert.That(trials.Where(t => t.Status == TrialStatus.Violates).All(t => t.Accuracy < 0.965 && t.Note!.Contains("accuracy >= 0.965")), Is.True);
        }
    }

    [Test]
    public void An_infeasible_specification_is_reported_before_training_with_the_closest_design()
    {
        var config = TestSearch.Parse(TestSearch.Yaml(constraints: "[\"latency_ms <= 0.01\"]"));
        var e = Assert.Throws<SearchInfeasibleException>(() => SearchEngine.CheckFeasible(config, TestSearch.Explorer(config)));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(e!.Message, Does.Contain("infeasible specification"));
            Assert.That(e.Message, Does.Contain("latency_ms <= 0.01"));
            Assert.That(e.Message, Does.Contain("closest design: model=mnist_lenet5;patterns=4;zeros=4;bits=6"));
        }
    }

    [Test]
    public void A_feasible_specification_passes_the_early_check()
    {
        Assert.DoesNotThrow(() => SearchEngine.CheckFeasible(Config, TestSearch.Explorer(Config)));
    }

    [Test]
    public void The_baseline_is_the_uncompressed_model_at_16_bits_and_is_stored()
    {
        using var folder = new TempFolder();
        using var store = TrialStore.Open(Path.Combine(folder.Path, TrialStore.FileName));
        var engine = new SearchEngine(Config, TestSearch.Explorer(Config), new FakeEvaluator(), store, folder.Path, 1);
        var resnet = engine.Baseline("mnist_resnet");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(resnet.Key, Is.EqualTo("model=mnist_resnet;patterns=0;bits=16"));
            Assert.That(resnet.Design!.DataBits, Is.EqualTo(16));
            Assert.That(resnet.Accuracy, Is.EqualTo(0.985));
            Assert.That(resnet.Status, Is.EqualTo(TrialStatus.Violates), "0.27 ms misses 0.15 ms");
            Assert.That(store.GetBaseline("mnist_resnet")!.LatencyMs, Is.EqualTo(resnet.LatencyMs));
        }
    }
}
