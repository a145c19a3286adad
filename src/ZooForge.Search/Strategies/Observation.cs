namespace ZooForge.Search.Strategies;

/// <summary>
/// What a strategy learns about the candidate it proposed. Learning strategies maximise
/// <see cref="Reward"/>; constraint-aware ones also use <see cref="Feasible"/> (an evaluated
/// constraint, e.g. accuracy, that no cheap check could predict) and <see cref="LatencyMs"/>
/// (HSCoNAS's channel scaling steers widths toward the latency target).
/// </summary>
/// <param name="Reward">Scalar to maximise (co-search: HotNAS's reward; EDP problem: −log10 of the normalised EDP).</param>
/// <param name="Feasible">Whether the candidate met every constraint.</param>
/// <param name="LatencyMs">Latency of its best hardware, or null when no hardware fits.</param>
public sealed record Observation(double Reward, bool Feasible, double? LatencyMs);
