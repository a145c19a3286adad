using System.Globalization;
using ZooForge.Asic.Eyeriss;
using ZooForge.Search.Engine;

namespace ZooForge.Search.HwSw;

/// <summary>
/// Refuses a specification no point can meet before anything is mapped: input constraints that
/// exclude the whole hardware space (checked on every point: they cost a multiplication each), and
/// a latency target below a workload's physical bound (its MACs on the largest valid array at one
/// MAC per PE per cycle, with no stall).
/// </summary>
public static class HwSwFeasibility
{
    /// <summary>Points meeting the input constraints.</summary>
    /// <exception cref="SearchInfeasibleException">None does, or the latency target is below a workload's bound.</exception>
    public static long Check(EyerissSpace space, IReadOnlyList<HwSwWorkload> workloads, HwSwConstraints constraints)
    {
        long valid = 0;
        int largest = 0;
        (double Area, EyerissPoint Point)? smallest = null;
        var index = new int[space.Knobs.Count];
        do
        {
            var point = space.At(index);
            var hw = point.ToAccelerator(space.Base);
            if (constraints.InputViolation(hw) is null)
            {
                valid++;
                largest = Math.Max(largest, hw.Pes * hw.MacsPerPe);
            }
            if (smallest is null || hw.AreaMm2 < smallest.Value.Area) smallest = (hw.AreaMm2, point);
        }
        while (Next(index, space));
        if (valid == 0)
        {
            throw new SearchInfeasibleException(string.Create(CultureInfo.InvariantCulture,
                $"no point of hardware space '{space.Name}' meets the input constraints ({constraints}); the smallest is {smallest!.Value.Point} at {smallest.Value.Area:0.###} mm²"));
        }
        if (constraints.LatencyMsMax is { } target)
        {
            foreach (var w in workloads)
            {
                long macs = w.Shapes.Sum(s => s.Layer.Macs * s.Count);
                double boundMs = macs / (double)largest / (space.Base.ClockMhz * 1000);
                if (boundMs > target)
                {
                    throw new SearchInfeasibleException(string.Create(CultureInfo.InvariantCulture,
                        $"latency_ms_max {target} cannot be met: {w.Name}'s {macs:N0} MACs need at least {boundMs:0.###} ms on the largest valid array ({largest} MACs per cycle at {space.Base.ClockMhz:0.#} MHz)"));
                }
            }
        }
        return valid;
    }

    private static bool Next(int[] index, EyerissSpace space)
    {
        for (int k = index.Length - 1; k >= 0; k--)
        {
            if (++index[k] < space.Knobs[k].Values.Count) return true;
            index[k] = 0;
        }
        return false;
    }
}
