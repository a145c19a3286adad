using ZooForge.Search.Space;
using ZooForge.Search.Store;
using ZooForge.Search.Store.Postgres;
using ZooForge.Search.Strategies;

namespace ZooForge.Search.Engine.Distributed;

/// <summary>
/// Rebuilds a strategy's state from a study's stored trials, as <c>--resume</c> does, so any
/// worker that joins at any time proposes from what the database holds. Each proposal (a trial
/// of attempt 0) in number order gets one <see cref="ISearchStrategy.Propose"/>; when its final
/// outcome is stored (the last retry, when stale workers made retries), the strategy observes
/// that outcome for the stored candidate. Proposals still queued or running are proposed but not
/// observed (Optuna's "ask with pending trials"). Because every proposal gets exactly one
/// <c>Propose</c>, a strategy that ignores rewards (random) makes the n-th proposal from its seed
/// and n alone, whatever order trials completed in and whoever ran them.
/// </summary>
public static class StudyReplay
{
    /// <summary>The strategy's next candidate after replaying <paramref name="trials"/> (all of a study, in number order).</summary>
    public static Candidate Next(ISearchStrategy strategy, SearchSpace space, IReadOnlyList<StudyTrial> trials)
    {
        foreach (var (proposal, outcome) in Proposals(trials))
        {
            var proposed = strategy.Propose();
            if (outcome is null) continue;
            // Proposals made while earlier trials were pending need not be what this replay proposes: tell the stored one.
            var candidate = proposed.Key == proposal.Key ? proposed : space.Create(proposal.Choices);
            strategy.Observe(candidate, SearchEngine.Observe(outcome));
        }
        return strategy.Propose();
    }

    /// <summary>
    /// Each proposal of the study in number order with its final outcome: the record of its last
    /// attempt once done, null while that attempt is queued or running. A trial failed as stale
    /// and retried is superseded by its retry.
    /// </summary>
    public static IReadOnlyList<(StudyTrial Proposal, TrialRecord? Outcome)> Proposals(IReadOnlyList<StudyTrial> trials)
    {
        var retries = trials.Where(t => t.RetryOf is not null).ToDictionary(t => t.RetryOf!.Value);
        var list = new List<(StudyTrial, TrialRecord?)>();
        foreach (var proposal in trials.Where(t => t.Attempt == 0))
        {
            var last = proposal;
            while (retries.TryGetValue(last.Number, out var retry)) last = retry;
            list.Add((proposal, last.Outcome));
        }
        return list;
    }

    /// <summary>The final outcomes of a finished study's proposals, in proposal order (what its report describes).</summary>
    public static List<TrialRecord> Outcomes(IReadOnlyList<StudyTrial> trials) =>
        Proposals(trials).Where(p => p.Outcome is not null).Select(p => p.Outcome!).ToList();
}
