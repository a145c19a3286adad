namespace ZooForge.Asic.Heterogeneous;

/// <summary>One network run once on one sub-accelerator, every layer mapped.</summary>
/// <param name="Cycles">Cycles of all layers, one after another.</param>
/// <param name="EnergyPj">Energy of all layers, pJ.</param>
/// <param name="LatencyMs">Cycles at the clock, ms.</param>
public sealed record NetworkCost(long Cycles, double EnergyPj, double LatencyMs)
{
    /// <summary>Energy in µJ.</summary>
    public double EnergyUj => EnergyPj * 1e-6;
}
