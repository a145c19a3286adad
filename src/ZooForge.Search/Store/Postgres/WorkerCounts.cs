namespace ZooForge.Search.Store.Postgres;

/// <summary>The trials of one worker in a study, by state; the empty worker name holds the queued trials nobody claimed yet.</summary>
/// <param name="Worker">The worker id, or empty for unclaimed trials.</param>
/// <param name="Waiting">Queued, not claimed.</param>
/// <param name="Running">Claimed and not finished.</param>
/// <param name="Done">Finished with an outcome other than failed.</param>
/// <param name="Failed">Finished as failed (including stale).</param>
public sealed record WorkerCounts(string Worker, int Waiting, int Running, int Done, int Failed);
