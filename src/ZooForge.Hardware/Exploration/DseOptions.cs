namespace ZooForge.Hardware.Exploration;

/// <summary>Options of one exploration.</summary>
public sealed record DseOptions
{
    /// <summary>Evaluate every valid point, without pruning (the brute-force reference).</summary>
    public bool Exhaustive { get; init; }

    /// <summary>Clock of every design in MHz; null for the device's default clock.</summary>
    public double? ClockMhz { get; init; }
}
