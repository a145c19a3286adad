using ZooForge.Hardware.Exploration;

namespace ZooForge.Search.Exploration;

/// <summary>What fast exploration learned about a candidate without training it.</summary>
/// <param name="Best">The fastest design that fits, or null when none fits the device.</param>
/// <param name="Metrics">Hardware metrics of <paramref name="Best"/> (every metric but accuracy); empty when nothing fits.</param>
/// <param name="Problem">Why nothing fits, when <paramref name="Best"/> is null.</param>
/// <param name="Elapsed">Wall time of the exploration.</param>
public sealed record HardwareOutcome(DesignEvaluation? Best, IReadOnlyDictionary<string, double> Metrics, string? Problem, TimeSpan Elapsed);
