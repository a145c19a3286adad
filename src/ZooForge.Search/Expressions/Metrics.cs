namespace ZooForge.Search.Expressions;

/// <summary>
/// The metric names an expression may use. Every one but <see cref="Accuracy"/> is known after
/// fast exploration (hardware model only), so constraints on them can prune a candidate before
/// any training.
/// </summary>
public static class Metrics
{
    /// <summary>Top-1 accuracy of the integer network on the validation digits, 0..1.</summary>
    public const string Accuracy = "accuracy";
    /// <summary>Latency of one image in milliseconds.</summary>
    public const string LatencyMs = "latency_ms";
    /// <summary>DSP48 slices of the design.</summary>
    public const string Dsp = "dsp";
    /// <summary>18 Kb block RAMs of the design.</summary>
    public const string Bram18 = "bram18";
    /// <summary>LUTs of the design.</summary>
    public const string Lut = "lut";
    /// <summary>Energy of one image in millijoules (<see cref="Exploration.EnergyModel"/>).</summary>
    public const string EnergyMj = "energy_mj";
    /// <summary>Multiply-accumulates per image the pattern-sparse engine performs, in millions.</summary>
    public const string MegaMacs = "mmacs";
    /// <summary>Stored non-zero weights in KiB at the chosen bit-width.</summary>
    public const string WeightKib = "weight_kib";

    /// <summary>Every metric name, in report order.</summary>
    public static IReadOnlyList<string> All { get; } = [Accuracy, LatencyMs, Dsp, Bram18, Lut, EnergyMj, MegaMacs, WeightKib];

    /// <summary>Whether the metric is known without training.</summary>
    public static bool IsHardware(string name) => name != Accuracy;
}
