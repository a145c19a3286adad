using ZooForge.Asic.Cost;
using ZooForge.Asic.Description;
using ZooForge.Asic.Problem;

namespace ZooForge.Search.HwSw;

/// <summary>What the inner loop found for one layer on one hardware point.</summary>
/// <param name="Cost">The chosen mapping's cost, or null when no mapping it tried fits.</param>
/// <param name="Evaluated">Mappings it evaluated.</param>
/// <param name="Refusal">Why nothing fits, when <paramref name="Cost"/> is null.</param>
public sealed record InnerResult(LayerCost? Cost, int Evaluated, string? Refusal);

/// <summary>How one layer's mapping is chosen on one hardware point: the inner loop of the co-design.</summary>
public interface IInnerSearch
{
    /// <summary>Maps <paramref name="layer"/> on <paramref name="hw"/>.</summary>
    InnerResult Map(in AsicLayer layer, SpatialAccelerator hw);
}
