using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using ZooForge.Compression.Quantization;
using ZooForge.Search.Config;
using ZooForge.Search.Evaluation;
using ZooForge.Search.Exploration;
using ZooForge.Search.Expressions;
using ZooForge.Search.Space;
using ZooForge.Search.Store;
using ZooForge.Search.Strategies;

namespace ZooForge.Search.Engine;

/// <summary>
/// The co-search loop (HotNAS): the strategy proposes a candidate; fast exploration finds its
/// best hardware and prunes it without training when it cannot meet the hardware-only
/// constraints; otherwise slow exploration fine-tunes and scores it; the reward goes back to
/// the strategy. Every trial is persisted as it completes. On resume the stored trials are
/// replayed into the strategy (which is deterministic), so the search continues exactly where
/// it stopped; a candidate whose key was seen before is served from the store. A trial whose
/// evaluation raises an error of its own (<see cref="TrialFailures"/>) is stored as failed, with
/// the lowest reward, and the search goes on; resuming replays it and does not rerun it.
/// </summary>
public sealed class SearchEngine : ITrialEvaluator
{
    /// <summary>Folder of the per-trial compressed networks inside the run folder.</summary>
    public const string NetworksFolder = "networks";

    private readonly SearchConfig _config;
    private readonly FastExplorer _explorer;
    private readonly IAccuracyEvaluator _evaluator;
    private readonly ITrialStore _store;
    private readonly string _runFolder;
    private readonly long _seed;

    /// <summary>Creates an engine writing into <paramref name="runFolder"/>.</summary>
    public SearchEngine(SearchConfig config, FastExplorer explorer, IAccuracyEvaluator evaluator, ITrialStore store, string runFolder, long seed)
    {
        (_config, _explorer, _evaluator, _store, _runFolder, _seed) = (config, explorer, evaluator, store, runFolder, seed);
    }

    /// <summary>
    /// Reports an infeasible specification before any training: if even each model's fastest
    /// candidate misses the hardware-only constraints, throws naming the closest design.
    /// </summary>
    /// <exception cref="SearchInfeasibleException">No candidate can meet the hardware constraints.</exception>
    public static void CheckFeasible(SearchConfig config, FastExplorer explorer)
    {
        var hardware = config.Constraints.Where(c => c.IsHardwareOnly).ToList();
        (Candidate Candidate, HardwareOutcome Outcome)? closest = null;
        foreach (var candidate in config.Space.FastestPerModel())
        {
            var outcome = explorer.Explore(candidate);
            if (outcome.Best is null) continue;
            if (hardware.All(c => c.Holds(outcome.Metrics))) return;
            if (closest is null || outcome.Metrics[Metrics.LatencyMs] < closest.Value.Outcome.Metrics[Metrics.LatencyMs])
                closest = (candidate, outcome);
        }
        if (closest is not { } c)
            throw new SearchInfeasibleException("infeasible specification: no candidate of the search space fits the device");
        var failing = hardware.Where(x => !x.Holds(c.Outcome.Metrics)).Select(x => x.Text);
        throw new SearchInfeasibleException(
            $"infeasible specification: even the most compressed candidates miss '{string.Join("' and '", failing)}'; closest design: {c.Candidate.Key} on {c.Outcome.Best!.Design} " +
            $"with latency {c.Outcome.Metrics[Metrics.LatencyMs]:0.####} ms, {c.Outcome.Metrics[Metrics.Dsp]:0} DSP, {c.Outcome.Metrics[Metrics.EnergyMj]:0.####} mJ");
    }

    /// <summary>
    /// Whether fast exploration finds hardware for <paramref name="candidate"/> that meets every
    /// hardware-only constraint: the known constraints a constrained optimiser samples within.
    /// </summary>
    public bool MeetsHardwareConstraints(Candidate candidate) => MeetsHardwareConstraints(_config, _explorer, candidate);

