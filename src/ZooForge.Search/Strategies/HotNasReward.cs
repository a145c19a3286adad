using ZooForge.Search.Config;

namespace ZooForge.Search.Strategies;

/// <summary>
/// HotNAS's reward R = α·acc_r + (1−α)·lat_r with
/// acc_r = 1 above A_hi, −1 below A_lo, linear in between, and
/// lat_r = −1 without valid hardware, L_hi − lat above L_hi, 1 below L_lo, linear in between.
/// A candidate pruned by fast exploration is not trained: its accuracy term is −1 (FNAS's rule).
/// </summary>
public static class HotNasReward
{
    /// <summary>
    /// The reward of a failed trial: both terms at −1, as for a candidate with no valid hardware
    /// whose accuracy is below A_lo, the floor of every trained candidate's reward.
    /// </summary>
    public const double Failed = -1;

    /// <summary>The reward; <paramref name="accuracy"/> is null when not trained, <paramref name="latencyMs"/> null without hardware.</summary>
    public static double Compute(RewardSettings s, double? accuracy, double? latencyMs)
    {
        double accuracyTerm = accuracy switch
        {
            null => -1,
            double a when a > s.AccuracyHigh => 1,
            double a when a < s.AccuracyLow => -1,
            double a => 2 * (a - s.AccuracyLow) / (s.AccuracyHigh - s.AccuracyLow) - 1,
        };
        double latencyTerm = latencyMs switch
        {
            null => -1,
            double l when l > s.LatencyHighMs => s.LatencyHighMs - l,
            double l when l < s.LatencyLowMs => 1,
            double l => 2 * (s.LatencyHighMs - l) / (s.LatencyHighMs - s.LatencyLowMs) - 1,
        };
        return s.Alpha * accuracyTerm + (1 - s.Alpha) * latencyTerm;
    }
}
