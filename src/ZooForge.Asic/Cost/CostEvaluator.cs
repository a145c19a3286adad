using ZooForge.Asic.Description;
using ZooForge.Asic.Mapping;
using ZooForge.Asic.Problem;

namespace ZooForge.Asic.Cost;

/// <summary>
/// One evaluation of <see cref="LoopNestCostModel"/>. Reusable: the mapper keeps one per thread
/// so that its scratch space is allocated once. It does not check L1/L2 limits; it reports what
/// the mapping needs.
/// </summary>
[System.Runtime.CompilerServices.SkipLocalsInit]
public sealed class CostEvaluator
{
    private const int D = Dims.Count;
    private const int MaxLevels = 8;
    private const int CacheSize = 32;

    // Coupling masks: which dimensions each tensor's tile depends on.
    private const int BitK = 1 << (int)Dim.K, BitC = 1 << (int)Dim.C, BitR = 1 << (int)Dim.R;
    private const int BitS = 1 << (int)Dim.S, BitP = 1 << (int)Dim.P, BitQ = 1 << (int)Dim.Q;
    private const int WeightMask = BitK | BitC | BitR | BitS;
    private const int InputMask = BitC | BitR | BitS | BitP | BitQ;

    private int _outputMask;
    private int _stride;
    private int _levels;
    private int _macsPerPe, _simd, _lanes;
    private int _nocBw, _hops, _hopLatency, _offBw;
    private readonly int[][] _loopDim = new int[MaxLevels][];
    private readonly int[][] _loopTile = new int[MaxLevels][];
    private readonly int[][] _loopUnits = new int[MaxLevels][];
    private readonly int[] _loopCount = new int[MaxLevels];

    // Per-level memo of sub-level runs keyed by the tile handed down.
    private readonly int[][] _cacheKey = new int[MaxLevels][];
    private readonly LevelRun[][] _cacheRun = new LevelRun[MaxLevels][];
    private readonly int[] _cacheFill = new int[MaxLevels];

    // Top-level accumulators.
    private double _dramW, _dramI, _l2rW, _l2rI, _l2wO;
    private double _bnCompute, _bnIngress, _bnEgress, _bnOffChip;
    private double _fullWeight, _fullInput, _fullOutput;
    private int _unitsP, _unitsQ, _childP, _childQ;

    /// <summary>Creates an evaluator.</summary>
    public CostEvaluator()
    {
        for (int l = 0; l < MaxLevels; l++)
        {
            _loopDim[l] = new int[D];
            _loopTile[l] = new int[D];
            _loopUnits[l] = new int[D];
            _cacheKey[l] = new int[CacheSize * D];
            _cacheRun[l] = new LevelRun[CacheSize];
        }
    }

    /// <summary>What one run of a level over one tile costs.</summary>
    private struct LevelRun
    {
        public long Cycles;
        public double L1WritesWeight, L1WritesInput, NocWords;
    }

    /// <summary>Costs a validated mapping of a validated layer; L1 and L2 needs are reported, not enforced.</summary>
    public LayerCost Evaluate(in AsicLayer layer, SpatialAccelerator hw, LoopNest mapping)
    {
        Load(layer, hw, mapping);
        Span<int> extent = stackalloc int[D];
        for (int d = 0; d < D; d++) extent[d] = layer.Bound((Dim)d);

        _dramW = _dramI = _l2rW = _l2rI = _l2wO = 0;
        _bnCompute = _bnIngress = _bnEgress = _bnOffChip = 0;
        for (int l = 0; l < _levels; l++) _cacheFill[l] = 0;

        var top = Run(0, extent);
        long repeats = layer.Repeats;
        long cycles = top.Cycles * repeats;
        long macs = layer.Macs;

        var (l1Need, l2Need) = BufferNeeds(extent);
        long wordBytes = hw.WordBytes;

        var accesses = new AccessCounts
        {
            DramReads = new TensorCounts(_dramW, _dramI, 0) * repeats,
            // Partial sums accumulate in the shared buffer; only finished outputs go off-chip.
            DramWrites = new TensorCounts(0, 0, OutputVolume(extent)) * repeats,
            L2Reads = new TensorCounts(_l2rW, _l2rI, Math.Max(0, _l2wO - OutputVolume(extent))) * repeats,
            L2Writes = new TensorCounts(_dramW, _dramI, _l2wO) * repeats,
            // Each MAC reads a weight, an input and a partial sum from the scratchpad and writes the sum back.
            L1Reads = new TensorCounts(macs, macs, macs),
            L1Writes = new TensorCounts(top.L1WritesWeight * repeats, top.L1WritesInput * repeats, macs),
            NocWords = top.NocWords * repeats,
        };
        var e = hw.Energy;
        double accessPj = accesses.L1 * e.L1Pj + accesses.L2 * e.L2Pj + accesses.Dram * e.DramPj + accesses.NocWords * e.NocPj;
        double peak = (double)cycles * hw.Pes * hw.MacsPerPe;

        var bottleneck = Bottleneck.Compute;
        double best = _bnCompute;
        if (_bnIngress > best) { best = _bnIngress; bottleneck = Bottleneck.NocIngress; }
        if (_bnEgress > best) { best = _bnEgress; bottleneck = Bottleneck.NocEgress; }
        if (_bnOffChip > best) { bottleneck = Bottleneck.OffChip; }

        return new LayerCost
        {
            Layer = layer,
            Cycles = cycles,
            Macs = macs,
            Accesses = accesses,
            MacEnergyPj = macs * e.MacPj,
            AccessEnergyPj = accessPj,
            AreaMm2 = hw.AreaMm2,
            Utilisation = peak > 0 ? macs / peak : 0,
            Bottleneck = bottleneck,
            L1BytesNeeded = l1Need * wordBytes,
            L2BytesNeeded = l2Need * wordBytes,
            ClockMhz = hw.ClockMhz,
        };
    }

