using ZooForge.Search.Space;
using ZooForge.Search.Store;
using ZooForge.Search.Strategies;

namespace ZooForge.Search.Engine;

/// <summary>
/// The loop of a persisted search whose trials are evaluated one at a time: the strategy proposes,
/// a stored trial is replayed (checking the strategy proposes what the store holds), a new one is
/// evaluated and committed, and the strategy observes it. A resumed search therefore continues
/// exactly where it stopped. Used by the ASIC problems (hwsw-edp, nasaic).
/// </summary>
public static class PersistedTrials
{
    /// <summary>Runs up to <paramref name="budget"/> trials in total (stored ones included).</summary>
    /// <param name="store">The trial store.</param>
    /// <param name="strategy">The strategy.</param>
    /// <param name="budget">Trials in total.</param>
    /// <param name="evaluate">Evaluates a new trial: its index, the candidate, and whether an earlier trial of this run had the same key.</param>
    /// <param name="observe">What the strategy learns from a trial.</param>
    /// <param name="progress">Hears each trial, replayed or new.</param>
    /// <returns>Every trial in order.</returns>
    /// <exception cref="InvalidOperationException">The store holds another search's trials.</exception>
    public static List<TrialRecord> Run(ITrialStore store, ISearchStrategy strategy, int budget, Func<int, Candidate, bool, TrialRecord> evaluate,
        Func<TrialRecord, Observation> observe, Action<TrialRecord>? progress = null)
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
            strategy.Observe(candidate, observe(trial));
            trials.Add(trial);
            progress?.Invoke(trial);
        }
        return trials;
    }
}
