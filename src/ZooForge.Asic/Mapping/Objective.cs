using ZooForge.Core.Errors;
using ZooForge.Asic.Cost;

namespace ZooForge.Asic.Mapping;

/// <summary>What the mapper minimises.</summary>
public enum Objective
{
    /// <summary>Runtime in cycles.</summary>
    Cycles,
    /// <summary>Energy.</summary>
    Energy,
    /// <summary>Energy-delay product.</summary>
    Edp,
}

/// <summary>Names and scores of <see cref="Objective"/>.</summary>
public static class Objectives
{
    /// <summary>Parses cycles, energy or edp.</summary>
    /// <exception cref="ArgumentException">Unknown name.</exception>
    public static Objective Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "cycles" or "latency" => Objective.Cycles,
        "energy" => Objective.Energy,
        "edp" => Objective.Edp,
        _ => throw new InvalidInputException($"unknown objective '{name}'; known objectives: cycles, energy, edp"),
    };

    /// <summary>The lower-is-better score of a cost under an objective (the mapper breaks ties by cycles, then energy).</summary>
    public static double Score(this Objective objective, LayerCost cost) => objective switch
    {
        Objective.Cycles => cost.Cycles,
        Objective.Energy => cost.EnergyPj,
        _ => cost.Edp,
    };

    /// <summary>Lower-case name.</summary>
    public static string Name(this Objective objective) => objective.ToString().ToLowerInvariant();
}
