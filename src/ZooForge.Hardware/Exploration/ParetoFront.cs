namespace ZooForge.Hardware.Exploration;

/// <summary>
/// The non-dominated designs over (latency, DSP, BRAM18), all minimised. Of several designs with
/// equal objectives the one first in <see cref="DesignEvaluation.CompareDesigns"/> order is
/// kept, so the front does not depend on the order points are offered.
/// </summary>
public sealed class ParetoFront
{
    private readonly List<DesignEvaluation> _points = [];

    /// <summary>Current front, in insertion order.</summary>
    public IReadOnlyList<DesignEvaluation> Points => _points;

    /// <summary>Adds a point; returns false if the front already holds one at least as good.</summary>
    public bool Offer(DesignEvaluation point)
    {
        foreach (var p in _points)
        {
            if (!p.WeaklyDominates(point)) continue;
            bool sameObjectives = point.WeaklyDominates(p);
            if (!sameObjectives || DesignEvaluation.CompareDesigns(p.Design, point.Design) <= 0) return false;
        }
        _points.RemoveAll(point.WeaklyDominates);
        _points.Add(point);
        return true;
    }

    /// <summary>The front sorted by latency, then DSP, then BRAM18.</summary>
    public IReadOnlyList<DesignEvaluation> Sorted()
    {
        var list = _points.ToList();
        list.Sort(DesignEvaluation.CompareForBest);
        return list;
    }

    /// <summary>
    /// Whether some kept point strictly dominates every design with these resources and a
    /// latency of at least <paramref name="cyclesLowerBound"/>: it is no worse in all three
    /// objectives and better in one. Such designs can neither enter the front nor be the best.
    /// </summary>
    public bool StrictlyDominatesAll(double cyclesLowerBound, int dsp, int bram18)
    {
        foreach (var p in _points)
        {
            bool noWorse = p.Cycles <= cyclesLowerBound && p.Resources.Dsp <= dsp && p.Resources.Bram18 <= bram18;
            bool better = p.Cycles < cyclesLowerBound || p.Resources.Dsp < dsp || p.Resources.Bram18 < bram18;
            if (noWorse && better) return true;
        }
        return false;
    }
}
