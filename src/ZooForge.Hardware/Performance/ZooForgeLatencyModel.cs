using ZooForge.Graph.Model;
using System.Numerics;
using System.Runtime.InteropServices;
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
/// <item>Loads, computation and stores overlap exactly as the emitted engine's stages run them
/// (ping-pong buffers, templates/hls/kernels/zf_conv.h): a stage loads one input-channel step
/// while the array computes the step before it and, when that step opens a tile, the tile before
/// is stored; a stage costs the longest of the three. The layer's first load and its last
/// tile's store are not hidden. Runs of equal tiles are costed once per place in the run
/// (first, inner, last), which fixes each tile's neighbours in the engine's order.</item>
/// <item>Pattern-pruned layers compute and transfer only the pattern's non-zeros, plus one pattern
/// id per kernel in the weight stream. Each step's weights are one block of whole port words.</item>
/// <item>Designs of 8 bits or fewer pack two MACs per DSP48 by pairing output pixels, so a tile
/// with an odd number of output pixels computes one idle pixel (the RTL's PE array).</item>
/// <item>Values narrower than 16 bits are packed: a port moves ⌊16·lanes/bits⌋ values per cycle,
/// for activations as well as weights.</item>
/// <item>Activations are stored in channel blocks of one port word (V channels of a pixel per
/// word, the emitted HLS's layout). A tile load reads, per channel segment, the words its
/// channels span times the window's rows and columns inside the input (padding is zeroed on
/// chip, not read); a store writes the words its output channels span times its pixels; pooling
/// and additions read and write ⌈channels/V⌉·pixels words. These are the beats the emitted
/// kernels count, exactly.</item>
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
        if (PortIncompatibility(design.Ports) is { } ports) return ports;
        if (EngineFor(layer, design) is { } t && KernelDecomposition.Of(layer.K, t.Tk).Window is var k && (t.Tr < k || t.Tc < k))
            return $"layer '{layer.Name}': tile {t.Tr}x{t.Tc} cannot hold a {k}x{k} kernel window";
        return null;
    }

    /// <inheritdoc />
    /// <remarks>
    /// False: activations move as words of V = I_p = O_p channels, and a tile's channel range can
    /// span more words of a wider port when Tm or Tn is not a multiple of V (channels [6, 12) are
    /// one word of 6 lanes, two of 10), so widening an activation port can cost cycles.
    /// </remarks>
    public override bool MonotoneInActivationPorts => false;

    /// <inheritdoc />
    /// <remarks>
    /// Activations live in DRAM in one channel-block layout whose word is the activation port's,
    /// written by one layer's output port and read by the next one's input port, so the two are
    /// one width (the emitter refuses other designs, CheckDesignPass).
    /// </remarks>
    public override string? PortIncompatibility(PortWidths ports) =>
        ports.Input == ports.Output ? null
            : $"activation ports of {ports.Input} and {ports.Output} lanes: the zooforge engine reads and writes activations as one channel-block word, so I_p must equal O_p";

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
            // Channel blocks stream word by word: every input word read once, every output word written once.
            long read = (long)layer.InputCount * CeilDiv(layer.N, inPerCycle) * layer.H * layer.W;
            long written = CeilDiv(layer.M, outPerCycle) * layer.R * layer.C;
            sums.Input = layer.B * (double)read;
            sums.Output = layer.B * (double)written;
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
        int passesPerSide = split.PassesPerSide;
        // Tiles of equal size and equal clipping to the input form runs; each run is costed once.
        var rows = TileRun.Of(layer.R, tr, s, k, layer.P, layer.H, passesPerSide);
        var cols = TileRun.Of(layer.C, tc, s, k, layer.P, layer.W, passesPerSide);
        var outChannels = ChannelTiles.Of(layer.M, engine.Tm, inPerCycle, outPerCycle);
        var steps = depthwise ? InputStep.OfDepthwise(split.Passes) : InputStep.Of(layer.N, split.Passes, engine.Tn, inPerCycle);
        // The adder tree is as deep as the hardware's Tn, however many of its inputs a layer uses.
        int arrayInputs = depthwise ? 1 : engine.Tn;

        if (computeOnly)
        {
            long stepTotal = 0;
            foreach (var step in steps) stepTotal += step.Count;
            double computeBound = 0;
            foreach (var r in rows)
            foreach (var c in cols)
            foreach (var m in outChannels)
                computeBound += (double)r.Count * c.Count * m.Count * stepTotal * TileComputeCycles(q, r.Outputs, c.Outputs, arrayInputs, design.MacsPerDsp);
            return (double)layer.B * layer.Groups * computeBound;
        }

        // Every kind of tile (row run a, column run b, channel run j): its steps' cost, its first
        // and second step's loads, its compute per step and its store.
        int kindCount = rows.Count * cols.Count * outChannels.Count;
        Span<TileKind> kinds = kindCount <= 64 ? stackalloc TileKind[kindCount] : new TileKind[kindCount];
        int Kind(int a, int b, int j) => (a * cols.Count + b) * outChannels.Count + j;
        for (int a = 0; a < rows.Count; a++)
        for (int b = 0; b < cols.Count; b++)
        for (int j = 0; j < outChannels.Count; j++)
        {
            var (r, c, m) = (rows[a], cols[b], outChannels[j]);
            double tiles = (double)r.Count * c.Count * m.Count;
            long compute = TileComputeCycles(q, r.Outputs, c.Outputs, arrayInputs, design.MacsPerDsp);
            long stepsTime = 0, input = 0, weight = 0, stepCount = 0, first = -1, second = -1;
            foreach (var step in steps)
            {
                long stepInput = 0;
                foreach (var (pass, words) in step.Segments)
                {
                    // Depthwise steps read the lanes' own channels, whose words depend on the channel tile.
                    long spanned = depthwise ? m.InputWords : words;
                    stepInput += spanned * r.Inside[pass / passesPerSide] * c.Inside[pass % passesPerSide];
                }
                long stepWeight = CeilDiv((long)m.Lanes * (depthwise ? 1 : step.Inputs) * storedPerKernel, weightsPerCycle);
                long load = Math.Max(stepInput, stepWeight);
                if (first < 0) (first, second) = (load, step.Count > 1 ? load : -1);
                else if (second < 0) second = load;
                stepsTime += step.Count * Math.Max(load, compute);
                input += step.Count * stepInput;
                weight += step.Count * stepWeight;
                stepCount += step.Count;
            }
            long store = m.OutputWords * r.Outputs * c.Outputs;
            kinds[Kind(a, b, j)] = new TileKind(stepsTime, first, second, compute, store);
            sums.Input += tiles * input;
            sums.Weight += tiles * weight;
            sums.Compute += tiles * stepCount * compute;
            sums.Output += tiles * store;
        }

        // The engine's stages (zf_conv_engine): stage k loads step k and computes step k-1 and,
        // when step k-1 opens a tile, stores the tile before it; a stage lasts as long as the
        // longest. So a tile's steps cost max(load, compute) with the loads shifted by one step:
        // the stage computing its last step loads the next tile's first step, and the stage
        // computing its first step also stores the tile before it. Tiles run in the engine's
        // order (spatial tiles row by row, the channel tiles of each), and each tile's neighbours
        // follow from its place in its runs: first, inner or last.
        Span<(long Weight, bool First, bool Last)> rowPlaces = stackalloc (long, bool, bool)[3], colPlaces = stackalloc (long, bool, bool)[3], channelPlaces = stackalloc (long, bool, bool)[3];
        double body = 0;
        for (int a = 0; a < rows.Count; a++)
        for (int b = 0; b < cols.Count; b++)
        {
            int rowPlaceCount = Places(rows[a].Count, rowPlaces), colPlaceCount = Places(cols[b].Count, colPlaces);
            for (int pr = 0; pr < rowPlaceCount; pr++)
            for (int pc = 0; pc < colPlaceCount; pc++)
            {
                var (rowWeight, firstRow, lastRow) = rowPlaces[pr];
                var (colWeight, firstCol, lastCol) = colPlaces[pc];
                // The spatial tile before and after this one (-1: none), as (row run, column run).
                (int A, int B) before = !firstCol ? (a, b) : b > 0 ? (a, b - 1) : !firstRow ? (a, cols.Count - 1) : a > 0 ? (a - 1, cols.Count - 1) : (-1, -1);
                (int A, int B) after = !lastCol ? (a, b) : b < cols.Count - 1 ? (a, b + 1) : !lastRow ? (a, 0) : a < rows.Count - 1 ? (a + 1, 0) : (-1, -1);
                for (int j = 0; j < outChannels.Count; j++)
                {
                    int channelPlaceCount = Places(outChannels[j].Count, channelPlaces);
                    ref readonly var tile = ref kinds[Kind(a, b, j)];
                    for (int pm = 0; pm < channelPlaceCount; pm++)
                    {
                        var (channelWeight, firstChannel, lastChannel) = channelPlaces[pm];
                        int previous = !firstChannel ? Kind(a, b, j) : j > 0 ? Kind(a, b, j - 1) : before.A >= 0 ? Kind(before.A, before.B, outChannels.Count - 1) : -1;
                        int next = !lastChannel ? Kind(a, b, j) : j < outChannels.Count - 1 ? Kind(a, b, j + 1) : after.A >= 0 ? Kind(after.A, after.B, 0) : -1;
                        long storeBefore = previous >= 0 ? kinds[previous].Store : 0, loadAfter = next >= 0 ? kinds[next].FirstLoad : 0;
                        // The load beside the tile's first compute step: its second step's, or the next tile's first.
                        long loadBeside = tile.SecondLoad >= 0 ? tile.SecondLoad : loadAfter;
                        long cost = tile.StepsTime - Math.Max(tile.FirstLoad, tile.Compute) + Math.Max(loadAfter, tile.Compute)
                            + Math.Max(Math.Max(loadBeside, tile.Compute), storeBefore) - Math.Max(loadBeside, tile.Compute);
                        body += (double)rowWeight * colWeight * channelWeight * cost;
                    }
                }
            }
        }
        // The layer's first load is not hidden, nor the store of its last tile.
        double firstLoad = kinds[0].FirstLoad, lastStore = kinds[kindCount - 1].Store;
        double passes = (double)layer.B * layer.Groups;
        sums.Input *= passes; sums.Weight *= passes; sums.Compute *= passes; sums.Output *= passes;
        return passes * (body + firstLoad + lastStore);
    }

    /// <summary>One kind of tile: its steps at max(load, compute) each, its first and second step's loads (-1: one step), its compute per step and its store.</summary>
    private readonly record struct TileKind(long StepsTime, long FirstLoad, long SecondLoad, long Compute, long Store);

    /// <summary>The places in a run of <paramref name="count"/> tiles: first, inner, last (one place that is both when the run has one tile), with how many tiles each.</summary>
    private static int Places(int count, Span<(long Weight, bool First, bool Last)> places)
    {
        if (count == 1)
        {
            places[0] = (1, true, true);
            return 1;
        }
        int n = 0;
        places[n++] = (1, true, false);
        if (count > 2) places[n++] = (count - 2, false, false);
        places[n++] = (1, false, true);
        return n;
    }

    /// <summary>Words of channel blocks of <paramref name="perWord"/> values that channels [first, first + count) span.</summary>
    public static long ChannelWords(int first, int count, int perWord) => (first + count - 1) / perWord - first / perWord + 1;

    /// <summary>
    /// Consecutive tiles along one spatial dimension with the same output extent and the same
    /// extent inside the input for every pass offset of a decomposed kernel (padding and the
    /// input's far edge clip a tile's window; clipped positions are zeroed on chip, not read).
    /// </summary>
    private sealed class TileRun
    {
        public int Outputs, Count;
        public required int[] Inside;

        public static List<TileRun> Of(int outputs, int perTile, int stride, int window, int padding, int size, int passesPerSide)
        {
            var runs = new List<TileRun>(4);
            for (int t0 = 0; t0 < outputs; t0 += perTile)
            {
                int extent = Math.Min(perTile, outputs - t0);
                int loaded = (extent - 1) * stride + window, start = t0 * stride - padding;
                var inside = new int[passesPerSide];
                for (int j = 0; j < passesPerSide; j++)
                {
                    int from = start + j * window;
                    inside[j] = Math.Max(0, Math.Min(from + loaded, size) - Math.Max(from, 0));
                }
                if (runs.Count > 0 && runs[^1].Outputs == extent && runs[^1].Inside.AsSpan().SequenceEqual(inside)) runs[^1].Count++;
                else runs.Add(new TileRun { Outputs = extent, Count = 1, Inside = inside });
            }
            return runs;
        }
    }

    /// <summary>Consecutive output-channel tiles with the same lanes and the same words spanned on the input and output ports.</summary>
    private readonly record struct ChannelTiles(int Lanes, int Count, long InputWords, long OutputWords)
    {
        public static List<ChannelTiles> Of(int channels, int perTile, int inPerWord, int outPerWord)
        {
            var runs = new List<ChannelTiles>(2);
            for (int m0 = 0; m0 < channels; m0 += perTile)
            {
                int lanes = Math.Min(perTile, channels - m0);
                var tile = new ChannelTiles(lanes, 1, ChannelWords(m0, lanes, inPerWord), ChannelWords(m0, lanes, outPerWord));
                if (runs.Count > 0 && runs[^1] with { Count = 1 } == tile) runs[^1] = runs[^1] with { Count = runs[^1].Count + 1 };
                else runs.Add(tile);
            }
            return runs;
        }
    }

    /// <summary>
    /// Consecutive input-channel steps with the same inputs and the same segments: the passes of a
    /// decomposed kernel are virtual input channels (pass-major), and a step reads, per pass it
    /// covers, the channel words its channels of that pass span.
    /// </summary>
    private sealed class InputStep
    {
        public int Inputs, Count;
        public required (int Pass, long Words)[] Segments;

        public static List<InputStep> Of(int channels, int passes, int perStep, int perWord)
        {
            var runs = new List<InputStep>(2);
            int total = channels * passes;
            var segments = new List<(int Pass, long Words)>(2);
            for (int v0 = 0; v0 < total; v0 += perStep)
            {
                int inputs = Math.Min(perStep, total - v0);
                segments.Clear();
                for (int v = v0; v < v0 + inputs;)
                {
                    int pass = v / channels, first = v % channels, count = Math.Min(v0 + inputs - v, channels - first);
                    segments.Add((pass, ChannelWords(first, count, perWord)));
                    v += count;
                }
                if (runs.Count > 0 && runs[^1].Inputs == inputs && runs[^1].Segments.AsSpan().SequenceEqual(CollectionsMarshal.AsSpan(segments))) runs[^1].Count++;
                else runs.Add(new InputStep { Inputs = inputs, Count = 1, Segments = segments.ToArray() });
            }
            return runs;
        }

        /// <summary>A depthwise layer's steps: one per pass, its words set by the channel tile.</summary>
        public static List<InputStep> OfDepthwise(int passes)
        {
            var runs = new List<InputStep>(passes);
            for (int pass = 0; pass < passes; pass++) runs.Add(new InputStep { Inputs = 1, Count = 1, Segments = [(pass, 0)] });
            return runs;
        }
    }

    private static long CeilDiv(long a, long b) => (a + b - 1) / b;
}
