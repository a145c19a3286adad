using ZooForge.Search.Engine;
using ZooForge.Search.Space;
using ZooForge.Search.Store;
using ZooForge.Search.Strategies;

namespace ZooForge.Search.Nahas;

/// <summary>
/// A persisted <c>nahas</c> search (co-search, or the fixed-hardware baseline): each proposed
/// candidate is costed on its hardware point and, when it meets both targets, fine-tuned; it is
/// committed to the trial store, one transaction per trial (<see cref="ReplayingLoop"/>). A point
/// above the area target is recorded as pruned and never costed; one above the latency target as
/// violating, never trained. An error of the candidate's own (<see cref="TrialFailures.Classify"/>)
/// is stored as a failed trial and the search goes on. A resumed search replays the stored trials
/// and gives their accuracies to the cache, so no architecture is trained twice.
/// </summary>
public sealed class NahasSearch(NahasProblem problem, ITrialStore store)
{
    /// <summary>The problem searched.</summary>
    public NahasProblem Problem => problem;

    /// <summary>Runs up to <paramref name="budget"/> trials in total (stored ones included).</summary>
    /// <exception cref="InvalidOperationException">The store holds another search's trials.</exception>
    public List<TrialRecord> Run(ISearchStrategy strategy, int budget, Action<TrialRecord>? progress = null)
    {
        foreach (var t in store.Trials().Where(t => t.Status == TrialStatus.Feasible && t.Choices.Count == problem.Space.Genes.Count))
            problem.AccuracyCache.Remember(problem.Architecture(problem.Space.Create(t.Choices)), t.Accuracy);
        return ReplayingLoop.Run(store, strategy, budget, Evaluate, progress);
    }

    /// <summary>Evaluates one candidate into a trial record (not stored).</summary>
    public TrialRecord Evaluate(int index, Candidate candidate, bool cached = false)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        long seed = NahasAccuracyCache.SeedOf(problem.Architecture(candidate).Key);
        try
        {
            var m = problem.Measure(candidate);
            var outcome = NahasProblem.Outcome(m, problem.Constraints);
            var status = m.Feasible ? TrialStatus.Feasible : problem.IsValid(candidate) ? TrialStatus.Violates : TrialStatus.Pruned;
            return Record(index, candidate, status, m.Metrics(), m.Accuracy ?? double.NaN, outcome.Observation.Reward, m.Violation, cached, clock.Elapsed.TotalSeconds, seed);
        }
        catch (Exception e) when (TrialFailures.Classify(e) is { } kind)
        {
            return Record(index, candidate, TrialStatus.Failed, new Dictionary<string, double>(), double.NaN, NahasProblem.InfeasibleReward, e.Message, cached,
                clock.Elapsed.TotalSeconds, seed) with { FailureKind = kind };
        }
    }

    /// <summary>The most accurate feasible trial (ties: lower latency, then the earlier), or null.</summary>
    public static TrialRecord? Best(IEnumerable<TrialRecord> trials) =>
        trials.Where(t => t.Status == TrialStatus.Feasible).OrderByDescending(t => t.Objective).ThenBy(t => t.LatencyMs).ThenBy(t => t.Index).FirstOrDefault();

    private static TrialRecord Record(int index, Candidate c, TrialStatus status, IReadOnlyDictionary<string, double> metrics, double accuracy, double reward,
        string? note, bool cached, double seconds, long seed) => new()
    {
        Index = index, Key = c.Key, Choices = c.Choices.ToArray(), Status = status, Cached = cached, Metrics = metrics,
        Objective = accuracy, Reward = reward, Seed = seed, SlowSeconds = seconds, Note = note,
    };
}