    /// <summary>Whether <paramref name="explorer"/> finds hardware for <paramref name="candidate"/> meeting every hardware-only constraint of <paramref name="config"/>.</summary>
    public static bool MeetsHardwareConstraints(SearchConfig config, FastExplorer explorer, Candidate candidate)
    {
        var outcome = explorer.Explore(candidate);
        return outcome.Best is not null && config.Constraints.Where(c => c.IsHardwareOnly).All(c => c.Holds(outcome.Metrics));
    }

    /// <summary>Runs (or continues) the search until <paramref name="budget"/> trials are complete; returns every trial.</summary>
    public List<TrialRecord> Run(ISearchStrategy strategy, int budget, Action<SearchProgress>? progress = null, CancellationToken cancel = default)
    {
        var stored = _store.Trials();
        var trials = new List<TrialRecord>();
        var byKey = new Dictionary<string, TrialRecord>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        int newTrials = 0;
        for (int i = 0; i < budget; i++)
        {
            cancel.ThrowIfCancellationRequested();
            var candidate = strategy.Propose();
            TrialRecord trial;
            bool replayed = i < stored.Count;
            if (replayed)
            {
                trial = stored[i];
                if (trial.Key != candidate.Key)
                    throw new InvalidOperationException($"trial {i} in '{_store.Path}' is '{trial.Key}' but the strategy proposed '{candidate.Key}': the store belongs to a different search");
            }
            else
            {
                trial = byKey.TryGetValue(candidate.Key, out var earlier)
                    ? earlier with { Index = i, Cached = true, FastSeconds = 0, SlowSeconds = 0 }
                    : Evaluate(i, candidate);
                _store.Add(trial);
                newTrials++;
            }
            byKey.TryAdd(trial.Key, trial);
            trials.Add(trial);
            strategy.Observe(candidate, Observe(trial));

            if (progress is not null)
            {
                TimeSpan? eta = newTrials == 0 ? null : clock.Elapsed / newTrials * (budget - i - 1);
                progress(new SearchProgress(i + 1, budget, clock.Elapsed, eta, trial, Best(trials),
                    trials.Count(t => t.Status == TrialStatus.Feasible), trials.Count(t => t.Status == TrialStatus.Pruned),
                    trials.Count(t => t.Cached), replayed) { Failed = trials.Count(t => t.Status == TrialStatus.Failed) });
            }
        }
        return trials;
    }

    /// <summary>What a strategy learns from a trial: its reward, whether it met every constraint, and its latency.</summary>
    public static Observation Observe(TrialRecord trial) =>
        new(trial.Reward, trial.Status == TrialStatus.Feasible, double.IsNaN(trial.LatencyMs) ? null : trial.LatencyMs);

    /// <summary>The best feasible trial: highest objective, then lowest latency, then key.</summary>
    public static TrialRecord? Best(IEnumerable<TrialRecord> trials) => trials
        .Where(t => t.Status == TrialStatus.Feasible)
        .OrderByDescending(t => t.Objective).ThenBy(t => t.LatencyMs).ThenBy(t => t.Key, StringComparer.Ordinal)
        .FirstOrDefault();

