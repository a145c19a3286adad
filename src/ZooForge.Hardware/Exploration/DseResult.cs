namespace ZooForge.Hardware.Exploration;

/// <summary>Outcome and statistics of one design-space exploration.</summary>
public sealed record DseResult
{
    /// <summary>The lowest-latency feasible design, or null when nothing fits.</summary>
    public DesignEvaluation? Best { get; init; }
    /// <summary>The Pareto front over (latency, DSP, BRAM18), sorted by latency.</summary>
    public required IReadOnlyList<DesignEvaluation> Pareto { get; init; }
    /// <summary>Points in the declared space (all lists multiplied out).</summary>
    public long SpaceSize { get; init; }
    /// <summary>Points whose port lanes exceed the device's AXI port bits.</summary>
    public long RejectedByPortBits { get; init; }
    /// <summary>Points left out because a wider port choice of the same tiling is never slower.</summary>
    public long PrunedByPortDominance { get; init; }
    /// <summary>Points whose DSP, BRAM18, LUT or FF exceed the device (or with Tn &lt; 1).</summary>
    public long RejectedByResources { get; init; }
    /// <summary>Points the design cannot run (a kernel or tile too small for a layer).</summary>
    public long RejectedAsIncompatible { get; init; }
    /// <summary>Points discarded because their compute-only lower bound was already beaten.</summary>
    public long PrunedByBound { get; init; }
    /// <summary>Points whose latency was evaluated.</summary>
    public long Evaluated { get; init; }
    /// <summary>Single-layer latency evaluations performed (including lower bounds).</summary>
    public long LayerEvaluations { get; init; }
    /// <summary>Wall time of the exploration.</summary>
    public TimeSpan Elapsed { get; init; }
    /// <summary>A reason when <see cref="Best"/> is null.</summary>
    public string? InfeasibleReason { get; init; }
}
