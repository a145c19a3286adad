using System.Globalization;

namespace ZooForge.Search.Nahas;

/// <summary>
/// NAHAS's targets. The area target is an input constraint (known from the knobs: a point that
/// misses it is never costed); the latency target is known once the architecture is mapped onto the
/// point, before any training, so a candidate that misses it is not fine-tuned.
/// </summary>
/// <param name="LatencyMsMax">Latency target, ms per image.</param>
/// <param name="AreaMm2Max">Area target, mm².</param>
public sealed record NahasConstraints(double LatencyMsMax, double AreaMm2Max)
{
    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"latency <= {LatencyMsMax} ms, area <= {AreaMm2Max} mm²");
}