    /// <summary>The fine-tuning seed of a candidate: a function of the search seed and the key only, so results do not depend on trial order.</summary>
    public static long CandidateSeed(long seed, string key)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(key));
        long h = BitConverter.ToInt64(hash, 0);
        return ((seed * 1_000_003) ^ h) & 0x7FFFFFFF;
    }

    /// <summary>Fast then (if not pruned) slow exploration of one candidate.</summary>
    public TrialRecord Evaluate(int index, Candidate candidate) => EvaluateWithSeed(index, candidate, CandidateSeed(_seed, candidate.Key));

    /// <summary>Fast then (if not pruned) slow exploration of one candidate with a given fine-tuning seed (a queued trial's).</summary>
    public TrialRecord EvaluateWithSeed(int index, Candidate candidate, long seed)
    {
        var hardware = _explorer.Explore(candidate);
        var record = new TrialRecord
        {
            Index = index, Key = candidate.Key, Choices = candidate.Choices, Status = TrialStatus.Pruned, Design = hardware.Best?.Design,
            Metrics = hardware.Metrics, Reward = 0, Seed = seed, FastSeconds = hardware.Elapsed.TotalSeconds,
        };
        double? latency = hardware.Best is null ? null : hardware.Metrics[Metrics.LatencyMs];
        if (hardware.Best is null)
            return record with { Reward = HotNasReward.Compute(_config.Reward, null, null), Note = hardware.Problem };
        var missed = _config.Constraints.Where(c => c.IsHardwareOnly && !c.Holds(hardware.Metrics)).Select(c => c.Text).ToList();
        if (missed.Count > 0)
            return record with { Reward = HotNasReward.Compute(_config.Reward, null, latency), Note = "misses " + string.Join(", ", missed) };

        var slow = Stopwatch.StartNew();
        AccuracyOutcome outcome;
        string file;
        try
        {
            outcome = _evaluator.Evaluate(candidate, seed);
            file = SaveNetwork(candidate.Key, outcome.Network);
        }
        catch (Exception e) when (TrialFailures.Classify(e) is { } kind)
        {
            return record with
            {
                Status = TrialStatus.Failed, Reward = HotNasReward.Failed, Note = e.Message.ReplaceLineEndings(" ").Trim(), FailureKind = kind,
                SlowSeconds = slow.Elapsed.TotalSeconds,
            };
        }
        var metrics = new Dictionary<string, double>(hardware.Metrics, StringComparer.Ordinal) { [Metrics.Accuracy] = outcome.Accuracy };
        var violated = _config.Constraints.Where(c => !c.Holds(metrics)).Select(c => c.Text).ToList();
        return record with
        {
            Status = violated.Count == 0 ? TrialStatus.Feasible : TrialStatus.Violates,
            Metrics = metrics,
            Objective = _config.Objective.Evaluate(metrics),
            Reward = HotNasReward.Compute(_config.Reward, outcome.Accuracy, latency),
            NetworkFile = file,
            SlowSeconds = outcome.Elapsed.TotalSeconds,
            Note = violated.Count == 0 ? null : "misses " + string.Join(", ", violated),
        };
    }

    /// <summary>
    /// The sequential baseline for one zoo model: the uncompressed network (as trained, 16-bit
    /// hardware, no patterns or cuts) on its best hardware, scored on the same validation digits.
    /// Stored so resumed runs do not recompute it.
    /// </summary>
    public TrialRecord Baseline(string model)
    {
        if (_store.GetBaseline(model) is { } stored) return stored;
        var candidate = new SearchSpace([model], [new Gene(GeneKind.Bits, [16])]).Create([0, 0]);
        var hardware = _explorer.Explore(candidate);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var (correct, total) = _evaluator.UncompressedAccuracy(model);
        var metrics = new Dictionary<string, double>(hardware.Metrics, StringComparer.Ordinal) { [Metrics.Accuracy] = total == 0 ? 0 : (double)correct / total };
        bool meets = hardware.Best is not null && _config.Constraints.All(c => c.Holds(metrics));
        var record = new TrialRecord
        {
            Index = -1, Key = candidate.Key, Choices = candidate.Choices, Status = meets ? TrialStatus.Feasible : TrialStatus.Violates,
            Design = hardware.Best?.Design, Metrics = metrics, Objective = hardware.Best is null ? double.NaN : _config.Objective.Evaluate(metrics),
            Reward = 0, Seed = 0, FastSeconds = hardware.Elapsed.TotalSeconds, SlowSeconds = clock.Elapsed.TotalSeconds,
            Note = hardware.Problem,
        };
        _store.SetBaseline(model, record);
        return record;
    }

    private string SaveNetwork(string key, QuantizedNetwork network)
    {
        string name = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16] + ".zfq.safetensors";
        string relative = Path.Combine(NetworksFolder, name);
        Directory.CreateDirectory(Path.Combine(_runFolder, NetworksFolder));
        QuantizedNetworkFile.Save(Path.Combine(_runFolder, relative), network);
        return relative.Replace('\\', '/');
    }
}
