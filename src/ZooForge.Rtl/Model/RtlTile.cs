using ZooForge.Core.Errors;
using ZooForge.Compression.Patterns;
using ZooForge.Compression.Quantization;
using ZooForge.Compression.Reference;
using ZooForge.Hardware.Accelerator;
using ZooForge.Hardware.Performance;

namespace ZooForge.Rtl.Model;

/// <summary>
/// One real tile of a pattern-pruned convolution as the conv engine computes it: the top-left
/// output tile of rows × columns pixels (the engine's Tr×Tc input tile minus the halo), the last
/// output-channel tile (so a layer whose channels were cut to a non-multiple of Tm exercises the
/// channel mask), and every input channel in steps of Tn. The values come from the integer
/// reference run on a real input: the layer's input window (zero padding included), its
/// compressed weights (each kernel's non-zeros in pattern order), and the expected outputs. A
/// dense layer is run as a single pattern keeping all K² positions.
/// </summary>
public sealed record RtlTile
{
    /// <summary>The convolution.</summary>
    public required QConv Layer { get; init; }
    /// <summary>Its pattern table.</summary>
    public required KernelPatternTable Patterns { get; init; }
    /// <summary>Output tile rows and columns.</summary>
    public required int OutRows { get; init; }
    /// <summary>Output tile columns.</summary>
    public required int OutCols { get; init; }
    /// <summary>Input tile rows and columns, halo included: S·(rows−1)+K.</summary>
    public required int InRows { get; init; }
    /// <summary>Input tile columns, halo included.</summary>
    public required int InCols { get; init; }
    /// <summary>First output channel of the tile.</summary>
    public required int FirstOutChannel { get; init; }
    /// <summary>Output channels of the tile that exist in the layer (≤ Tm).</summary>
    public required int ActiveOutChannels { get; init; }
    /// <summary>Input-channel steps, ⌈N/Tn⌉.</summary>
    public required int Steps { get; init; }
    /// <summary>Non-zeros per kernel window (the largest pattern).</summary>
    public int Ones => Patterns.MaxNonZeros;

    /// <summary>[step·Tn + n][row][col]: the input tile, zero in the padding and past the layer's channels.</summary>
    public required int[] Input { get; init; }
    /// <summary>[(step·Tm + m)·Tn + n][q]: the q-th non-zero weight of each kernel (zero past its pattern or for pruned kernels).</summary>
    public required int[] Weights { get; init; }
    /// <summary>[(step·Tm + m)·Tn + n]: pattern id of each kernel, −1 when pruned or outside the layer.</summary>
    public required int[] PatternIds { get; init; }
    /// <summary>Per lane: bias, requantization multiplier and shift (zero for inactive lanes).</summary>
    public required int[] Bias { get; init; }
    /// <summary>Per lane requantization multiplier.</summary>
    public required int[] Multiplier { get; init; }
    /// <summary>Per lane requantization shift.</summary>
    public required int[] Shift { get; init; }
    /// <summary>[pixel][lane]: the reference outputs (zero for inactive lanes).</summary>
    public required int[] Expected { get; init; }

    /// <summary>Output pixels of the tile.</summary>
    public int Pixels => OutRows * OutCols;

    /// <summary>
    /// The performance model's compute term for this tile: one <see cref="ZooForgeLatencyModel.TileComputeCycles"/>
    /// per input-channel step.
    /// </summary>
    public long ModelComputeCycles(AcceleratorDesign design) =>
        Steps * ZooForgeLatencyModel.TileComputeCycles(Ones, OutRows, OutCols, design.Conv.Tn, design.MacsPerDsp);

