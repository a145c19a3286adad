using ZooForge.Graph.Model;
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
/// <item>Edge tiles — in rows, columns, output and input channels — are costed at their real
/// size (HotNAS charges every tile as a full one).</item>
/// <item>Loads overlap computation through double buffering: each input-channel step costs
/// max(load, compute), with one unhidden first load and one last store per layer.</item>
/// <item>Pattern-pruned layers compute and transfer only the pattern's non-zeros, plus one pattern
/// id per kernel in the weight stream. Each step's weights are one block of whole port words.</item>
/// <item>Designs of 8 bits or fewer pack two MACs per DSP48 by pairing output pixels, so a tile
/// with an odd number of output pixels computes one idle pixel (the RTL's PE array).</item>
/// <item>Values narrower than 16 bits are packed: a port moves ⌊16·lanes/bits⌋ values per cycle,
/// for activations as well as weights.</item>
/// <item>Each compute step pays the MAC pipeline's fill, ⌈log2 Tn⌉ + 4 cycles for the hardware's
/// Tn (multiplier registers, adder tree, accumulator).</item>
/// <item>Kernels larger than the engine's Tk run as ⌈K/Tk⌉² Tk×Tk passes, costed as that many
/// times the input channels of a Tk×Tk layer (<see cref="KernelDecomposition"/>): every pass
/// re-reads its shifted input window and its sub-kernels' weights, and computes all Tk² taps.</item>
/// <item>A dense engine (<see cref="AcceleratorDesign.Dense"/>) computes and stores all taps of
/// every kernel, pattern-pruned or not, with no pattern ids.</item>
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

    /// <summary>
    /// Compute cycles of one tile step: one cycle per kernel non-zero and output pixel, plus the
    /// pipeline fill. With two MACs per DSP (<paramref name="macsPerDsp"/> = 2) the array works on
    /// pixel pairs, so an odd pixel count costs one more pixel (measured in RTL simulation).
    /// </summary>
    public static long TileComputeCycles(int patternOnes, int outRows, int outCols, int tn, int macsPerDsp = 1)
    {
        long pixels = (long)outRows * outCols;
        if (macsPerDsp == 2) pixels += pixels & 1;
        return patternOnes * pixels + ComputePipelineDepth(tn);
    }

    /// <inheritdoc />
    public override LayerLatency EvaluateLayer(in LayerWorkload layer, AcceleratorDesign design)
    {
        var sums = new Sums();
        double cycles = Run(layer, design, ref sums, computeOnly: false);
        var unit = layer.Kind switch
        {
            _ when layer.Kind.IsPooling() || layer.Kind == OpKind.Add => ExecutionUnit.PostProcess,
            OpKind.DepthwiseConv when design.Depthwise is not null => ExecutionUnit.DepthwiseEngine,
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
    /// <remarks>Unlike HotNAS's, this model runs a kernel larger than Tk as several passes (<see cref="KernelDecomposition"/>).</remarks>
    public override string? Incompatibility(in LayerWorkload layer, AcceleratorDesign design)
    {
        if (EngineFor(layer, design) is { } t && KernelDecomposition.Of(layer.K, t.Tk).Window is var k && (t.Tr < k || t.Tc < k))
            return $"layer '{layer.Name}': tile {t.Tr}x{t.Tc} cannot hold a {k}x{k} kernel window";
        return null;
    }

    private struct Sums
    {
        public double Input, Weight, Output, Compute;
    }

    private static double Run(in LayerWorkload layer, AcceleratorDesign design, ref Sums sums, bool computeOnly)
    {
        int actBits = design.DataBits;
        int inPerCycle = PortWidths.ValuesPerBeat(design.Ports.Input, actBits);
        int outPerCycle = PortWidths.ValuesPerBeat(design.Ports.Output, actBits);
        if (layer.Kind.IsPooling() || layer.Kind == OpKind.Add)
        {
            if (computeOnly) return 0;
            long read = (long)layer.InputCount * layer.N * layer.H * layer.W;
            long written = (long)layer.M * layer.R * layer.C;
            sums.Input = layer.B * (double)CeilDiv(read, inPerCycle);
            sums.Output = layer.B * (double)CeilDiv(written, outPerCycle);
            return Math.Max(sums.Input, sums.Output);
        }

        bool depthwise = layer.Kind == OpKind.DepthwiseConv;
        var engine = depthwise ? design.Depthwise ?? design.Conv : design.Conv;
        int weightBits = layer.WeightBits > 0 ? layer.WeightBits : actBits;
        int weightsPerCycle = PortWidths.ValuesPerBeat(design.Ports.Weight, weightBits);

        var split = KernelDecomposition.Of(layer.K, engine.Tk);
        int k = split.Window, s = layer.S;
        // A pattern-pruned kernel travels as its pattern id and its non-zeros, unless the engine
        // is dense or the kernel is decomposed: then every tap of the window is computed and stored.
        bool patterned = layer.IsPatternPruned && !design.Dense && !split.IsDecomposed;
        int q = patterned ? layer.PatternOnes : split.WindowTaps;
        int storedPerKernel = q + (patterned ? 1 : 0);
        int tr = OutputsPerTile(engine.Tr, k, s, layer.R);
        int tc = OutputsPerTile(engine.Tc, k, s, layer.C);
        // Every loop dimension has full tiles and at most one edge tile; each is costed at its real size.
        var rows = new EdgeSplit(layer.R, tr);
        var cols = new EdgeSplit(layer.C, tc);
        var outChannels = new EdgeSplit(layer.M, engine.Tm);
        // The passes of a decomposed kernel are virtual input channels (KernelDecomposition);
        // a depthwise lane takes its channel's passes one step each.
        var inChannels = depthwise ? new EdgeSplit(split.Passes, 1) : new EdgeSplit(layer.N * split.Passes, engine.Tn);
        // The adder tree is as deep as the hardware's Tn, however many of its inputs a layer uses.
        int arrayInputs = depthwise ? 1 : engine.Tn;

        double body = 0, firstLoad = 0, lastStore = 0;
        for (int mi = 0; mi < 2; mi++)
        {
            var (mPar, mCount) = outChannels[mi];
            if (mCount == 0) continue;
            long weightsFull = depthwise ? (long)mPar * storedPerKernel : (long)mPar * inChannels.Full * storedPerKernel;
            long weightsLast = (long)mPar * inChannels.Last * storedPerKernel;
            for (int ri = 0; ri < 2; ri++)
            {
                var (r, rCount) = rows[ri];
                if (rCount == 0) continue;
                for (int ci = 0; ci < 2; ci++)
                {
                    var (c, cCount) = cols[ci];
                    if (cCount == 0) continue;
                    double tiles = (double)mCount * rCount * cCount;
                    long compute = TileComputeCycles(q, r, c, arrayInputs, design.MacsPerDsp);
                    int steps = inChannels.FullCount + (inChannels.Last > 0 ? 1 : 0);
                    if (computeOnly)
                    {
                        body += tiles * steps * compute;
                        continue;
                    }
                    long window = (long)Math.Min(s * (r - 1) + k, layer.H) * Math.Min(s * (c - 1) + k, layer.W);
                    long inputFull = CeilDiv((depthwise ? mPar : inChannels.Full) * window, inPerCycle);
                    long inputLast = CeilDiv(inChannels.Last * window, inPerCycle);
                    long weightFull = CeilDiv(weightsFull, weightsPerCycle);
                    long weightLast = CeilDiv(weightsLast, weightsPerCycle);
                    long loadFull = Math.Max(inputFull, weightFull), loadLast = Math.Max(inputLast, weightLast);
                    long stepsTime = inChannels.FullCount * Math.Max(loadFull, compute)
                        + (inChannels.Last > 0 ? Math.Max(loadLast, compute) : 0);
                    long store = CeilDiv((long)mPar * r * c, outPerCycle);
                    body += tiles * Math.Max(stepsTime, store);
                    sums.Input += tiles * (inChannels.FullCount * inputFull + inputLast);
                    sums.Weight += tiles * (inChannels.FullCount * weightFull + weightLast);
                    sums.Compute += tiles * steps * compute;
                    sums.Output += tiles * store;
                    if (firstLoad == 0) firstLoad = inChannels.FullCount > 0 ? loadFull : loadLast;
                    lastStore = store;
                }
            }
        }
        double passes = (double)layer.B * layer.Groups;
        sums.Input *= passes; sums.Weight *= passes; sums.Compute *= passes; sums.Output *= passes;
        return passes * (body + firstLoad + lastStore);
    }

    /// <summary>A loop of <c>Total</c> iterations in tiles of <c>Full</c>: how many full tiles, and the edge tile's size (0 if none).</summary>
    private readonly struct EdgeSplit(int total, int tile)
    {
        public int Full { get; } = Math.Min(tile, total);
        public int FullCount { get; } = total / Math.Min(tile, total);
        public int Last { get; } = total % Math.Min(tile, total);

        /// <summary>Index 0: the full tiles (size, count); index 1: the edge tile (size, 0 or 1).</summary>
        public (int Size, int Count) this[int index] => index == 0 ? (Full, FullCount) : (Last, Last > 0 ? 1 : 0);
    }

    private static long CeilDiv(long a, long b) => (a + b - 1) / b;
}
