namespace ZooForge.Search.Store.Postgres;

/// <summary>
/// One row of a study as a coordinating worker sees it: a proposal (<paramref name="Attempt"/> 0)
/// or the retry of a stale one, and its outcome once it is done.
/// </summary>
/// <param name="Number">The trial's number in its study.</param>
/// <param name="Key">The candidate's canonical key.</param>
/// <param name="Choices">Gene value indices.</param>
/// <param name="Seed">Seed of the evaluation.</param>
/// <param name="Attempt">0 for a proposal, n for the n-th retry after stale workers.</param>
/// <param name="RetryOf">The stale trial this one retries, or null for a proposal.</param>
/// <param name="Outcome">The stored result once the trial is done (failed as stale included), else null (waiting or running).</param>
/// <param name="Worker">The worker that claimed (or stored) it; null while it waits.</param>
public sealed record StudyTrial(int Number, string Key, IReadOnlyList<int> Choices, long Seed, int Attempt, int? RetryOf, TrialRecord? Outcome, string? Worker);
