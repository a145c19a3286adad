using System.Globalization;
using ZooForge.Asic.Description;

namespace ZooForge.Search.HwSw;

/// <summary>
/// Shi et al.'s two kinds of constraint. Input constraints are known before evaluating (area and
/// PE count follow from the knobs): points that miss them are never mapped. Output constraints are
/// known only after the inner search (every layer has a mapping that fits the buffers; each
/// network's latency within the target): strategies learn them as feasibility.
/// </summary>
/// <param name="AreaMm2Max">Input: largest area, mm² (null: none).</param>
/// <param name="PesMax">Input: most PEs (null: none).</param>
/// <param name="LatencyMsMax">Output: largest latency of each workload, ms (null: none).</param>
public sealed record HwSwConstraints(double? AreaMm2Max = null, int? PesMax = null, double? LatencyMsMax = null)
{
    /// <summary>Why <paramref name="hw"/> misses an input constraint, or null when it meets them all.</summary>
    public string? InputViolation(SpatialAccelerator hw)
    {
        if (PesMax is { } pes && hw.Pes > pes) return $"{hw.Pes} PEs exceed pes_max {pes}";
        if (AreaMm2Max is { } area && hw.AreaMm2 > area)
            return string.Create(CultureInfo.InvariantCulture, $"area {hw.AreaMm2:0.###} mm² exceeds area_mm2_max {area}");
        return null;
    }

    /// <summary>Why a workload's latency misses the output constraint, or null.</summary>
    public string? LatencyViolation(string workload, double latencyMs) =>
        LatencyMsMax is { } max && latencyMs > max
            ? string.Create(CultureInfo.InvariantCulture, $"{workload} takes {latencyMs:0.###} ms, above latency_ms_max {max}")
            : null;

    /// <inheritdoc />
    public override string ToString()
    {
        var parts = new List<string>();
        if (AreaMm2Max is { } a) parts.Add(string.Create(CultureInfo.InvariantCulture, $"area ≤ {a} mm² (input)"));
        if (PesMax is { } p) parts.Add($"PEs ≤ {p} (input)");
        parts.Add("every layer maps (output)");
        if (LatencyMsMax is { } l) parts.Add(string.Create(CultureInfo.InvariantCulture, $"latency ≤ {l} ms per network (output)"));
        return string.Join(", ", parts);
    }
}
