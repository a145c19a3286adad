namespace ZooForge.Search.Store.Postgres;

/// <summary>
/// How long a PostgreSQL store keeps trying: at open (a server that is not there is reported
/// soon) and after a connection broke mid-search (a restarting server is waited for). Delays
/// double from <see cref="FirstDelay"/> up to <see cref="MaxDelay"/>.
/// </summary>
/// <param name="OpenTimeout">Total time to keep trying the first connection.</param>
/// <param name="ReconnectTimeout">Total time to keep retrying an operation whose connection broke.</param>
/// <param name="FirstDelay">Wait before the first retry.</param>
/// <param name="MaxDelay">Longest wait between two retries.</param>
public sealed record ReconnectPolicy(TimeSpan OpenTimeout, TimeSpan ReconnectTimeout, TimeSpan FirstDelay, TimeSpan MaxDelay)
{
    /// <summary>5 s to open, 60 s to come back after a break, 100 ms to 2 s between tries.</summary>
    public static ReconnectPolicy Default { get; } = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2));

    /// <summary>The wait before retry number <paramref name="attempt"/> (0-based).</summary>
    public TimeSpan Delay(int attempt) =>
        TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, FirstDelay.Ticks << Math.Min(attempt, 20)));
}