    /// <summary>
    /// Costs the mapping unless its tiles exceed the hardware's L1 or L2 (checked first, cheaply);
    /// the refusal names the buffer. The mapping must be valid for the hardware's PE count.
    /// </summary>
    public bool TryEvaluate(in AsicLayer layer, SpatialAccelerator hw, LoopNest mapping, out LayerCost? cost, out string? refusal)
    {
        Load(layer, hw, mapping);
        Span<int> extent = stackalloc int[D];
        for (int d = 0; d < D; d++) extent[d] = layer.Bound((Dim)d);
        var (l1, l2) = BufferNeeds(extent);
        cost = null;
        if (l1 * hw.WordBytes > hw.L1Bytes)
        {
            refusal = $"needs {l1 * hw.WordBytes} B of L1 per PE; '{hw.Name}' has {hw.L1Bytes} B";
            return false;
        }
        if (l2 * hw.WordBytes > hw.L2Bytes)
        {
            refusal = $"needs {l2 * hw.WordBytes} B of L2; '{hw.Name}' has {hw.L2Bytes} B";
            return false;
        }
        if (hw.RegisterFileBytes > 0)
        {
            long psums = 4 * PeOutputWords(extent);
            if (psums > hw.RegisterFileBytes)
            {
                refusal = $"needs {psums} B of register file per PE for its 32-bit partial sums; '{hw.Name}' has {hw.RegisterFileBytes} B";
                return false;
            }
        }
        refusal = null;
        cost = Evaluate(layer, hw, mapping);
        return true;
    }

    /// <summary>Cycles only: the mapper's fast path (no access totals are built).</summary>
    public long Cycles(in AsicLayer layer, SpatialAccelerator hw, LoopNest mapping)
    {
        Load(layer, hw, mapping);
        Span<int> extent = stackalloc int[D];
        for (int d = 0; d < D; d++) extent[d] = layer.Bound((Dim)d);
        for (int l = 0; l < _levels; l++) _cacheFill[l] = 0;
        return Run(0, extent).Cycles * layer.Repeats;
    }

    /// <summary>Double-buffered words of L1 per PE and of L2 the mapping's full (first) tiles need.</summary>
    internal (long L1Words, long L2Words) BufferNeeds(ReadOnlySpan<int> layerExtent)
    {
        Span<int> extent = stackalloc int[D];
        Span<int> tile = stackalloc int[D];
        Span<int> child = stackalloc int[D];
        layerExtent.CopyTo(extent);
        long l2 = 0;
        for (int lv = 0; lv < _levels; lv++)
        {
            extent.CopyTo(tile);
            extent.CopyTo(child);
            for (int i = 0; i < _loopCount[lv]; i++)
            {
                int d = _loopDim[lv][i];
                int full = Math.Min(_loopTile[lv][i] * _loopUnits[lv][i], extent[d]);
                tile[d] = full;
                child[d] = Math.Min(_loopTile[lv][i], full);
            }
            if (lv == 0)
            {
                SetWindows(0, tile);
                l2 = 2 * (long)(WeightVolume(tile) + InputVolume(tile) + OutputVolume(tile));
                SetWindows(-1, tile);
            }
            child.CopyTo(extent);
        }
        long l1 = 2 * (long)(WeightVolume(extent) + InputVolume(extent) + OutputVolume(extent));
        return (l1, l2);
    }

    /// <summary>Outputs of one PE's full tile.</summary>
    private long PeOutputWords(ReadOnlySpan<int> layerExtent)
    {
        Span<int> extent = stackalloc int[D];
        layerExtent.CopyTo(extent);
        for (int lv = 0; lv < _levels; lv++)
        {
            for (int i = 0; i < _loopCount[lv]; i++)
            {
                int d = _loopDim[lv][i];
                extent[d] = Math.Min(_loopTile[lv][i], Math.Min(_loopTile[lv][i] * _loopUnits[lv][i], extent[d]));
            }
        }
        return (long)OutputVolume(extent);
    }

