namespace ZooForge.Search.Expressions;

/// <summary>
/// The metric names the ASIC searches (hwsw-edp, nahas, nasaic) record on their trials, beside
/// <see cref="Metrics.LatencyMs"/>: one spelling for the stores, reports and CSV columns that read them.
/// </summary>
public static class AsicMetrics
{
    /// <summary>Chip area in mm².</summary>
    public const string AreaMm2 = "area_mm2";
    /// <summary>Energy of one inference in µJ.</summary>
    public const string EnergyUj = "energy_uj";
    /// <summary>Energy-delay product in mJ·ms.</summary>
    public const string EdpMjMs = "edp_mj_ms";
    /// <summary>Processing elements of the array.</summary>
    public const string Pes = "pes";
    /// <summary>Cycles of one inference.</summary>
    public const string Cycles = "cycles";

    /// <summary>A metric of one workload or task, such as <c>edp_mj_ms[resnet18]</c>.</summary>
    /// <param name="metric">The metric name.</param>
    /// <param name="part">The workload or task.</param>
    public static string Of(string metric, string part) => $"{metric}[{part}]";
}
