using ZooForge.Search.Space;
using ZooForge.Search.Store;
using ZooForge.Search.Strategies;

namespace ZooForge.Search.Engine;

/// <summary>
/// The loop of a persisted, resumable search whose trials are evaluated in process (hwsw-edp,
/// nahas): the strategy proposes; a trial already in the store is replayed (its key must be the one
/// proposed, else the store belongs to another search), a new one is evaluated and committed, one
/// transaction per trial; the strategy observes either.
/// </summary>
public static class ReplayingLoop
{
    /// <summary>Runs up to <paramref name="budget"/> trials in total (stored ones included).</summary>
    /// <param name="store">The trial store.</param>
    /// <param name="strategy">The strategy.</param>
    /// <param name="budget">Trials in all.</param>
    /// <param name="evaluate">Evaluates trial <c>index</c> of a candidate (the flag: an earlier trial of this run had the same key).</param>
    /// <param name="progress">Hears each trial.</param>
    /// <exception cref="InvalidOperationException">The store holds another search's trials.</exception>
    public static List<TrialRecord> Run(ITrialStore store, ISearchStrategy strategy, int budget, Func<int, Candidate, bool, TrialRecord> evaluate,
        Action<TrialRecord>? progress = null)
    {
        var stored = store.Trials();
        var trials = new List<TrialRecord>(budget);
        for (int i = 0; i < budget; i++)
        {
            var candidate = strategy.Propose();
            TrialRecord trial;
            if (i < stored.Count)
            {
                trial = stored[i];
                if (trial.Key != candidate.Key)
                    throw new InvalidOperationException($"trial {i} in '{store.Path}' is '{trial.Key}' but the strategy proposed '{candidate.Key}': the store belongs to a different search");
            }
            else
            {
                trial = evaluate(i, candidate, trials.Any(t => t.Key == candidate.Key));
                store.Add(trial);
            }
            strategy.Observe(candidate, Observe(trial));
            trials.Add(trial);
            progress?.Invoke(trial);
        }
        return trials;
    }

    /// <summary>What the strategy learns from a stored trial: its reward, and feasible only when it met every constraint.</summary>
    public static Observation Observe(TrialRecord trial) =>
        new(trial.Reward, trial.Status == TrialStatus.Feasible, double.IsNaN(trial.LatencyMs) ? null : trial.LatencyMs);
}
