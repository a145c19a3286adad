using ZooForge.Search.Store;

namespace ZooForge.Search.Results;

/// <summary>
/// The feasible trials no other feasible trial dominates in (accuracy ↑, latency ↓, DSP ↓,
/// energy ↓). Each key appears once (its first trial); the set is sorted by latency, then
/// accuracy descending, then key, so it is the same whatever order trials completed in.
/// </summary>
public static class ParetoSet
{
    /// <summary>The front of <paramref name="trials"/>.</summary>
    public static List<TrialRecord> Of(IEnumerable<TrialRecord> trials)
    {
        var feasible = trials.Where(t => t.Status == TrialStatus.Feasible)
            .GroupBy(t => t.Key, StringComparer.Ordinal).Select(g => g.First()).ToList();
        return feasible.Where(t => !feasible.Any(o => Dominates(o, t)))
            .OrderBy(t => t.LatencyMs).ThenByDescending(t => t.Accuracy).ThenBy(t => t.Key, StringComparer.Ordinal).ToList();
    }

    /// <summary>Whether <paramref name="a"/> is no worse than <paramref name="b"/> in every objective and better in one.</summary>
    public static bool Dominates(TrialRecord a, TrialRecord b)
    {
        var (x, y) = (Objectives(a), Objectives(b));
        bool better = false;
        for (int i = 0; i < x.Length; i++)
        {
            if (x[i] > y[i]) return false;
            if (x[i] < y[i]) better = true;
        }
        return better;
    }

    // All minimised: accuracy is negated.
    private static double[] Objectives(TrialRecord t) =>
        [-t.Accuracy, t.LatencyMs, t.Metrics[Expressions.Metrics.Dsp], t.Metrics[Expressions.Metrics.EnergyMj]];
}