    private void Load(in AsicLayer layer, SpatialAccelerator hw, LoopNest mapping)
    {
        if (mapping.Levels.Count > MaxLevels) throw new MappingException($"mapping '{mapping.Name}' has {mapping.Levels.Count} levels; at most {MaxLevels}");
        _outputMask = layer.Kind == LayerKind.Depthwise ? BitC | BitP | BitQ : BitK | BitP | BitQ;
        _stride = layer.Stride;
        _levels = mapping.Levels.Count;
        _macsPerPe = hw.MacsPerPe;
        _simd = hw.SimdUnits > 0 && hw.ComputeLanes > 0 ? hw.SimdUnits : 0;
        _lanes = hw.ComputeLanes;
        _nocBw = hw.NocBandwidth;
        _hops = hw.NocHops;
        _hopLatency = hw.NocHopLatency;
        _offBw = hw.OffChipBandwidth;
        for (int l = 0; l < _levels; l++)
        {
            var loops = mapping.Levels[l].Loops;
            if (loops.Count > D) throw new MappingException($"mapping '{mapping.Name}': level {l} has {loops.Count} loops; at most one per dimension");
            _loopCount[l] = loops.Count;
            for (int i = 0; i < loops.Count; i++)
            {
                _loopDim[l][i] = (int)loops[i].Dim;
                _loopTile[l][i] = loops[i].Tile;
                _loopUnits[l][i] = loops[i].Units;
            }
        }
    }

    private double WeightVolume(ReadOnlySpan<int> t) => (double)t[0] * t[1] * t[2] * t[3];

    // Input rows (columns) of a tile. When output rows (columns) are spread over sub-units, each
    // sub-unit is sent its own window: the halo rows neighbours share are delivered to each of them.
    private int InputRows(ReadOnlySpan<int> t) => _unitsP > 0 ? _unitsP * Rows(_childP, t[2]) : Rows(t[4], t[2]);

    private int InputColumns(ReadOnlySpan<int> t) => _unitsQ > 0 ? _unitsQ * Rows(_childQ, t[3]) : Rows(t[5], t[3]);

    private double InputVolume(ReadOnlySpan<int> t) => (double)t[1] * InputRows(t) * InputColumns(t);

    /// <summary>Sets the sub-unit windows of the current level's spatial loops over P and Q for a tile (none: per-PE or whole tiles).</summary>
    private void SetWindows(int lv, ReadOnlySpan<int> tile)
    {
        _unitsP = _unitsQ = 0;
        if (lv < 0) return;
        for (int i = 0; i < _loopCount[lv]; i++)
        {
            int u = _loopUnits[lv][i], t = _loopTile[lv][i], d = _loopDim[lv][i];
            if (u <= 1) continue;
            if (d == (int)Dim.P) { _unitsP = (tile[d] + t - 1) / t; _childP = Math.Min(t, tile[d]); }
            else if (d == (int)Dim.Q) { _unitsQ = (tile[d] + t - 1) / t; _childQ = Math.Min(t, tile[d]); }
        }
    }

    private double OutputVolume(ReadOnlySpan<int> t) =>
        (_outputMask & BitK) != 0 ? (double)t[0] * t[4] * t[5] : (double)t[1] * t[4] * t[5];

    private int Rows(int outputs, int kernel) => (outputs - 1) * _stride + kernel;

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
            if (n > 1) nonTrivial[nt++] = i;
        }

        var run = new LevelRun();
        Span<int> tile = stackalloc int[D];
        if (lv == 0)
        {
            extent.CopyTo(tile);
            for (int i = 0; i < m; i++) tile[dims[i]] = full[i];
            SetWindows(0, tile);
            _fullWeight = WeightVolume(tile);
            _fullInput = InputVolume(tile);
            _fullOutput = OutputVolume(tile);
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
                    double inI = Traffic(InputMask, tile, first, changedMask, resetMask, jd, jPrev, jStep);
                    // Each step sends its output tile up, finished or partial: a level keeps no outputs
                    // across steps, so even a reduction loop innermost here costs an egress per step.
                    double outO = first ? 0 : OutputVolume(tile);

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
                    long egress = NocDelay((long)outO);
                    run.NocWords += count * (inW + inI + outO);

                    long onChip = first ? ingress + compute : Math.Max(compute, Math.Max(ingress, egress));
                    long delay = onChip;
                    if (lv == 0)
                    {
                        // The shared buffer stages one full (padded) tile per step: the tile's inputs and
                        // weights stream in and its outputs stream out, whole cycles, remainders hidden.
                        long offIn = (long)((_fullWeight + _fullInput) / _offBw);
                        long offOut = (long)(_fullOutput / _offBw);
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

    private long NocDelay(long words) => words <= 0 ? 0 : (long)_hops * _hopLatency + (words + _nocBw - 1) / _nocBw - 1;

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
