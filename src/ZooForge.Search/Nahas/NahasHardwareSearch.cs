using ZooForge.Asic.EdgeTpu;

namespace ZooForge.Search.Nahas;

/// <summary>
/// The nested co-search's inner loop: for one architecture, the Edge-TPU-like point of lowest
/// latency (ties: lower energy) within the area target. It starts from the template's default point
/// and <see cref="RandomStarts"/> seeded random points meeting the area target, then climbs: every
/// point one value away on one knob is costed and the best improvement taken, for at most
/// <see cref="Rounds"/> rounds. The random starts find the moves of several knobs at once that
/// equal area needs (more PEs with less local memory each), which one-knob steps cannot take. Each step is one cost-model evaluation (no training), cached per
/// layer and point by <see cref="NahasCostModel"/>; the result is memoised per architecture and
/// does not depend on the order architectures come in. Since the default point is always a start,
/// an architecture is never slower on its searched point than on the baseline's hardware.
/// </summary>
public sealed class NahasHardwareSearch(EdgeTpuSpace space, NahasConstraints constraints, NahasCostModel costs)
{
    /// <summary>Random starting points besides the default.</summary>
    public const int RandomStarts = 12;

    /// <summary>Most hill-climbing rounds.</summary>
    public const int Rounds = 3;

    private readonly Dictionary<string, (EdgeTpuConfig Point, NahasHardwareCost Cost, int Evaluated)> _best = new(StringComparer.Ordinal);

    /// <summary>Hardware points costed for all architectures so far.</summary>
    public int Evaluated => _best.Values.Sum(b => b.Evaluated);

    /// <summary>The best point for <paramref name="architecture"/>, its cost, and how many points were costed to find it.</summary>
    public (EdgeTpuConfig Point, NahasHardwareCost Cost, int Evaluated) Best(MnasNetArchitecture architecture)
    {
        if (_best.TryGetValue(architecture.Key, out var known)) return known;
        var counts = space.Knobs.Select(k => k.Values.Count).ToArray();
        var seen = new Dictionary<string, NahasHardwareCost>(StringComparer.Ordinal);
        int[]? bestIndex = null;
        NahasHardwareCost? bestCost = null;
        bool Try(int[] index)
        {
            string key = string.Join(",", index);
            if (seen.ContainsKey(key)) return false;
            var point = space.At(index);
            if (point.ToAccelerator().AreaMm2 > constraints.AreaMm2Max) { seen[key] = null!; return false; }
            var cost = seen[key] = costs.Cost(architecture, point);
            if (cost.Refusal is not null || (bestCost is not null && !Better(cost, bestCost))) return false;
            (bestIndex, bestCost) = (index, cost);
            return true;
        }
        Try(counts.Select(n => n / 2).ToArray());
        // Seeded by the architecture's key, so its point does not depend on what was searched before.
        var random = new Random((int)(NahasAccuracyCache.SeedOf(architecture.Key) % int.MaxValue));
        for (int i = 0, tries = 0; i < RandomStarts && tries < 100 * RandomStarts; tries++)
        {
            var index = counts.Select(n => random.Next(n)).ToArray();
            if (space.At(index).ToAccelerator().AreaMm2 > constraints.AreaMm2Max) continue;
            Try(index);
            i++;
        }
        for (int round = 0; round < Rounds && bestIndex is not null; round++)
        {
            var from = bestIndex;
            bool improved = false;
            for (int k = 0; k < counts.Length; k++)
            foreach (int step in new[] { -1, 1 })
            {
                int v = from[k] + step;
                if (v < 0 || v >= counts[k]) continue;
                var next = (int[])from.Clone();
                next[k] = v;
                improved |= Try(next);
            }
            if (!improved) break;
        }
        var result = bestIndex is null
            ? (space.Default(), seen.Values.FirstOrDefault(c => c is not null) ?? costs.Cost(architecture, space.Default()), seen.Count)
            : (space.At(bestIndex), bestCost!, seen.Count);
        return _best[architecture.Key] = result;
    }

    private static bool Better(NahasHardwareCost a, NahasHardwareCost b) =>
        a.LatencyMs < b.LatencyMs || (a.LatencyMs == b.LatencyMs && a.EnergyUj < b.EnergyUj);
}
