using System.Globalization;
using ZooForge.Asic.Problem;
using ZooForge.Search.Engine;

namespace ZooForge.Search.Nahas;

/// <summary>
/// Refuses targets nothing can meet before anything is trained: an area target below every point
/// of the hardware space or below the fixed-hardware baseline's default point (checked on every
/// point: an area is a few multiplications), a latency target below the smallest architecture's
/// physical bound on the largest valid array (its MACs at every MAC busy every cycle), and one the
/// baseline cannot meet with the smallest architecture (costed exactly on its one point).
/// </summary>
public static class NahasFeasibility
{
    /// <summary>Hardware points meeting the area target.</summary>
    /// <exception cref="SearchInfeasibleException">The targets cannot be met.</exception>
    public static long Check(NahasConfig config, NahasCostModel costs)
    {
        var space = config.HardwareSpace;
        var c = config.Constraints;
        long valid = 0, largest = 0;
        double smallest = double.PositiveInfinity;
        var index = new int[space.Knobs.Count];
        do
        {
            var hw = space.At(index).ToAccelerator();
            smallest = Math.Min(smallest, hw.AreaMm2);
            if (hw.AreaMm2 > c.AreaMm2Max) continue;
            valid++;
            largest = Math.Max(largest, (long)hw.Pes * hw.MacsPerPe);
        }
        while (Next(index, space.Knobs.Select(k => k.Values.Count).ToArray()));
        if (valid == 0)
            throw new SearchInfeasibleException(F($"area_mm2_max {c.AreaMm2Max} cannot be met: the smallest point of hardware space '{space.Name}' takes {smallest:0.###} mm²"));
        double baselineArea = config.BaselineHardware.ToAccelerator().AreaMm2;
        if (baselineArea > c.AreaMm2Max)
            throw new SearchInfeasibleException(F($"area_mm2_max {c.AreaMm2Max} excludes the fixed-hardware baseline's default point ({config.BaselineHardware}: {baselineArea:0.###} mm²); the comparison needs it"));

        var smallestArch = config.Blocks.Smallest();
        long macs = AsicLayers.FromNetwork(smallestArch.Build()).Sum(l => l.Macs);
        double boundMs = macs / (double)largest / (space.ClockMhz * 1000);
        if (boundMs > c.LatencyMsMax)
            throw new SearchInfeasibleException(F($"latency_ms_max {c.LatencyMsMax} cannot be met: the smallest architecture ({smallestArch}) has {macs:N0} MACs, at least {boundMs:0.#####} ms on the largest array within the area target ({largest} MACs per cycle at {space.ClockMhz:0.#} MHz)"));
        var onBaseline = costs.Cost(smallestArch, config.BaselineHardware);
        if (onBaseline.Refusal is { } refusal)
            throw new SearchInfeasibleException($"the fixed-hardware baseline's default point cannot run the smallest architecture: {refusal}");
        if (onBaseline.LatencyMs > c.LatencyMsMax)
            throw new SearchInfeasibleException(F($"latency_ms_max {c.LatencyMsMax} cannot be met by the fixed-hardware baseline: the smallest architecture ({smallestArch}) takes {onBaseline.LatencyMs:0.#####} ms on the default point ({config.BaselineHardware}); the comparison needs a target it can meet"));
        return valid;
    }

    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static bool Next(int[] index, int[] counts)
    {
        for (int k = index.Length - 1; k >= 0; k--)
        {
            if (++index[k] < counts[k]) return true;
            index[k] = 0;
        }
        return false;
    }
}
