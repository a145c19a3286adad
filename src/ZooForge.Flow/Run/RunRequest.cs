using ZooForge.Flow.Check;

namespace ZooForge.Flow.Run;

/// <summary>What <c>zooforge run</c> was asked: the configuration and the options of each step.</summary>
public sealed record RunRequest
{
    /// <summary>The run folder (new, or one to resume).</summary>
    public required string Folder { get; init; }
    /// <summary>Search configuration YAML, or null for the built-in default.</summary>
    public string? ConfigPath { get; init; }
    /// <summary>Search trials in total, or null for the configuration's budget.</summary>
    public int? Budget { get; init; }
    /// <summary>Search seed, or null (1 for a new run, the stored one on resume).</summary>
    public long? Seed { get; init; }
    /// <summary>Search strategy, or null (rl for a new run, the stored one on resume).</summary>
    public string? Strategy { get; init; }
    /// <summary>Zoo folder, or null for the shipped zoo.</summary>
    public string? ZooFolder { get; init; }
    /// <summary>A PostgreSQL trial store, or null for the configuration's (else SQLite).</summary>
    public string? Storage { get; init; }
    /// <summary>The study's name in a PostgreSQL store, or null for the configuration's name.</summary>
    public string? Study { get; init; }
    /// <summary>Local worker processes for the search, or null to search in this process.</summary>
    public int? Workers { get; init; }
    /// <summary>Held-out digits the HLS csim checks bit-exact.</summary>
    public int CsimImages { get; init; } = DesignCheck.DefaultCsimImages;
    /// <summary>Run the Yosys steps of the check.</summary>
    public bool Synthesis { get; init; } = true;
}
