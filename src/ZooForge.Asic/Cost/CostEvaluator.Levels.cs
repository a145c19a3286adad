using ZooForge.Asic.Problem;

namespace ZooForge.Asic.Cost;

// The iteration classes of one level of the loop nest, and the memo of sub-level runs.
public sealed partial class CostEvaluator
{
    private LevelRun Run(int lv, ReadOnlySpan<int> extent)
    {
        int m = _loopCount[lv];
        var dims = _loopDim[lv];
        var tiles = _loopTile[lv];
        var units = _loopUnits[lv];
        bool last = lv == _levels - 1;

        Span<long> trips = stackalloc long[D];
        Span<int> full = stackalloc int[D];
        Span<int> edge = stackalloc int[D];
        Span<int> nonTrivial = stackalloc int[D];
        int nt = 0;
        for (int i = 0; i < m; i++)
        {
            int d = dims[i];
            int step = tiles[i] * units[i];
            int n = (extent[d] + step - 1) / step;
            trips[i] = n;
            full[i] = Math.Min(step, extent[d]);
            edge[i] = extent[d] - (n - 1) * step;
            if (_leftover && _loopSpatial[lv][i] && HasPhantomPosition(d, extent[d]) && extent[d] % step == 0)
            {
                // One more fold on a single sub-unit, holding the window past the last real one.
                trips[i] = ++n;
                edge[i] = Math.Min(tiles[i], full[i]);
            }
            else if (_leftover && units[i] > 1 && n > 1 && edge[i] <= tiles[i] && DropsLoneLastRow(d, extent[d]))
            {
                // MAESTRO sizes that fold's one window as the empty phantom one: the fold does nothing.
                trips[i] = --n;
                edge[i] = full[i];
            }
            if (n > 1) nonTrivial[nt++] = i;
        }

        // The first loop spreading output rows or columns over sub-units; a step of a loop outside it
        // restarts it at its first fold (see SpreadRows).
        int spreadLoop = -1;
        for (int i = 0; i < m && spreadLoop < 0; i++)
            if (units[i] > 1 && (dims[i] == (int)Dim.P || dims[i] == (int)Dim.Q)) spreadLoop = i;

        var run = new LevelRun();
        Span<int> tile = stackalloc int[D];
        if (lv == 0)
        {
            extent.CopyTo(tile);
            for (int i = 0; i < m; i++) tile[dims[i]] = full[i];
            SetWindows(0, tile);
            _fullWeight = WeightVolume(tile);
            _fullInput = InputVolume(tile);
            _fullEgress = EgressVolume(tile);
        }
        Span<int> child = stackalloc int[D];
        Span<int> pe = stackalloc int[D];
        Span<int> edgeLoops = stackalloc int[D];

        // Class 0: the first iteration, every loop at its first (full) tile.
        // Classes j ≥ 1: non-trivial loop j advanced; loops inside it reset to their first tile; each
        // outer non-trivial loop with a partial last tile is either on it or not (a bit of 'mask').
        for (int jp = -1; jp < nt; jp++)
        {
            int j = jp >= 0 ? nonTrivial[jp] : -1;
            int resetMask = 0;
            for (int k = jp + 1; k < nt; k++) resetMask |= 1 << dims[nonTrivial[k]];
            int outerEdges = 0;
            for (int k = 0; k < jp; k++)
            {
                int i = nonTrivial[k];
                if (edge[i] != full[i]) edgeLoops[outerEdges++] = i;
            }
            // The advancing loop: its middle steps (full tile), and its last step if partial.
            int jStates = j >= 0 && edge[j] != full[j] ? 2 : 1;
            for (int js = 0; js < jStates; js++)
            {
                long jCount = j < 0 ? 1 : jStates == 1 ? trips[j] - 1 : js == 0 ? trips[j] - 2 : 1;
                if (jCount <= 0) continue;
                for (int mask = 0; mask < 1 << outerEdges; mask++)
                {
                    long count = jCount;
                    // Tile of this class.
                    extent.CopyTo(tile);
                    for (int i = 0; i < m; i++) tile[dims[i]] = full[i];
                    for (int k = 0; k < jp; k++)
                    {
                        int i = nonTrivial[k];
                        int e = IndexIn(edgeLoops, outerEdges, i);
                        if (e < 0) count *= trips[i];
                        else if ((mask >> e & 1) != 0) { tile[dims[i]] = edge[i]; }
                        else count *= trips[i] - 1;
                    }
                    if (j >= 0 && js == 1) tile[dims[j]] = edge[j];

                    // Transfers move the real (possibly partial) tile, but the sub-units run a static
                    // schedule: a temporal loop's partial last tile is padded to a full one for them.
                    // Only a spatial loop's last fold really shrinks the work, to fewer active units.
                    int active = 1;
                    tile.CopyTo(child);
                    for (int i = 0; i < m; i++)
                    {
                        int d = dims[i];
                        if (units[i] > 1)
                        {
                            child[d] = Math.Min(tiles[i], tile[d]);
                            active *= (tile[d] + tiles[i] - 1) / tiles[i];
                        }
                        else child[d] = full[i];
                    }

                    bool first = j < 0;
                    int changedMask = first ? 0 : (1 << dims[j]) | resetMask;
                    int jd = first ? 0 : dims[j];
                    int jPrev = first ? 0 : full[j];
                    int jStep = first ? 0 : tiles[j] * units[j];
                    SetWindows(lv, tile);
                    double inW = Traffic(WeightMask, tile, first, changedMask, resetMask, jd, jPrev, jStep);
                    _sharedHalos = !first && j < spreadLoop;
                    double inI = Traffic(InputMask, tile, first, changedMask, resetMask, jd, jPrev, jStep);
                    _sharedHalos = false;
                    // Each step sends its output tile up, finished or partial: a level keeps no outputs
                    // across steps, so even a reduction loop innermost here costs an egress per step.
                    double outO = first ? 0 : OutputVolume(tile);
                    double egressWords = first ? 0 : EgressVolume(tile);

                    long compute;
                    if (last)
                    {
                        if (_simd > 0)
                        {
                            // Vector PE: channels are padded to whole SIMD units and lanes.
                            int outputs = _outputMask == (BitC | BitP | BitQ) ? child[1] : child[0];
                            int reduced = _outputMask == (BitC | BitP | BitQ) ? 1 : child[1];
                            compute = (long)((outputs + _simd - 1) / _simd) * ((reduced + _lanes - 1) / _lanes)
                                      * child[2] * child[3] * child[4] * child[5];
                        }
                        else
                        {
                            long macs = (long)child[0] * child[1] * child[2] * child[3] * child[4] * child[5];
                            compute = (macs + _macsPerPe - 1) / _macsPerPe;
                        }
                        // Scratchpad fills: each active PE stores the new part of its own tile.
                        child.CopyTo(pe);
                        SetWindows(-1, pe);
                        int pePrev = first ? 0 : Math.Min(tiles[j], full[j]);
                        run.L1WritesWeight += count * active * Traffic(WeightMask, pe, first, changedMask, resetMask, jd, pePrev, jStep);
                        run.L1WritesInput += count * active * Traffic(InputMask, pe, first, changedMask, resetMask, jd, pePrev, jStep);
                    }
                    else
                    {
                        var sub = Child(lv + 1, child);
                        compute = sub.Cycles;
                        run.L1WritesWeight += count * active * sub.L1WritesWeight;
                        run.L1WritesInput += count * active * sub.L1WritesInput;
                        run.NocWords += count * active * sub.NocWords;
                    }

                    long ingress = NocDelay((long)(inW + inI));
                    long egress = NocDelay((long)egressWords);
                    run.NocWords += count * (inW + inI + outO);

                    long onChip = first ? ingress + compute : Math.Max(compute, Math.Max(ingress, egress));
                    long delay = onChip;
                    if (lv == 0)
                    {
                        // The shared buffer stages one full (padded) tile per step: the tile's inputs and
                        // weights stream in and its outputs stream out, whole cycles, remainders hidden.
                        long offIn = (long)((_fullWeight + _fullInput) / _offBw);
                        long offOut = (long)(_fullEgress / _offBw);
                        delay = Math.Max(onChip, Math.Max(offIn, offOut));
                        // Energy counts only the words the shared buffer lacks: the step's new tile
                        // data (the time bound above is MAESTRO's per-step staging of the whole tile).
                        _dramW += count * inW;
                        _dramI += count * inI;
                        _l2rW += count * inW;
                        _l2rI += count * inI;
                        _l2wO += count * outO;
                        double cycles = (double)count * delay;
                        if (delay == compute || (first && delay == onChip)) _bnCompute += cycles;
                        else if (delay == ingress) _bnIngress += cycles;
                        else if (delay == egress) _bnEgress += cycles;
                        else _bnOffChip += cycles;
                    }
                    run.Cycles += count * delay;
                }
            }
        }

        if (lv == 0)
        {
            // The last output tile leaves once the loops end.
            Span<int> lastTile = stackalloc int[D];
            extent.CopyTo(lastTile);
            for (int i = 0; i < m; i++) lastTile[dims[i]] = trips[i] > 1 ? edge[i] : full[i];
            _l2wO += OutputVolume(lastTile);
        }
        return run;
    }

    private long NocDelay(long words) => LoopNestCostModel.NocDelay(words, _nocBw, _hops, _hopLatency);

    private static int IndexIn(ReadOnlySpan<int> values, int count, int value)
    {
        for (int k = 0; k < count; k++) if (values[k] == value) return k;
        return -1;
    }

    private LevelRun Child(int lv, ReadOnlySpan<int> extent)
    {
        var keys = _cacheKey[lv];
        int fill = _cacheFill[lv];
        for (int c = 0; c < fill; c++)
        {
            int o = c * D;
            if (keys[o] == extent[0] && keys[o + 1] == extent[1] && keys[o + 2] == extent[2]
                && keys[o + 3] == extent[3] && keys[o + 4] == extent[4] && keys[o + 5] == extent[5])
                return _cacheRun[lv][c];
        }
        var run = Run(lv, extent);
        if (fill < CacheSize)
        {
            extent.CopyTo(keys.AsSpan(fill * D, D));
            _cacheRun[lv][fill] = run;
            _cacheFill[lv] = fill + 1;
        }
        return run;
    }
}
