using System.Globalization;

namespace ZooForge.Hardware.Resources;

/// <summary>One resource a design needs more of than the device has.</summary>
/// <param name="Resource">Display name, e.g. <c>DSP</c> or <c>BRAM18</c>.</param>
/// <param name="Used">Units the design needs.</param>
/// <param name="Available">Units the device has.</param>
public readonly record struct ResourceOverflow(string Resource, long Used, long Available)
{
    /// <summary>How many units too many.</summary>
    public long Excess => Used - Available;

    /// <inheritdoc />
    public override string ToString() => string.Format(CultureInfo.InvariantCulture,
        "{0} {1:N0} > {2:N0} available (over by {3:N0}, {4:0.#}% of the device)",
        Resource, Used, Available, Excess, 100.0 * Used / Available);
}
