using ZooForge.Asic.Problem;

namespace ZooForge.Asic.Cost;

// Tile geometry: the words of each tensor in a tile, and what an iteration moves.
public sealed partial class CostEvaluator
{
    private double WeightVolume(ReadOnlySpan<int> t) => (double)t[0] * t[1] * t[2] * t[3];

    // Input rows (columns) of a tile. When output rows (columns) are spread over sub-units, each
    // sub-unit is sent its own window: the halo rows neighbours share are delivered to each of them.
    // A spare sub-unit's phantom window (see HasPhantomPosition) adds its rows (columns).
    private int InputRows(ReadOnlySpan<int> t) => _unitsP > 0 ? SpreadRows(_unitsP, _childP, t[2]) + _spareRows : Rows(t[4], t[2]);

    private int InputColumns(ReadOnlySpan<int> t) => _unitsQ > 0 ? SpreadRows(_unitsQ, _childQ, t[3]) + _spareColumns : Rows(t[5], t[3]);

    /// <summary>
    /// Input rows (columns) of windows spread over <paramref name="units"/> sub-units. Normally each
    /// sub-unit is sent its own window. But when a loop outside the spreading one advanced, so that
    /// it restarts at its first fold (<see cref="_sharedHalos"/>), MAESTRO, which the templates are validated
    /// against, charges the fold's input as one window whose neighbours share their halo rows
    /// (measured: 16 clusters of a stride-1 3×3 depthwise layer are sent 18 rows when the channel
    /// tile advances, 48 when the output rows advance); the model charges the same, as a multicast
    /// NoC delivering the union of the windows would. It matters where those steps bound the time:
    /// a depthwise layer under the output-stationary template, channels outermost, at low NoC
    /// bandwidth (up to 24% before).
    /// </summary>
    private int SpreadRows(int units, int child, int kernel) =>
        _sharedHalos ? Math.Min(Rows(units * child, kernel), units * Rows(child, kernel)) : units * Rows(child, kernel);

    private double InputVolume(ReadOnlySpan<int> t) => (double)t[1] * InputRows(t) * InputColumns(t);

    /// <summary>Sets the sub-unit windows of the current level's spatial loops over P and Q for a tile (none: per-PE or whole tiles).</summary>
    private void SetWindows(int lv, ReadOnlySpan<int> tile)
    {
        _unitsP = _unitsQ = _spareRows = _spareColumns = 0;
        if (lv < 0) return;
        for (int i = 0; i < _loopCount[lv]; i++)
        {
            int u = _loopUnits[lv][i], t = _loopTile[lv][i], d = _loopDim[lv][i];
            if (u <= 1) continue;
            // A fold with a sub-unit to spare also sends the phantom window (see HasPhantomPosition).
            bool spare = _leftover && HasPhantomPosition(d, tile[d]) && tile[d] < t * u;
            if (d == (int)Dim.P)
            {
                _unitsP = (tile[d] + t - 1) / t;
                _childP = Math.Min(t, tile[d]);
                _spareRows = spare ? _phantomWindowRows : 0;
            }
            else if (d == (int)Dim.Q)
            {
                _unitsQ = (tile[d] + t - 1) / t;
                _childQ = Math.Min(t, tile[d]);
                _spareColumns = spare ? _phantomWindowColumns : 0;
            }
        }
    }

    private double OutputVolume(ReadOnlySpan<int> t) =>
        (_outputMask & BitK) != 0 ? (double)t[0] * t[4] * t[5] : (double)t[1] * t[4] * t[5];

    private int Rows(int outputs, int kernel) => (outputs - 1) * _stride + kernel;

    /// <summary>
    /// Output words a tile's egress is timed by. MAESTRO, which the templates are validated against,
    /// counts a tile's output rows from its input window: the first row's window gives one, and each
    /// further row adds the input rows its window does not share with the previous one, min(stride, R).
    /// A tile of n output rows at stride s ≤ R thus sends (n − 1)·s + 1 rows' worth (31 for 16 rows at
    /// stride 2), and columns likewise. The time bounds (NoC egress, off-chip out) follow that count so
    /// that strided layers whose steps are bound by egress agree with it; the access counts, and so
    /// the energy, keep the outputs that exist (<see cref="OutputVolume"/>). At stride 1, and for a
    /// single row, the two are equal.
    /// </summary>
    private double EgressVolume(ReadOnlySpan<int> t) =>
        ((_outputMask & BitK) != 0 ? t[0] : t[1]) * (double)((t[4] - 1) * _egressPitchRows + 1) * ((t[5] - 1) * _egressPitchColumns + 1);

