using ZooForge.Search.Expressions;
using System.Globalization;
using ZooForge.Asic.EdgeTpu;

namespace ZooForge.Search.Nahas;

/// <summary>One NAHAS candidate evaluated: its architecture on its hardware point, and its accuracy when it was trained.</summary>
/// <param name="Architecture">The network.</param>
/// <param name="Hardware">The Edge-TPU-like point.</param>
/// <param name="Cost">Latency, energy and area from the ASIC cost model.</param>
/// <param name="Accuracy">Validation accuracy after fine-tuning; null when a target was missed (not trained).</param>
/// <param name="Violation">The target missed, or null.</param>
public sealed record NahasMeasurement(MnasNetArchitecture Architecture, EdgeTpuConfig Hardware, NahasHardwareCost Cost, double? Accuracy, string? Violation)
{
    /// <summary>Met every target (and was therefore trained).</summary>
    public bool Feasible => Violation is null && Accuracy is not null;

    /// <summary>The figures stored with the trial.</summary>
    public Dictionary<string, double> Metrics()
    {
        var m = new Dictionary<string, double> { [AsicMetrics.AreaMm2] = Cost.AreaMm2 };
        if (Cost.Refusal is null)
        {
            m["latency_ms"] = Cost.LatencyMs;
            m[AsicMetrics.EnergyUj] = Cost.EnergyUj;
            m[AsicMetrics.Cycles] = Cost.Cycles;
        }
        if (Accuracy is { } a) m["accuracy"] = a;
        return m;
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Architecture} on {Hardware}: {(Accuracy is { } a ? $"{100 * a:0.00}%, " : "")}{Cost.LatencyMs:0.####} ms, {Cost.EnergyUj:0.###} µJ, {Cost.AreaMm2:0.##} mm²");
}
