using ZooForge.TestSupport;
using System.Runtime.InteropServices;
using ZooForge.Compression.Quantization;
using ZooForge.Graph.Model;
using ZooForge.Search.Config;
using ZooForge.Search.Engine;
using ZooForge.Search.Evaluation;
using ZooForge.Search.Results;
using ZooForge.Search.Space;
using ZooForge.Search.Store;
using ZooForge.Search.Strategies;

namespace ZooForge.Search.Tests.Engine;

/// <summary>Issue 15's failed-trial semantics: stored with the reason, learnt from, counted, reported and replayed.</summary>
public class FailedTrialTests
{
    private static readonly SearchConfig Config = TestSearch.EngineConfig;

    /// <summary>The fake evaluator, except that it throws the given error for the candidates the predicate picks.</summary>
    private sealed class ThrowingEvaluator(Func<Candidate, bool> fails, Func<Exception> error) : IAccuracyEvaluator
    {
        private readonly FakeEvaluator _inner = new();
        public int Calls { get; private set; }
        public AccuracyOutcome Evaluate(Candidate candidate, long seed)
        {
            Calls++;
            if (fails(candidate)) throw error();
            return _inner.Evaluate(candidate, seed);
        }
        public (int Correct, int Total) UncompressedAccuracy(string model) => _inner.UncompressedAccuracy(model);
    }

    private static List<TrialRecord> Run(string folder, int budget, IAccuracyEvaluator evaluator, ISearchStrategy? strategy = null)
    {
        using var store = TrialStore.Open(Path.Combine(folder, TrialStore.FileName));
        var engine = new SearchEngine(Config, TestSearch.Explorer(Config), evaluator, store, folder, 5);
        return engine.Run(strategy ?? new RandomStrategy(Config.Space, 5), budget);
    }

    // The first key the seeded random strategy trains; found by a clean run so the tests do not hard-code it.
    private static string FirstTrainedKey()
    {
        using var folder = new TempFolder();
        return Run(folder.Path, 12, new FakeEvaluator()).First(t => t.Status != TrialStatus.Pruned).Key;
    }

