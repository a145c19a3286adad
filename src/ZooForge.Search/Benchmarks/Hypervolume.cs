namespace ZooForge.Search.Benchmarks;

/// <summary>
/// Two-dimensional hypervolume of (accuracy ↑, latency ↓): the area of the region dominated by
/// at least one point and bounded by the reference point (<c>accuracy</c>, <c>latencyMs</c>),
/// divided by the area of the box [reference accuracy, 1] × [0, reference latency], so it lies
/// in [0, 1] (1 would be a perfectly accurate design at zero latency). Points no better than the
/// reference in both coordinates add nothing.
/// </summary>
/// <param name="Accuracy">Reference accuracy (a point must exceed it to count).</param>
/// <param name="LatencyMs">Reference latency in ms (a point must be below it to count).</param>
public sealed record Hypervolume(double Accuracy, double LatencyMs)
{
    /// <summary>The normalised hypervolume of <paramref name="points"/>.</summary>
    public double Of(IEnumerable<(double Accuracy, double LatencyMs)> points)
    {
        var useful = points.Where(p => p.Accuracy > Accuracy && p.LatencyMs < LatencyMs).OrderBy(p => p.LatencyMs).ToList();
        double area = 0, height = 0;
        for (int i = 0; i < useful.Count; i++)
        {
            height = Math.Max(height, useful[i].Accuracy - Accuracy);
            double right = i + 1 < useful.Count ? useful[i + 1].LatencyMs : LatencyMs;
            area += (right - useful[i].LatencyMs) * height;
        }
        return area / ((1 - Accuracy) * LatencyMs);
    }
}
