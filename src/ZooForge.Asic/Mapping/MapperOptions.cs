namespace ZooForge.Asic.Mapping;

/// <summary>How the mapper searches.</summary>
public sealed record MapperOptions
{
    /// <summary>What to minimise.</summary>
    public Objective Objective { get; init; } = Objective.Edp;
    /// <summary>Spaces up to this many points are searched exhaustively.</summary>
    public long ExhaustiveLimit { get; init; } = 4096;
    /// <summary>Evaluations a larger space is given: random starts, then hill climbing from the best.</summary>
    public int Budget { get; init; } = 1500;
    /// <summary>Seed of the heuristic search; the same seed gives the same mapping.</summary>
    public int Seed { get; init; } = 1;
}