    [Test]
    public void A_throwing_trial_is_stored_as_failed_with_its_reason_and_the_search_completes()
    {
        string victim = FirstTrainedKey();
        using var folder = new TempFolder();
        var evaluator = new ThrowingEvaluator(c => c.Key == victim, () => new NonFiniteValueException("weights: tensor 'features.0.weight' holds a non-finite value (NaN)"));
        var trials = Run(folder.Path, 12, evaluator);
        using var store = TrialStore.Open(Path.Combine(folder.Path, TrialStore.FileName));
        var stored = store.Trials();
        var failed = stored.Where(t => t.Status == TrialStatus.Failed).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(trials, Has.Count.EqualTo(12), "the failed trial counts in the budget and the search goes on");
            Assert.That(stored, Has.Count.EqualTo(12));
            Assert.That(failed.Select(t => t.Key).Distinct(), Is.EqualTo(new[] { victim }));
            Assert.That(failed[0].FailureKind, Is.EqualTo(TrialFailures.NonFinite));
            Assert.That(failed[0].Note, Does.Contain("features.0.weight"));
            Assert.That(failed[0].Reward, Is.EqualTo(HotNasReward.Failed));
            Assert.That(failed[0].NetworkFile, Is.Null);
            Assert.That(failed.Skip(1).All(t => t.Cached), Is.True, "a failed candidate proposed again is not rerun");
            Assert.That(trials.Any(t => t.Status == TrialStatus.Feasible), Is.True);
        }
    }

    [Test]
    public void The_strategy_learns_a_failure_as_infeasible_with_the_lowest_reward()
    {
        string victim = FirstTrainedKey();
        using var folder = new TempFolder();
        var strategy = new RecordingStrategy(new RandomStrategy(Config.Space, 5));
        Run(folder.Path, 12, new ThrowingEvaluator(c => c.Key == victim, () => new ExternalException("libtorch: out of bounds")), strategy);
        var seen = strategy.Observations.Where(o => o.Key == victim).Select(o => o.Observation).ToList();
        Assert.That(seen, Is.Not.Empty);
        Assert.That(seen.All(o => !o.Feasible && o.Reward == HotNasReward.Failed), Is.True);
    }

    [Test]
    public void Resuming_replays_failed_trials_without_rerunning_them()
    {
        string victim = FirstTrainedKey();
        using var whole = new TempFolder();
        using var parts = new TempFolder();
        Func<Exception> error = () => new QuantizationException("layer 'conv1': requantization multiplier 3E+10 cannot be represented");
        var uninterrupted = Run(whole.Path, 12, new ThrowingEvaluator(c => c.Key == victim, error));
        var firstPart = Run(parts.Path, 6, new ThrowingEvaluator(c => c.Key == victim, error));
        Assert.That(firstPart.Any(t => t.Status == TrialStatus.Failed), Is.True, "the victim is among the first six trials");
        var resumedEvaluator = new ThrowingEvaluator(c => c.Key == victim, error);
        var resumed = Run(parts.Path, 12, resumedEvaluator);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(resumed.Select(t => (t.Key, t.Status, t.Reward)), Is.EqualTo(uninterrupted.Select(t => (t.Key, t.Status, t.Reward))));
            Assert.That(resumed.Where(t => t.Status == TrialStatus.Failed).All(t => t.FailureKind == TrialFailures.Quantization), Is.True);
            Assert.That(resumedEvaluator.Calls, Is.LessThanOrEqualTo(uninterrupted.Skip(6).Count(t => t.Status != TrialStatus.Pruned && !t.Cached)));
        }
    }

    [Test]
    public void A_programming_bug_is_not_a_trial_failure_and_stops_the_search()
    {
        using var folder = new TempFolder();
        var evaluator = new ThrowingEvaluator(_ => true, () => new NullReferenceException("bug"));
        Assert.Throws<NullReferenceException>(() => Run(folder.Path, 12, evaluator));
    }

    [Test]
    public void Errors_are_classified_by_whose_fault_they_are()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(TrialFailures.Classify(new NonFiniteValueException("x")), Is.EqualTo(TrialFailures.NonFinite));
            Assert.That(TrialFailures.Classify(new QuantizationException("x")), Is.EqualTo(TrialFailures.Quantization));
            Assert.That(TrialFailures.Classify(new ExternalException("libtorch")), Is.EqualTo(TrialFailures.Native));
            Assert.That(TrialFailures.Classify(new OutOfMemoryException()), Is.EqualTo(TrialFailures.OutOfMemory));
            // The store's own errors derive from ExternalException too, but stop the search.
            Assert.That(TrialFailures.Classify(new Microsoft.Data.Sqlite.SqliteException("disk I/O error", 10)), Is.Null);
            Assert.That(TrialFailures.Classify(new InvalidOperationException("bug")), Is.Null);
            Assert.That(TrialFailures.Classify(new GraphException("bad shape")), Is.Null, "only the non-finite kind of graph error is the candidate's");
        }
    }

    [Test]
    public void A_search_in_which_every_trial_failed_names_the_commonest_reason()
    {
        using var folder = new TempFolder();
        using var other = new TempFolder();
        var config = TestSearch.Parse(TestSearch.Yaml(constraints: "[\"latency_ms <= 10\"]"));
        using var store = TrialStore.Open(Path.Combine(folder.Path, TrialStore.FileName));
        int n = 0;
        var evaluator = new ThrowingEvaluator(_ => true, () => n++ % 3 == 0 ? new OutOfMemoryException("allocation of 2 GiB failed") : new NonFiniteValueException("fine-tuning diverged"));
        var engine = new SearchEngine(config, TestSearch.Explorer(config), evaluator, store, folder.Path, 5);
        var trials = engine.Run(new RandomStrategy(config.Space, 5), 9);
        string? message = TrialFailures.EveryTrialFailed(trials);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(trials.All(t => t.Status == TrialStatus.Failed), Is.True);
            Assert.That(message, Does.StartWith("every trial failed (9 of 9); commonest reason: non-finite value"));
            Assert.That(TrialFailures.EveryTrialFailed(trials.Take(1).Concat(Run(other.Path, 2, new FakeEvaluator())).ToList()), Is.Null,
                "one completed trial is enough for the search to succeed");
        }
    }

    [Test]
    public void The_report_lists_failed_trials_with_their_reasons()
    {
        string victim = FirstTrainedKey();
        using var folder = new TempFolder();
        var trials = Run(folder.Path, 12, new ThrowingEvaluator(c => c.Key == victim, () => new NonFiniteValueException("weights: tensor 'fc.bias' holds a non-finite value (Infinity)")));
        var summary = new SearchSummary
        {
            Name = "t", Strategy = "random", Seed = 5, Target = "zcu102", Objective = "accuracy", Constraints = [], Trials = trials,
            Pareto = ParetoSet.Of(trials), Chosen = SearchEngine.Best(trials),
        };
        string report = SearchReport.Render(summary);
        Assert.That(report, Does.Contain("## Failed trials ("));
        Assert.That(report, Does.Contain($"`{victim}` | non-finite value | weights: tensor 'fc.bias' holds a non-finite value (Infinity) |"));
        Assert.That(report, Does.Contain($"{summary.FailedTrials.Count} failed)"));
    }

    private sealed class RecordingStrategy(ISearchStrategy inner) : ISearchStrategy
    {
        public List<(string Key, Observation Observation)> Observations { get; } = [];
        public string Name => inner.Name;
        public Candidate Propose() => inner.Propose();
        public void Observe(Candidate candidate, Observation observation)
        {
            Observations.Add((candidate.Key, observation));
            inner.Observe(candidate, observation);
        }
    }
}
