namespace ZooForge.Hardware.Exploration;

/// <summary>Options of one exploration.</summary>
public sealed record DseOptions
{
    /// <summary>Evaluate every valid point, without pruning (the brute-force reference).</summary>
    public bool Exhaustive { get; init; }

    /// <summary>Clock of every design in MHz; null for the device's default clock.</summary>
    public double? ClockMhz { get; init; }

    /// <summary>
    /// Largest share of the device's LUTs and FFs a design may use, in (0, 1]. Below 1 it leaves
    /// room for routing and for what the resource model does not itemise; DSPs and BRAM may still
    /// be used in full, as HotNAS's designs do.
    /// </summary>
    public double MaxLogicUtilisation { get; init; } = 1.0;
}
