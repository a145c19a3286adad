using ZooForge.Search.Store;

namespace ZooForge.Search.Results;

/// <summary>Everything the outputs describe about a finished search.</summary>
public sealed record SearchSummary
{
    /// <summary>Run name.</summary>
    public required string Name { get; init; }
    /// <summary>Strategy name.</summary>
    public required string Strategy { get; init; }
    /// <summary>Search seed.</summary>
    public required long Seed { get; init; }
    /// <summary>Device and clock, as text.</summary>
    public required string Target { get; init; }
    /// <summary>Objective expression.</summary>
    public required string Objective { get; init; }
    /// <summary>Constraint expressions.</summary>
    public required IReadOnlyList<string> Constraints { get; init; }
    /// <summary>All trials in order.</summary>
    public required IReadOnlyList<TrialRecord> Trials { get; init; }
    /// <summary>The Pareto front.</summary>
    public required IReadOnlyList<TrialRecord> Pareto { get; init; }
    /// <summary>The chosen design's trial, or null when nothing is feasible.</summary>
    public TrialRecord? Chosen { get; init; }
    /// <summary>Sequential baseline per zoo model (uncompressed, hardware DSE only).</summary>
    public IReadOnlyList<TrialRecord> Baseline { get; init; } = [];
    /// <summary>Wall time of this process's part of the search.</summary>
    public TimeSpan Elapsed { get; init; }
    /// <summary>Trials evaluated by this process (not replayed from the store).</summary>
    public int NewTrials { get; init; }

    /// <summary>Trials per minute of this process (new trials over wall time).</summary>
    public double TrialsPerMinute => Elapsed.TotalMinutes > 0 ? NewTrials / Elapsed.TotalMinutes : 0;

    /// <summary>Trials that met every constraint.</summary>
    public int Feasible => Trials.Count(t => t.Status == TrialStatus.Feasible);

    /// <summary>Trials pruned by fast exploration (not trained).</summary>
    public int Pruned => Trials.Count(t => t.Status == TrialStatus.Pruned);

    /// <summary>Trials whose evaluation failed (their reasons are in <see cref="TrialRecord.Note"/>).</summary>
    public IReadOnlyList<TrialRecord> FailedTrials => Trials.Where(t => t.Status == TrialStatus.Failed).ToList();

    /// <summary>The error line when every trial failed, naming the commonest reason; null otherwise.</summary>
    public string? EveryTrialFailed => Engine.TrialFailures.EveryTrialFailed(Trials);

    /// <summary>Trials served from an earlier trial with the same key.</summary>
    public int Cached => Trials.Count(t => t.Cached);

    /// <summary>Share of trials pruned by fast exploration.</summary>
    public double PrunedShare => Trials.Count == 0 ? 0 : (double)Pruned / Trials.Count;

    /// <summary>
    /// The stronger sequential baseline: the most accurate zoo model whose uncompressed network
    /// meets every constraint on its best hardware; null when none does.
    /// </summary>
    public TrialRecord? BestBaseline => Baseline.Where(b => b.Status == TrialStatus.Feasible)
        .OrderByDescending(b => b.Objective).ThenBy(b => b.LatencyMs).FirstOrDefault();

    /// <summary>The most accurate zoo model uncompressed (the literal "choose the best zoo model, then DSE").</summary>
    public TrialRecord? MostAccurateBaseline => Baseline.OrderByDescending(b => b.Accuracy).ThenBy(b => b.LatencyMs).FirstOrDefault();
}
