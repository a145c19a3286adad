using System.Numerics;
using ZooForge.Hardware.Accelerator;
using ZooForge.Hardware.Workloads;

namespace ZooForge.Hardware.Performance;

/// <summary>
/// The project's refined model of the same template. Where it differs from HotNAS, and why:
/// <list type="bullet">
/// <item>Tr×Tc is the on-chip input tile, the buffer the BRAM formula sizes. A tile therefore
/// yields ⌊(Tr−K)/S⌋+1 output rows, and the loaded input includes the halo,
/// (S·(tr−1)+K)×(S·(tc−1)+K). HotNAS mixes input and output tiles, which undercounts strided layers.</item>
/// <item>Edge tiles are costed at their real size (HotNAS charges every tile as a full one).</item>
/// <item>Loads overlap computation through double buffering: each input-channel step costs
/// max(load, compute), with one unhidden first load and one last store per layer.</item>
/// <item>Pattern-pruned layers compute and transfer only the pattern's non-zeros.</item>
/// <item>Values narrower than 16 bits are packed: a port moves ⌊16·lanes/bits⌋ values per cycle,
/// for activations as well as weights.</item>
/// <item>Each compute step pays the MAC pipeline's fill, ⌈log2 Tn⌉ + 4 cycles (multiplier
/// registers, adder tree, accumulator).</item>
/// <item>Depthwise layers make one pass per channel tile (HotNAS multiplies by ⌈N/Tn⌉ a second time).</item>
/// <item>Fully connected layers run on the conv engine; pooling and residual additions stream
/// through a post-processing unit at port speed. HotNAS ignores all three.</item>
/// </list>
/// </summary>
public sealed class ZooForgeLatencyModel : LatencyModel
{
    /// <inheritdoc />
    public override string Name => "zooforge";

    /// <inheritdoc />
    public override string Description => "refined: halo, edge tiles, double buffering, packing, all layers";

    /// <summary>Pipeline fill of one compute step on an array with <paramref name="tn"/> inputs per output lane.</summary>
    public static int ComputePipelineDepth(int tn) => (tn <= 1 ? 0 : 32 - BitOperations.LeadingZeroCount((uint)(tn - 1))) + 4;

    /// <summary>Output rows (or columns) one tile of <paramref name="tileExtent"/> input rows produces.</summary>
    public static int OutputsPerTile(int tileExtent, int kernel, int stride, int outputSize) =>
        Math.Min(outputSize, (tileExtent - kernel) / stride + 1);

    /// <summary>Compute cycles of one tile step: one cycle per kernel non-zero and output pixel, plus the pipeline fill.</summary>
    public static long TileComputeCycles(int patternOnes, int outRows, int outCols, int tn) =>
        (long)patternOnes * outRows * outCols + ComputePipelineDepth(tn);

    /// <inheritdoc />
    public override LayerLatency EvaluateLayer(in LayerWorkload layer, AcceleratorDesign design)
    {
        var sums = new Sums();
        double cycles = Run(layer, design, ref sums, computeOnly: false);
        var unit = layer.Kind switch
        {
            WorkloadKind.Pool or WorkloadKind.Add => ExecutionUnit.PostProcess,
            WorkloadKind.Depthwise when design.Depthwise is not null => ExecutionUnit.DepthwiseEngine,
            _ => ExecutionUnit.ConvEngine,
        };
        return new LayerLatency(layer, unit, cycles,
            LayerLatency.Largest(sums.Input, sums.Weight, sums.Output, sums.Compute),
            sums.Input, sums.Weight, sums.Output, sums.Compute);
    }

    /// <inheritdoc />
    public override double Cycles(in LayerWorkload layer, AcceleratorDesign design)
    {
        var sums = new Sums();
        return Run(layer, design, ref sums, computeOnly: false);
    }

    /// <inheritdoc />
    public override double ComputeBoundCycles(in LayerWorkload layer, AcceleratorDesign design)
    {
        var sums = new Sums();
        return Run(layer, design, ref sums, computeOnly: true);
    }

    /// <inheritdoc />
    public override string? Incompatibility(in LayerWorkload layer, AcceleratorDesign design)
    {
        if (base.Incompatibility(layer, design) is { } problem) return problem;
        if (EngineFor(layer, design) is { } t && (t.Tr < layer.K || t.Tc < layer.K))
            return $"layer '{layer.Name}': tile {t.Tr}x{t.Tc} cannot hold a {layer.K}x{layer.K} kernel window";
        return null;
    }