    /// <summary>
    /// Cuts the tile of <paramref name="layer"/> out of a reference run (<paramref name="tensors"/>
    /// from <see cref="IntegerReference.Run(int[], AccumulatorStats?)"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The layer is grouped or its kernel does not fit the engine.</exception>
    public static RtlTile Cut(QuantizedNetwork network, QConv layer, EngineTiling engine, IReadOnlyDictionary<string, int[]> tensors)
    {
        if (layer.Groups != 1) throw new InvalidInputException($"layer '{layer.Name}' is grouped ({layer.Groups} groups); the RTL tile covers the conv engine's ungrouped convolutions");
        if (layer.Kernel > 7) throw new InvalidInputException($"layer '{layer.Name}': kernel {layer.Kernel} is beyond the 7x7 windows the datapath's pattern masks describe");
        // A dense layer runs as one pattern that keeps the whole window.
        var table = layer.Patterns ?? new KernelPatternTable(layer.Kernel, [(1UL << (layer.Kernel * layer.Kernel)) - 1]);
        var ids = layer.PatternIds ?? new int[layer.OutChannels * layer.InChannels];
        if (layer.Kernel > engine.Tk) throw new InvalidInputException($"layer '{layer.Name}': kernel {layer.Kernel} exceeds the engine's Tk = {engine.Tk}");
        var inShape = network.Tensors[layer.Input].Shape;
        var outShape = network.Tensors[layer.Name].Shape;
        int k = layer.Kernel, s = layer.Stride, n = layer.InChannels, mCount = layer.OutChannels;
        int rows = ZooForgeLatencyModel.OutputsPerTile(engine.Tr, k, s, outShape.Height);
        int cols = ZooForgeLatencyModel.OutputsPerTile(engine.Tc, k, s, outShape.Width);
        if (rows < 1 || cols < 1) throw new InvalidInputException($"layer '{layer.Name}': tile {engine.Tr}x{engine.Tc} cannot hold a {k}x{k} kernel window");
        int inRows = s * (rows - 1) + k, inCols = s * (cols - 1) + k;
        int steps = (n + engine.Tn - 1) / engine.Tn, tm = engine.Tm, tn = engine.Tn, ones = table.MaxNonZeros;
        int firstOut = (mCount - 1) / tm * tm, active = mCount - firstOut;

        var x = tensors[layer.Input];
        var input = new int[steps * tn * inRows * inCols];
        for (int c = 0; c < n; c++)
            for (int r = 0; r < inRows; r++)
                for (int col = 0; col < inCols; col++)
                {
                    int ih = r - layer.Padding, iw = col - layer.Padding;
                    if ((uint)ih < (uint)inShape.Height && (uint)iw < (uint)inShape.Width)
                        input[(c * inRows + r) * inCols + col] = x[(c * inShape.Height + ih) * inShape.Width + iw];
                }

        var weights = new int[steps * tm * tn * ones];
        var patternIds = new int[steps * tm * tn];
        for (int step = 0; step < steps; step++)
            for (int m = 0; m < tm; m++)
                for (int lane = 0; lane < tn; lane++)
                {
                    int kernel = (step * tm + m) * tn + lane, om = firstOut + m, on = step * tn + lane;
                    if (m >= active || on >= n) { patternIds[kernel] = -1; continue; }
                    int id = ids[om * n + on];
                    patternIds[kernel] = id;
                    if (id < 0) continue;
                    var offsets = table.Offsets(id);
                    for (int q = 0; q < offsets.Length; q++)
                        weights[kernel * ones + q] = layer.Weights[(om * n + on) * k * k + offsets[q]];
                }

        var y = tensors[layer.Name];
        var expected = new int[rows * cols * tm];
        var bias = new int[tm];
        var multiplier = new int[tm];
        var shift = new int[tm];
        for (int m = 0; m < active; m++)
        {
            int om = firstOut + m;
            bias[m] = layer.Bias[om];
            multiplier[m] = layer.Multiplier[om];
            shift[m] = layer.Shift[om];
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++)
                    expected[(r * cols + c) * tm + m] = y[(om * outShape.Height + r) * outShape.Width + c];
        }
        return new RtlTile
        {
            Layer = layer, Patterns = table, OutRows = rows, OutCols = cols, InRows = inRows, InCols = inCols,
            FirstOutChannel = firstOut, ActiveOutChannels = active, Steps = steps,
            Input = input, Weights = weights, PatternIds = patternIds, Bias = bias, Multiplier = multiplier, Shift = shift, Expected = expected,
        };
    }
}
