namespace ZooForge.Search.Store.Postgres;

/// <summary>A running trial whose worker stopped sending heartbeats, now failed with kind <see cref="Engine.TrialFailures.Stale"/>.</summary>
/// <param name="Number">The failed trial.</param>
/// <param name="Worker">The worker that held it.</param>
/// <param name="Attempt">Its attempt (0 for a first evaluation).</param>
/// <param name="RetryNumber">The number of the re-queued copy (same genes and seed), or null when the retries are used up.</param>
public sealed record StaleTrial(int Number, string Worker, int Attempt, int? RetryNumber);
