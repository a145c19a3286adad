namespace ZooForge.Flow.Search;

/// <summary>What <c>zooforge search</c> was asked.</summary>
public sealed record SearchRequest
{
    /// <summary>Search configuration YAML, or null for the built-in default.</summary>
    public string? ConfigPath { get; init; }
    /// <summary>Strategy, or null (rl for a new search, the stored one on resume).</summary>
    public string? Strategy { get; init; }
    /// <summary>Trials in total, or null for the configuration's budget.</summary>
    public int? Budget { get; init; }
    /// <summary>Seed, or null (1 for a new search, the stored one on resume).</summary>
    public long? Seed { get; init; }
    /// <summary>The run folder of a search to continue, or null for a new one.</summary>
    public string? ResumeFolder { get; init; }
    /// <summary>The run folder of a new search, or null for <c>search-NAME</c> after the configuration file.</summary>
    public string? OutFolder { get; init; }
    /// <summary>Zoo folder, or null for the shipped zoo.</summary>
    public string? ZooFolder { get; init; }
    /// <summary>A PostgreSQL trial store, or null for the configuration's (else SQLite).</summary>
    public string? Storage { get; init; }
    /// <summary>The study's name in a PostgreSQL store, or null for the configuration's name.</summary>
    public string? Study { get; init; }
    /// <summary>Local worker processes, or null to search in this process.</summary>
    public int? Workers { get; init; }

    /// <summary>The folder the search runs in: the resumed one, the one asked for, or <c>search-NAME</c>.</summary>
    public string Folder => ResumeFolder ?? OutFolder ?? "search-" + (ConfigPath is null ? "default" : Path.GetFileNameWithoutExtension(ConfigPath));
}