    private struct Sums
    {
        public double Input, Weight, Output, Compute;
    }

    private static double Run(in LayerWorkload layer, AcceleratorDesign design, ref Sums sums, bool computeOnly)
    {
        int actBits = design.DataBits;
        int inPerCycle = Math.Max(1, PortWidths.LaneBits * design.Ports.Input / actBits);
        int outPerCycle = Math.Max(1, PortWidths.LaneBits * design.Ports.Output / actBits);
        if (layer.Kind is WorkloadKind.Pool or WorkloadKind.Add)
        {
            if (computeOnly) return 0;
            long read = (long)layer.InputCount * layer.N * layer.H * layer.W;
            long written = (long)layer.M * layer.R * layer.C;
            sums.Input = layer.B * (double)CeilDiv(read, inPerCycle);
            sums.Output = layer.B * (double)CeilDiv(written, outPerCycle);
            return Math.Max(sums.Input, sums.Output);
        }

        bool depthwise = layer.Kind == WorkloadKind.Depthwise;
        var engine = depthwise ? design.Depthwise ?? design.Conv : design.Conv;
        int weightBits = layer.WeightBits > 0 ? layer.WeightBits : actBits;
        int weightsPerCycle = Math.Max(1, PortWidths.LaneBits * design.Ports.Weight / weightBits);

        int k = layer.K, s = layer.S, q = layer.PatternOnes;
        int tr = OutputsPerTile(engine.Tr, k, s, layer.R);
        int tc = OutputsPerTile(engine.Tc, k, s, layer.C);
        int rowTiles = CeilDiv(layer.R, tr), colTiles = CeilDiv(layer.C, tc);
        int lastRows = layer.R - (rowTiles - 1) * tr, lastCols = layer.C - (colTiles - 1) * tc;
        int mPar = Math.Min(engine.Tm, layer.M);
        int nPar = depthwise ? 1 : Math.Min(engine.Tn, layer.N);
        int mTiles = CeilDiv(layer.M, engine.Tm);
        int nSteps = depthwise ? 1 : CeilDiv(layer.N, engine.Tn);
        int channelsLoaded = depthwise ? mPar : nPar;
        long weightLoad = CeilDiv((long)mPar * nPar * q, weightsPerCycle);

        double body = 0, firstLoad = 0, lastStore = 0;
        // Four tile shapes: full or edge in rows, full or edge in columns.
        for (int edgeRow = 0; edgeRow < 2; edgeRow++)
        {
            int rows = edgeRow == 0 ? tr : lastRows;
            int rowCount = edgeRow == 0 ? rowTiles - 1 : 1;
            if (rowCount == 0) continue;
            for (int edgeCol = 0; edgeCol < 2; edgeCol++)
            {
                int cols = edgeCol == 0 ? tc : lastCols;
                int colCount = edgeCol == 0 ? colTiles - 1 : 1;
                if (colCount == 0) continue;
                double tiles = (double)rowCount * colCount * mTiles;
                long compute = TileComputeCycles(q, rows, cols, nPar);
                if (computeOnly)
                {
                    body += tiles * nSteps * compute;
                    continue;
                }
                int inRows = Math.Min(s * (rows - 1) + k, layer.H);
                int inCols = Math.Min(s * (cols - 1) + k, layer.W);
                long inputLoad = CeilDiv((long)channelsLoaded * inRows * inCols, inPerCycle);
                long store = CeilDiv((long)mPar * rows * cols, outPerCycle);
                long load = Math.Max(inputLoad, weightLoad);
                long step = Math.Max(load, compute);
                body += tiles * Math.Max((long)nSteps * step, store);
                sums.Input += tiles * nSteps * inputLoad;
                sums.Weight += tiles * nSteps * weightLoad;
                sums.Compute += tiles * nSteps * compute;
                sums.Output += tiles * store;
                if (firstLoad == 0) firstLoad = load;
                lastStore = store;
            }
        }
        double passes = (double)layer.B * layer.Groups;
        sums.Input *= passes; sums.Weight *= passes; sums.Compute *= passes; sums.Output *= passes;
        return passes * (body + firstLoad + lastStore);
    }

    private static int CeilDiv(int a, int b) => (a + b - 1) / b;
    private static long CeilDiv(long a, long b) => (a + b - 1) / b;
}
