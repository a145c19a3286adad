using ZooForge.Hardware.Accelerator;

namespace ZooForge.Search.Store;

/// <summary>How a trial ended.</summary>
public enum TrialStatus
{
    /// <summary>Trained and meets every constraint.</summary>
    Feasible,
    /// <summary>Trained but misses a constraint that needs accuracy.</summary>
    Violates,
    /// <summary>Fast exploration showed it cannot meet the hardware constraints (or no design fits): not trained.</summary>
    Pruned,
    /// <summary>
    /// Its evaluation raised an error of the candidate's own (a non-finite value, a native or
    /// out-of-memory error): recorded with the reason in <see cref="TrialRecord.Note"/>, counted in
    /// the budget, never rerun; the search goes on.
    /// </summary>
    Failed,
}

/// <summary>One completed trial, as persisted.</summary>
public sealed record TrialRecord
{
    /// <summary>0-based position in the search.</summary>
    public required int Index { get; init; }
    /// <summary>The candidate's canonical key.</summary>
    public required string Key { get; init; }
    /// <summary>Gene value indices.</summary>
    public required IReadOnlyList<int> Choices { get; init; }
    /// <summary>Outcome.</summary>
    public required TrialStatus Status { get; init; }
    /// <summary>True when the result was served from an earlier trial with the same key.</summary>
    public bool Cached { get; init; }
    /// <summary>Fastest fitting design, or null when none fits.</summary>
    public AcceleratorDesign? Design { get; init; }
    /// <summary>Metric values (accuracy only when trained).</summary>
    public required IReadOnlyDictionary<string, double> Metrics { get; init; }
    /// <summary>Objective value, NaN when not trained.</summary>
    public double Objective { get; init; } = double.NaN;
    /// <summary>Reward given to the strategy.</summary>
    public required double Reward { get; init; }
    /// <summary>The compressed network file, relative to the run folder; null when not trained.</summary>
    public string? NetworkFile { get; init; }
    /// <summary>Seed of the fine-tuning.</summary>
    public required long Seed { get; init; }
    /// <summary>Fast exploration wall time, seconds.</summary>
    public double FastSeconds { get; init; }
    /// <summary>Slow exploration wall time, seconds.</summary>
    public double SlowSeconds { get; init; }
    /// <summary>Why it was pruned, which constraint it misses, or (failed trials) the error message.</summary>
    public string? Note { get; init; }
    /// <summary>The kind of error of a failed trial (see <see cref="Engine.TrialFailures"/>), null otherwise.</summary>
    public string? FailureKind { get; init; }

    /// <summary>Accuracy, or NaN when not trained.</summary>
    public double Accuracy => Metrics.TryGetValue(Expressions.Metrics.Accuracy, out double a) ? a : double.NaN;

    /// <summary>Latency in ms, or NaN without hardware.</summary>
    public double LatencyMs => Metrics.TryGetValue(Expressions.Metrics.LatencyMs, out double l) ? l : double.NaN;
}
