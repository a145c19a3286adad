using System.Collections.Concurrent;
using ZooForge.Search.Benchmarks;
using ZooForge.Search.Engine;
using ZooForge.Search.Engine.Distributed;
using ZooForge.Search.Store;
using ZooForge.Search.Store.Postgres;
using ZooForge.Search.Strategies;
using ZooForge.Search.Tests.Store.Postgres;

namespace ZooForge.Search.Tests.Engine.Distributed;

/// <summary>
/// Workers that coordinate through the database alone: each replays the study, proposes under
/// the study's row lock, claims and evaluates. The problem is the hardware-only EDP problem
/// (microseconds per trial unless a cost is added), so these tests measure coordination, not
/// training.
/// </summary>
[Category("Postgres")]
public class CoordinatedSearchTests
{
    private const long Seed = 11;
    private static readonly EdpProblem Problem = EdpProblem.ResNet18OnZcu102();

    // Heartbeats every 200 ms against a grace of 10 s: a loaded machine or a server restart never makes a live trial stale.
    private static readonly WorkerSettings Settings = new(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), MaxRetry: 2);

    private static StudyPlan Plan(int budget) =>
        new(Problem.Space, () => new RandomStrategy(Problem.Space, Seed), budget, key => SearchEngine.CandidateSeed(Seed, key));

    /// <summary>Runs <paramref name="workers"/> threads, each with its own connection, until the study is finished; <paramref name="during"/> runs meanwhile.</summary>
    private static (int[] Completed, int Reconnects) RunWorkers(string url, string study, int workers, int budget, TimeSpan cost, Action? during = null)
    {
        var completed = new int[workers];
        var reconnects = new int[workers];
        var errors = new ConcurrentQueue<Exception>();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var threads = Enumerable.Range(0, workers).Select(i => new Thread(() =>
        {
            try
            {
                using var store = StoreSamples.Open(url, study);
                var worker = new StudyWorker(new ProblemTrialEvaluator(Problem, cost), Problem.Space, store, $"w{i}", Settings, Plan(budget));
                completed[i] = worker.Run(cancel.Token);
                reconnects[i] = store.Reconnects;
            }
            catch (Exception e)
            {
                errors.Enqueue(e);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        during?.Invoke();
        threads.ForEach(t => t.Join());
        Assert.That(errors, Is.Empty);
        Assert.That(cancel.IsCancellationRequested, Is.False, "the workers finished within 2 minutes");
        return (completed, reconnects.Sum());
    }

    private static IReadOnlyList<StudyTrial> Study(string url, string study)
    {
        using var store = StoreSamples.Open(url, study);
        return store.StudyTrials();
    }

    // The keys a sequential random search with the same seed proposes.
    private static List<string> SequentialKeys(int budget)
    {
        var strategy = new RandomStrategy(Problem.Space, Seed);
        return Enumerable.Range(0, budget).Select(_ => strategy.Propose().Key).ToList();
    }

    [Test]
    public void Four_workers_store_every_trial_once_with_gap_free_numbers_and_stop_at_the_budget()
    {
        const int budget = 40;
        string url = PostgresServer.Current.CreateDatabase();
        var (completed, _) = RunWorkers(url, "four", 4, budget, TimeSpan.FromMilliseconds(20));

        var trials = Study(url, "four");
        Assert.That(trials.Select(t => t.Number), Is.EqualTo(Enumerable.Range(0, budget)), "numbers are unique and gap-free, and the budget is not passed");
        Assert.That(trials.All(t => t.Attempt == 0 && t.Outcome is not null), Is.True, "every trial done, none retried");
        int cached = trials.Count(t => t.Outcome!.Cached);
        Assert.That(completed.Sum() + cached, Is.EqualTo(budget), "each trial evaluated once (repeats served as cached copies)");
        Assert.That(completed.Count(c => c > 0), Is.GreaterThan(1), "the work was shared");
        using var store = StoreSamples.Open(url, "four");
        Assert.That((store.Unfinished(), store.Trials().Count), Is.EqualTo((0, budget)));
    }

    [Test]
    public void The_same_seed_on_one_and_on_four_workers_evaluates_the_same_set_of_genes_under_random_search()
    {
        const int budget = 30;
        string url = PostgresServer.Current.CreateDatabase();
        RunWorkers(url, "one", 1, budget, TimeSpan.Zero);
        RunWorkers(url, "four", 4, budget, TimeSpan.FromMilliseconds(30));

        var one = Study(url, "one").Select(t => t.Key).ToList();
        var four = Study(url, "four").Select(t => t.Key).ToList();
        var expected = SequentialKeys(budget);
        Assert.That(one, Is.EqualTo(expected), "one worker proposes exactly as the sequential search does");
        Assert.That(four, Is.EquivalentTo(expected), "four workers: the same genes, in any order");
        var outcomes = Study(url, "four").ToDictionary(t => t.Number, t => t.Outcome!);
        foreach (var t in Study(url, "one"))
            Assert.That(outcomes.Values.Any(o => o.Key == t.Key && o.Reward == t.Outcome!.Reward && o.Seed == t.Outcome.Seed), Is.True, t.Key);
    }

    [Test]
    public void A_database_restart_mid_study_is_survived_by_reconnecting_workers()
    {
        const int budget = 30;
        string url = PostgresServer.Current.CreateDatabase();
        var (completed, reconnects) = RunWorkers(url, "restart", 3, budget, TimeSpan.FromMilliseconds(150), () =>
        {
            using var watcher = StoreSamples.Open(url, "restart");
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
            while (watcher.Trials().Count < 5 && DateTime.UtcNow < deadline) Thread.Sleep(50);
            Assert.That(watcher.Trials().Count, Is.InRange(5, budget - 3), "the restart comes mid-study");
            PostgresServer.Current.Restart();
        });

        var trials = Study(url, "restart");
        var outcomes = StudyReplay.Outcomes(trials);
        Assert.That(reconnects, Is.GreaterThan(0), "the workers lost their connections");
        Assert.That(trials.Select(t => t.Number), Is.EqualTo(Enumerable.Range(0, trials.Count)), "gap-free");
        Assert.That(outcomes.Select(o => o.Key), Is.EquivalentTo(SequentialKeys(budget)), "every proposal finished, none lost or doubled");
        Assert.That(completed.Sum(), Is.GreaterThanOrEqualTo(budget - outcomes.Count(o => o.Cached)));
    }
}