    /// <summary>
    /// The rows (columns) of the window position a strided layer's padded input leaves MAESTRO past
    /// the last real one, or 0 when there is none: rows left after the last window
    /// (<paramref name="leftover"/> &gt; 0) that, with the kernel's overlap, reach past one stride
    /// make a window of leftover + R − stride rows. It has no output; a 1×1 stride-2 layer's spare
    /// row does not reach and makes none.
    /// </summary>
    private static int PhantomWindow(int leftover, int kernel, int stride) => leftover > 0 ? Math.Max(0, leftover + kernel - stride) : 0;

    /// <summary>
    /// Whether a spatial loop (one of a single sub-unit included) over the whole layer's output rows
    /// (columns) carries MAESTRO's phantom window position. MAESTRO spreads window positions of the padded input over the sub-units
    /// rather than output rows, so the position past the last real window (<see cref="PhantomWindow"/>)
    /// is spread too. When the output rows fill their folds exactly, it takes a fold of its own, on one
    /// sub-unit, costing a full fold's compute and shared-buffer staging (measured: 16 output rows of a
    /// 34-row stride-2 input run two folds on 16 clusters and one on 17); when all rows fit one fold
    /// with sub-units to spare, it occupies one more of them, whose short window adds to the fold's
    /// ingress (measured: 7 rows of a 16-row stride-2 input with a 3-row kernel on 16 clusters move
    /// 7 windows of 3 rows and one of 2, and 7 rows' outputs). A partial last fold of several absorbs it unseen. It holds no outputs; it is
    /// modelled because the templates' runtimes are validated against MAESTRO's, and it appears only
    /// on such strided shapes. Its words are counted in the accesses too: one window per fold.
    /// </summary>
    private bool HasPhantomPosition(int dim, int extent)
    {
        if (dim == (int)Dim.P) return _phantomWindowRows > 0 && extent == _layerP;
        return dim == (int)Dim.Q && _phantomWindowColumns > 0 && extent == _layerQ;
    }

    /// <summary>
    /// Whether a spatial loop over the whole layer's output rows (columns) loses a last fold that
    /// holds a single sub-unit's rows. When the padded input has rows past the last window but too few
    /// to make a phantom window (leftover + R − stride ≤ 0: a 1×1 stride-2 layer on an even input),
    /// MAESTRO still sizes the last position of its last fold by them, to nothing; a fold holding only
    /// that position then moves and computes nothing (measured: 28 output rows of a 56-row 1×1
    /// stride-2 layer on 27 clusters take the time of one fold). Modelled for the same reason as
    /// <see cref="HasPhantomPosition"/>; the MACs and the energy still count the row.
    /// </summary>
    private bool DropsLoneLastRow(int dim, int extent)
    {
        if (dim == (int)Dim.P) return _emptyPhantomRows && extent == _layerP;
        return dim == (int)Dim.Q && _emptyPhantomColumns && extent == _layerQ;
    }

    /// <summary>
    /// Words of a tensor's tile the sub-units lack after the loop over <paramref name="dim"/> advanced by
    /// <paramref name="step"/> (from a full tile of <paramref name="previous"/> elements): the whole tile,
    /// less the rows or columns of an input window that slid by less than its height.
    /// </summary>
    private double Delta(int tensorMask, ReadOnlySpan<int> t, int dim, int previous, int step)
    {
        if (tensorMask != InputMask || dim == (int)Dim.C)
            return tensorMask == WeightMask ? WeightVolume(t) : tensorMask == InputMask ? InputVolume(t) : OutputVolume(t);
        bool alongRows = dim == (int)Dim.P || dim == (int)Dim.R;
        if (alongRows ? _unitsP > 0 : _unitsQ > 0) return InputVolume(t); // sub-units' windows: no sliding reuse
        int outputs = alongRows ? t[4] : t[5];
        int kernel = alongRows ? t[2] : t[3];
        int current = Rows(outputs, kernel);
        bool output = dim == (int)Dim.P || dim == (int)Dim.Q;
        int before = output ? Rows(previous, kernel) : Rows(outputs, previous);
        int shift = output ? step * _stride : step;
        int overlap = Math.Clamp(before - shift, 0, current);
        int across = alongRows ? InputColumns(t) : InputRows(t);
        return (double)t[1] * across * (current - overlap);
    }

    /// <summary>Words of one tensor that cross into the sub-units in an iteration of the given class.</summary>
    private double Traffic(int tensorMask, ReadOnlySpan<int> t, bool first, int changedMask, int resetMask, int dim, int previous, int step)
    {
        if (first) return tensorMask == WeightMask ? WeightVolume(t) : tensorMask == InputMask ? InputVolume(t) : OutputVolume(t);
        if ((changedMask & tensorMask) == 0) return 0;
        if ((resetMask & tensorMask) != 0) return tensorMask == WeightMask ? WeightVolume(t) : tensorMask == InputMask ? InputVolume(t) : OutputVolume(t);
        return Delta(tensorMask, t, dim, previous, step);
    }
}
