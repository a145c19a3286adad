using ZooForge.Asic.Cost;
using ZooForge.Asic.Dataflows;

namespace ZooForge.Asic.Mapping;

/// <summary>The best mapping the mapper found, with its cost and how it searched.</summary>
public sealed record MappingResult
{
    /// <summary>The mapping.</summary>
    public required LoopNest Mapping { get; init; }
    /// <summary>The template tiles it came from.</summary>
    public required TemplateTiles Tiles { get; init; }
    /// <summary>Its cost.</summary>
    public required LayerCost Cost { get; init; }
    /// <summary>The objective it minimises.</summary>
    public required Objective Objective { get; init; }
    /// <summary>Points in the space.</summary>
    public required long SpaceSize { get; init; }
    /// <summary>Mappings evaluated.</summary>
    public required int Evaluated { get; init; }
    /// <summary>Of those, mappings refused because they exceed L1 or L2.</summary>
    public required int Refused { get; init; }
    /// <summary>True when every point was evaluated.</summary>
    public required bool Exhaustive { get; init; }
}
