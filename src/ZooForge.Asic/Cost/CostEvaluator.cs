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
public sealed partial class CostEvaluator
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
    private int _layerP, _layerQ, _egressPitchRows, _egressPitchColumns;
    private int _phantomWindowRows, _phantomWindowColumns, _spareRows, _spareColumns;
    private bool _emptyPhantomRows, _emptyPhantomColumns;
    private bool _sharedHalos; // the current step's input: a spread loop restarted (see SpreadRows)
    private bool _leftover; // any padded input rows or columns past the last window: the checks below are skipped without
    private int _levels;
    private int _macsPerPe, _simd, _lanes;
    private int _nocBw, _hops, _hopLatency, _offBw;
    private readonly int[][] _loopDim = new int[MaxLevels][];
    private readonly int[][] _loopTile = new int[MaxLevels][];
    private readonly int[][] _loopUnits = new int[MaxLevels][];
    private readonly bool[][] _loopSpatial = new bool[MaxLevels][];
    private readonly int[] _loopCount = new int[MaxLevels];

    // Per-level memo of sub-level runs keyed by the tile handed down.
    private readonly int[][] _cacheKey = new int[MaxLevels][];
    private readonly LevelRun[][] _cacheRun = new LevelRun[MaxLevels][];
    private readonly int[] _cacheFill = new int[MaxLevels];

    // Top-level accumulators.
    private double _dramW, _dramI, _l2rW, _l2rI, _l2wO;
    private double _bnCompute, _bnIngress, _bnEgress, _bnOffChip;
    private double _fullWeight, _fullInput, _fullEgress;
    private int _unitsP, _unitsQ, _childP, _childQ;

    /// <summary>Creates an evaluator.</summary>
    public CostEvaluator()
    {
        for (int l = 0; l < MaxLevels; l++)
        {
            _loopDim[l] = new int[D];
            _loopTile[l] = new int[D];
            _loopUnits[l] = new int[D];
            _loopSpatial[l] = new bool[D];
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
        _layerP = layer.P;
        _layerQ = layer.Q;
        _egressPitchRows = Math.Min(layer.Stride, layer.R);
        _egressPitchColumns = Math.Min(layer.Stride, layer.S);
        _phantomWindowRows = PhantomWindow(layer.LeftoverRows, layer.R, layer.Stride);
        _phantomWindowColumns = PhantomWindow(layer.LeftoverColumns, layer.S, layer.Stride);
        _emptyPhantomRows = layer.LeftoverRows > 0 && _phantomWindowRows == 0;
        _emptyPhantomColumns = layer.LeftoverColumns > 0 && _phantomWindowColumns == 0;
        _leftover = layer.LeftoverRows > 0 || layer.LeftoverColumns > 0;
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
                _loopSpatial[l][i] = loops[i].IsSpatial;
            }
        }
    }

}
