namespace ZooForge.Flow.Bench;

/// <summary>What <c>zooforge bench-search</c> was asked, its values checked.</summary>
public sealed record SearchBenchRequest
{
    /// <summary>Problems in the order run (<see cref="SearchBenchmark.ProblemNames"/>).</summary>
    public required IReadOnlyList<string> Problems { get; init; }

    /// <summary>Strategies compared on each problem.</summary>
    public required IReadOnlyList<string> Strategies { get; init; }

    /// <summary>Seeds per strategy (1..N).</summary>
    public required int Seeds { get; init; }

    /// <summary>Trials per run, or null for each problem's default.</summary>
    public int? Budget { get; init; }

    /// <summary>Folder of <c>bench.json</c>, the plots and the co-search evaluation cache.</summary>
    public required string Folder { get; init; }

    /// <summary>Zoo folder, or null for the shipped zoo.</summary>
    public string? ZooFolder { get; init; }

    /// <summary>scaling: the PostgreSQL database to measure, or null for a throw-away cluster.</summary>
    public string? Storage { get; init; }

    /// <summary>scaling: worker counts.</summary>
    public IReadOnlyList<int> Workers { get; init; } = [1, 2, 4];

    /// <summary>scaling: simulated evaluation time of the second series (0 leaves it out).</summary>
    public double EvaluationMs { get; init; } = SearchBenchmark.DefaultEvaluationMs;
}
