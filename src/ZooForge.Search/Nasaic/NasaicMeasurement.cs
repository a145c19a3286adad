using System.Globalization;
using ZooForge.Asic.Heterogeneous;

namespace ZooForge.Search.Nasaic;

/// <summary>What fast exploration learns about a design: its specs from the cost model, and which it misses.</summary>
/// <param name="Design">The design.</param>
/// <param name="Estimate">Latency, energy and area with every network placed; null when a layer has no fitting mapping.</param>
/// <param name="Refusal">Why no mapping fits, when <paramref name="Estimate"/> is null.</param>
/// <param name="Specs">The bounds it was checked against.</param>
public sealed record NasaicMeasurement(NasaicDesign Design, HeterogeneousEstimate? Estimate, string? Refusal, NasaicSpecs Specs)
{
    /// <summary>Whether latency is within its bound.</summary>
    public bool LatencyMet => Estimate is { } e && e.LatencyMs <= Specs.LatencyMs;

    /// <summary>Whether energy is within its bound.</summary>
    public bool EnergyMet => Estimate is { } e && e.EnergyUj <= Specs.EnergyUj;

    /// <summary>Whether area is within its bound.</summary>
    public bool AreaMet => Estimate is { } e && e.AreaMm2 <= Specs.AreaMm2;

    /// <summary>Whether every spec is met (the design is worth training).</summary>
    public bool MeetsSpecs => LatencyMet && EnergyMet && AreaMet;

    /// <summary>The specs missed, e.g. <c>latency 0.31 ms > 0.2 ms; area 5.1 mm² > 4 mm²</c>, or the refusal; null when all are met.</summary>
    public string? Violation
    {
        get
        {
            if (Estimate is not { } e) return Refusal;
            var missed = new List<string>();
            if (!LatencyMet) missed.Add(string.Create(CultureInfo.InvariantCulture, $"latency {e.LatencyMs:0.####} ms > {Specs.LatencyMs:0.####} ms"));
            if (!EnergyMet) missed.Add(string.Create(CultureInfo.InvariantCulture, $"energy {e.EnergyUj:0.##} µJ > {Specs.EnergyUj:0.##} µJ"));
            if (!AreaMet) missed.Add(string.Create(CultureInfo.InvariantCulture, $"area {e.AreaMm2:0.###} mm² > {Specs.AreaMm2:0.###} mm²"));
            return missed.Count == 0 ? null : "spec missed: " + string.Join("; ", missed);
        }
    }

    /// <summary>
    /// How far the design is from meeting the specs: Σ max(0, value / bound − 1) over the three specs
    /// (0 when all are met; infinite without an estimate). The sequential baseline picks the design
    /// of least excess when none meets every spec.
    /// </summary>
    public double Excess => Estimate is not { } e ? double.PositiveInfinity
        : Math.Max(0, e.LatencyMs / Specs.LatencyMs - 1) + Math.Max(0, e.EnergyUj / Specs.EnergyUj - 1) + Math.Max(0, e.AreaMm2 / Specs.AreaMm2 - 1);
}
