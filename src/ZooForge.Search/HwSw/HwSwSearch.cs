using ZooForge.Search.Expressions;
using ZooForge.Search.Benchmarks;
using ZooForge.Search.Engine;
using ZooForge.Search.Space;
using ZooForge.Search.Store;
using ZooForge.Search.Strategies;

namespace ZooForge.Search.HwSw;

/// <summary>
/// A persisted <c>hwsw-edp</c> search: the strategy proposes hardware points, each is evaluated
/// (input constraints checked first; a point that misses them is recorded as pruned and never
/// mapped) and committed to the trial store, one transaction per trial. A resumed search replays
/// the stored trials to the strategy (checking that it proposes the same points) and continues. An
/// error of the candidate's own (<see cref="TrialFailures.Classify"/>) is stored as a failed trial
/// and the search goes on.
/// </summary>
public sealed class HwSwSearch(NestedHwSwProblem problem, ITrialStore store)
{
    /// <summary>The problem searched.</summary>
    public NestedHwSwProblem Problem => problem;

    /// <summary>Runs up to <paramref name="budget"/> trials in total (stored ones included); <paramref name="progress"/> hears each.</summary>
    /// <exception cref="InvalidOperationException">The store holds another search's trials.</exception>
    public List<TrialRecord> Run(ISearchStrategy strategy, int budget, Action<TrialRecord>? progress = null) =>
        ReplayingLoop.Run(store, strategy, budget, Evaluate, progress);

    /// <summary>Evaluates one candidate into a trial record (not stored).</summary>
    public TrialRecord Evaluate(int index, Candidate candidate, bool cached = false)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            if (problem.InputViolation(candidate) is { } violation)
            {
                var hw = problem.Point(candidate).ToAccelerator(problem.Hardware.Base);
                return Record(index, candidate, TrialStatus.Pruned, new Dictionary<string, double> { [AsicMetrics.AreaMm2] = hw.AreaMm2, [AsicMetrics.Pes] = hw.Pes },
                    double.NaN, EdpProblem.InvalidReward, violation, cached, clock.Elapsed.TotalSeconds);
            }
            var m = problem.Measure(candidate)!;
            var outcome = HwSwProblem.Outcome(m);
            return Record(index, candidate, m.Feasible ? TrialStatus.Feasible : TrialStatus.Violates, m.Metrics(), m.Edp ?? double.NaN,
                outcome.Observation.Reward, m.Violation, cached, clock.Elapsed.TotalSeconds);
        }
        catch (Exception e) when (TrialFailures.Classify(e) is { } kind)
        {
            return Record(index, candidate, TrialStatus.Failed, new Dictionary<string, double>(), double.NaN, EdpProblem.InvalidReward, e.Message, cached,
                clock.Elapsed.TotalSeconds) with { FailureKind = kind };
        }
    }

    /// <summary>What the strategy learns from a stored trial (<see cref="ReplayingLoop.Observe"/>).</summary>
    public static Observation Observe(TrialRecord trial) => ReplayingLoop.Observe(trial);

    /// <summary>The feasible trial of lowest EDP (ties: the earlier), or null.</summary>
    public static TrialRecord? Best(IEnumerable<TrialRecord> trials) =>
        trials.Where(t => t.Status == TrialStatus.Feasible).OrderBy(t => t.Objective).ThenBy(t => t.Index).FirstOrDefault();

    private static TrialRecord Record(int index, Candidate c, TrialStatus status, IReadOnlyDictionary<string, double> metrics, double edp, double reward,
        string? note, bool cached, double seconds) => new()
    {
        Index = index, Key = c.Key, Choices = c.Choices.ToArray(), Status = status, Cached = cached, Metrics = metrics,
        Objective = edp, Reward = reward, Seed = 0, FastSeconds = seconds, Note = note,
    };
}
