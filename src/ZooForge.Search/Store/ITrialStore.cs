namespace ZooForge.Search.Store;

/// <summary>
/// Where a search keeps its trials, settings and baselines. <see cref="TrialStore"/> (SQLite, one
/// process) is the default; <see cref="Postgres.PostgresTrialStore"/> holds several studies in one
/// PostgreSQL database for distributed workers. The engine only needs this much: trials in index
/// order, one committed trial at a time, and key/value settings for resume.
/// </summary>
public interface ITrialStore : IDisposable
{
    /// <summary>Where the store is, for messages: a file path, or the study and server of a database.</summary>
    string Path { get; }

    /// <summary>A setting of the run, or null.</summary>
    string? GetMeta(string key);

    /// <summary>Records a setting of the run (replacing an earlier value).</summary>
    void SetMeta(string key, string value);

    /// <summary>Every completed trial in index order.</summary>
    List<TrialRecord> Trials();

    /// <summary>Persists a completed trial (one transaction).</summary>
    void Add(TrialRecord trial);

    /// <summary>The stored baseline evaluation of a zoo model, or null.</summary>
    TrialRecord? GetBaseline(string model);

    /// <summary>Persists a baseline evaluation (replacing an earlier one).</summary>
    void SetBaseline(string model, TrialRecord record);
}
