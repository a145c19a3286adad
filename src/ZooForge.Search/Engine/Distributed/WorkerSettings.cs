namespace ZooForge.Search.Engine.Distributed;

/// <summary>How a <see cref="StudyWorker"/> shows it is alive and treats silent peers.</summary>
/// <param name="HeartbeatInterval">Time between two heartbeats of the trial being evaluated.</param>
/// <param name="StaleGrace">A running trial without a heartbeat for this long is failed as stale (many intervals, so a slow database round trip is not a death).</param>
/// <param name="MaxRetry">How often a stale trial is re-queued with the same genes and seed.</param>
public sealed record WorkerSettings(TimeSpan HeartbeatInterval, TimeSpan StaleGrace, int MaxRetry)
{
    /// <summary>A heartbeat every 10 s, stale after 2 minutes, 3 retries.</summary>
    public static WorkerSettings Default { get; } = new(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(2), 3);
}
