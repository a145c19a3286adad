namespace ZooForge.Search.Store.Postgres;

/// <summary>A trial a worker holds: it is <c>running</c> under <paramref name="Worker"/> until completed or failed as stale.</summary>
/// <param name="Number">The trial's number in its study (unique, gap-free).</param>
/// <param name="Key">The candidate's canonical key.</param>
/// <param name="Choices">Gene value indices.</param>
/// <param name="Seed">Seed of the fine-tuning (kept across retries).</param>
/// <param name="Attempt">0 for a first evaluation, n for the n-th retry after stale workers.</param>
/// <param name="Worker">The worker that claimed it.</param>
public sealed record ClaimedTrial(int Number, string Key, IReadOnlyList<int> Choices, long Seed, int Attempt, string Worker);
