using ZooForge.Search.Expressions;
using System.Diagnostics;
using ZooForge.Search.Engine;
using ZooForge.Search.Space;
using ZooForge.Search.Store;
using ZooForge.Search.Strategies;

namespace ZooForge.Search.Nasaic;

/// <summary>
/// A persisted NASAIC co-search: the strategy proposes a design (every task's network, the
/// sub-accelerators and the assignment); fast exploration checks the known constraints and then
/// the specs with the cost model, and a design that misses any is recorded as pruned with reward
/// <see cref="NasaicReward.Pruned"/>, never trained; a design that meets them all is trained
/// (slow exploration: each changed network fine-tuned from its checkpoint, once per network) and
/// rewarded in NASAIC's form. Each trial is committed to the store; a resumed search replays the
/// stored trials and continues; an error of the candidate's own is stored as a failed trial and the
/// search goes on.
/// </summary>
/// <param name="problem">The space and fast exploration.</param>
/// <param name="accuracy">Slow exploration (wrap it in a <see cref="NasaicAccuracyCache"/> so each network is trained once).</param>
/// <param name="store">Where trials are kept.</param>
public sealed class NasaicSearch(NasaicProblem problem, INasaicAccuracy accuracy, ITrialStore store)
{
    private readonly long seed = problem.Config.FineTune.Seed;

    /// <summary>Metric name of a task's accuracy: <c>accuracy[mnist]</c>.</summary>
    public static string TaskAccuracy(string task) => AsicMetrics.Of(Metrics.Accuracy, task);

    /// <summary>Metric names of the specs and the reward's hardware term.</summary>
    public const string EnergyUj = AsicMetrics.EnergyUj, AreaMm2 = AsicMetrics.AreaMm2, HardwareTerm = "hardware_term";

    /// <summary>The problem searched.</summary>
    public NasaicProblem Problem => problem;

    /// <summary>Runs up to <paramref name="budget"/> trials in total (stored ones included); <paramref name="progress"/> hears each.</summary>
    /// <exception cref="InvalidOperationException">The store holds another search's trials.</exception>
    public List<TrialRecord> Run(ISearchStrategy strategy, int budget, Action<TrialRecord>? progress = null) =>
        ReplayingLoop.Run(store, strategy, budget, Evaluate, progress);

    /// <summary>Evaluates one candidate into a trial record (not stored).</summary>
    public TrialRecord Evaluate(int index, Candidate candidate, bool cached = false)
    {
        var clock = Stopwatch.StartNew();
        double fast = 0;
        try
        {
            var design = problem.Design(candidate);
            if (NasaicProblem.InputViolation(design) is { } violation)
                return Record(index, candidate, TrialStatus.Pruned, new Dictionary<string, double>(), NasaicReward.Pruned, violation, cached, clock.Elapsed.TotalSeconds, 0);
            var m = problem.Measure(design);
            fast = clock.Elapsed.TotalSeconds;
            var metrics = HardwareMetrics(m);
            if (!m.MeetsSpecs)
                return Record(index, candidate, TrialStatus.Pruned, metrics, NasaicReward.Pruned, m.Violation, cached, fast, 0);

            var reward = problem.Config.Reward;
            double weighted = 0;
            foreach (var (architecture, task) in design.Architectures.Zip(problem.Config.Tasks))
            {
                var (correct, total) = accuracy.Accuracy(architecture, seed);
                metrics[TaskAccuracy(task.Name)] = (double)correct / total;
                weighted += task.Weight * correct / total;
            }
            double term = reward.HardwareTerm(problem.Config.Specs, m.Estimate!.LatencyMs, m.Estimate.EnergyUj, m.Estimate.AreaMm2);
            metrics[Expressions.Metrics.Accuracy] = weighted;
            metrics[HardwareTerm] = term;
            return Record(index, candidate, TrialStatus.Feasible, metrics, reward.Of(weighted, term), null, cached, fast, clock.Elapsed.TotalSeconds - fast);
        }
        catch (Exception e) when (TrialFailures.Classify(e) is { } kind)
        {
            return Record(index, candidate, TrialStatus.Failed, new Dictionary<string, double>(), NasaicReward.Pruned, e.Message, cached,
                fast, clock.Elapsed.TotalSeconds - fast) with { FailureKind = kind };
        }
    }

    /// <summary>The specs of a measured design as trial metrics (empty when no mapping fits).</summary>
    public static Dictionary<string, double> HardwareMetrics(NasaicMeasurement m) => m.Estimate is { } e
        ? new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [Expressions.Metrics.LatencyMs] = e.LatencyMs, [EnergyUj] = e.EnergyUj, [AreaMm2] = e.AreaMm2,
        }
        : new Dictionary<string, double>(StringComparer.Ordinal);

    /// <summary>What the strategy learns from a stored trial (<see cref="ReplayingLoop.Observe"/>).</summary>
    public static Observation Observe(TrialRecord trial) => ReplayingLoop.Observe(trial);

    /// <summary>The feasible trial of highest reward (ties: the earlier), or null.</summary>
    public static TrialRecord? Best(IEnumerable<TrialRecord> trials) =>
        trials.Where(t => t.Status == TrialStatus.Feasible).OrderByDescending(t => t.Reward).ThenBy(t => t.Index).FirstOrDefault();

    private TrialRecord Record(int index, Candidate c, TrialStatus status, IReadOnlyDictionary<string, double> metrics, double reward,
        string? note, bool cached, double fastSeconds, double slowSeconds) => new()
    {
        Index = index, Key = c.Key, Choices = c.Choices.ToArray(), Status = status, Cached = cached, Metrics = metrics,
        Objective = status == TrialStatus.Feasible ? reward : double.NaN, Reward = reward, Seed = seed,
        FastSeconds = fastSeconds, SlowSeconds = slowSeconds, Note = note,
    };
}
