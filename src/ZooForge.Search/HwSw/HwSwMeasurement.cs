using ZooForge.Search.Expressions;
using ZooForge.Asic.Description;
using ZooForge.Asic.Eyeriss;

namespace ZooForge.Search.HwSw;

/// <summary>One network on one hardware point with every layer mapped.</summary>
/// <param name="Workload">Network name.</param>
/// <param name="Cycles">Cycles of all layers, one after another.</param>
/// <param name="EnergyMj">Energy, mJ.</param>
/// <param name="LatencyMs">Latency at the clock, ms.</param>
public sealed record WorkloadCost(string Workload, long Cycles, double EnergyMj, double LatencyMs)
{
    /// <summary>Energy-delay product, mJ·ms.</summary>
    public double EdpMjMs => EnergyMj * LatencyMs;
}

/// <summary>What evaluating one hardware point found: its cost per workload, or the output constraint it misses.</summary>
public sealed record HwSwMeasurement
{
    /// <summary>The hardware point.</summary>
    public required EyerissPoint Point { get; init; }
    /// <summary>Its accelerator.</summary>
    public required SpatialAccelerator Hardware { get; init; }
    /// <summary>Cost per workload; empty when some layer has no fitting mapping.</summary>
    public required IReadOnlyList<WorkloadCost> Workloads { get; init; }
    /// <summary>The output constraint it misses, or null when feasible.</summary>
    public string? Violation { get; init; }
    /// <summary>Mappings the inner search evaluated over all layers.</summary>
    public required long MappingsEvaluated { get; init; }

    /// <summary>True when it meets every output constraint.</summary>
    public bool Feasible => Violation is null;

    /// <summary>
    /// The objective: geometric mean of the workloads' EDPs (mJ·ms), so that each network's relative
    /// improvement counts equally however large it is; null when some layer has no mapping.
    /// </summary>
    public double? Edp => Workloads.Count == 0 ? null : Math.Exp(Workloads.Average(w => Math.Log(w.EdpMjMs)));

    /// <summary>Metrics for the trial store and reports (<c>edp_mj_ms</c>, <c>area_mm2</c>, <c>pes</c>, per-workload latency, energy and EDP).</summary>
    public Dictionary<string, double> Metrics()
    {
        var m = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [AsicMetrics.AreaMm2] = Hardware.AreaMm2,
            [AsicMetrics.Pes] = Hardware.Pes,
            ["mappings_evaluated"] = MappingsEvaluated,
        };
        if (Edp is { } edp) m[AsicMetrics.EdpMjMs] = edp;
        foreach (var w in Workloads)
        {
            m[AsicMetrics.Of(ZooForge.Search.Expressions.Metrics.LatencyMs, w.Workload)] = w.LatencyMs;
            m[$"energy_mj[{w.Workload}]"] = w.EnergyMj;
            m[AsicMetrics.Of(AsicMetrics.EdpMjMs, w.Workload)] = w.EdpMjMs;
        }
        if (Workloads.Count > 0) m["latency_ms"] = Workloads.Max(w => w.LatencyMs);
        return m;
    }
}
