using ZooForge.Hardware.Exploration;

namespace ZooForge.Search.Exploration;

/// <summary>
/// A first-order energy model (the hardware models give no energy): energy per image =
/// power × latency + off-chip weight traffic, with
/// power = <see cref="StaticWatts"/> + <see cref="DspWattsAt200"/>·DSP·(f/200 MHz) + <see cref="Bram18WattsAt200"/>·BRAM18·(f/200 MHz)
/// and traffic = off-chip bytes × <see cref="DramJoulesPerByte"/>. Fast exploration charges the
/// weights once per image; the EDP benchmark (<c>Benchmarks/EdpProblem</c>) charges every byte the
/// mapping moves (inputs with their halos, weights re-fetched per tile, outputs), so tiling
/// choices change the energy as well as the latency.
/// The constants are orders of magnitude typical of a 16 nm UltraScale+ at full toggle rate,
/// not a calibrated power report; they rank designs, they do not predict a board's meter.
/// </summary>
public static class EnergyModel
{
    /// <summary>Static and control power of the programmable logic, W.</summary>
    public const double StaticWatts = 0.6;
    /// <summary>Dynamic power of one busy DSP48 at 200 MHz, W.</summary>
    public const double DspWattsAt200 = 0.0005;
    /// <summary>Dynamic power of one active BRAM18 at 200 MHz, W.</summary>
    public const double Bram18WattsAt200 = 0.0003;
    /// <summary>DDR4 access energy per byte, J (about 20 pJ/bit with interface).</summary>
    public const double DramJoulesPerByte = 160e-12;

    /// <summary>Energy of one image in millijoules, given the bytes it moves to and from off-chip memory.</summary>
    public static double Millijoules(DesignEvaluation design, double offChipBytes)
    {
        double scale = design.Design.ClockMhz / 200.0;
        double watts = StaticWatts + (DspWattsAt200 * design.Resources.Dsp + Bram18WattsAt200 * design.Resources.Bram18) * scale;
        double joules = watts * design.Milliseconds / 1000.0 + offChipBytes * DramJoulesPerByte;
        return joules * 1000.0;
    }
}
