using ZooForge.Compression.Patterns;
using ZooForge.Compression.Quantization;
using ZooForge.Core.Errors;
using ZooForge.Graph.Model;
using ZooForge.Hardware.Workloads;

namespace ZooForge.Rtl.Model;

/// <summary>
/// The memory image of one convolution for <c>zf_layer_engine</c>: one 32-bit word per value, in
/// the layout the engine's loader walks (see the template's header), and the layer descriptor
/// its ports take. Regions follow each other: the input [N][H][W] (the reference's tensor,
/// unpadded: the engine zeroes the padding on chip), the compressed weights [output tile][step][non-zero][half][lane][channel
/// of the half], the pattern ids [output tile][step][half][lane][channel], bias, multiplier and shift
/// [output tile][lane] (lanes past the layer's channels zero), then the output [M][R][C].
/// </summary>
public sealed record RtlLayerImage
{
    /// <summary>The memory words (two's complement, sign-extended to 32 bits).</summary>
    public required int[] Memory { get; init; }
    /// <summary>The descriptor: the engine's port names and values.</summary>
    public required IReadOnlyDictionary<string, long> Descriptor { get; init; }
    /// <summary>First word of the output region.</summary>
    public required int OutputBase { get; init; }
    /// <summary>The reference's output, [M][R][C].</summary>
    public required int[] Expected { get; init; }
    /// <summary>The layer as the performance model sees it (batch 1), to compare the simulated cycles with.</summary>
    public required LayerWorkload Workload { get; init; }

    /// <summary>
    /// The image of the layer <paramref name="model"/> was rendered for (its <see cref="RtlTemplateModel.LayerName"/>)
    /// for the layer engine at the design's full Tm × Tn, packing <see cref="RtlTemplateModel.Pack"/> pixels per
    /// multiplier, from a reference run (<paramref name="tensors"/>). The engine's buffers are sized from the
    /// same model, so the image and the RTL always agree.
    /// </summary>
    /// <exception cref="InvalidInputException">The layer is grouped, or its padding is not below its kernel.</exception>
    public static RtlLayerImage Create(QuantizedNetwork network, RtlTemplateModel model, IReadOnlyDictionary<string, int[]> tensors)
    {
        var layer = LayerChoice.Choose(network, model.LayerName);
        int lanes = model.Tm, tn = model.Tn, pack = model.Pack;
        if (layer.Groups != 1) throw new InvalidInputException($"layer '{layer.Name}' is grouped; the layer engine runs ungrouped convolutions");
        var table = layer.Patterns ?? new KernelPatternTable(layer.Kernel, [(1UL << (layer.Kernel * layer.Kernel)) - 1]);
        var ids = layer.PatternIds ?? new int[layer.OutChannels * layer.InChannels];
        var inShape = network.Tensors[layer.Input].Shape;
        var outShape = network.Tensors[layer.Name].Shape;
        int n = layer.InChannels, m = layer.OutChannels, k = layer.Kernel, p = layer.Padding, ch = tn / pack;
        int steps = (n + tn - 1) / tn, outputTiles = (m + lanes - 1) / lanes, ones = table.MaxNonZeros;
        if (p >= k) throw new InvalidInputException($"layer '{layer.Name}': padding {p} is not below the kernel {k}, so a tile could lie wholly in the padding; the layer engine loads at least one image row and column per tile");
        var words = new List<int>();

        // The input as the reference holds it, [N][H][W]: the engine zeroes the padding on chip.
        int inputBase = words.Count;
        words.AddRange(tensors[layer.Input]);

        // A kernel of the tile's lane and the step's channel, or none past the layer.
        int Kernel(int tile, int step, int half, int lane, int channel, out int om, out int on)
        {
            om = tile * lanes + lane;
            on = step * tn + half * ch + channel;
            return om < m && on < n ? ids[om * n + on] : -1;
        }

        int weightBase = words.Count;
        for (int tile = 0; tile < outputTiles; tile++)
            for (int step = 0; step < steps; step++)
                for (int q = 0; q < ones; q++)
                    for (int half = 0; half < pack; half++)
                        for (int lane = 0; lane < lanes; lane++)
                            for (int c = 0; c < ch; c++)
                            {
                                int id = Kernel(tile, step, half, lane, c, out int om, out int on);
                                var offsets = id >= 0 ? table.Offsets(id) : Array.Empty<int>();
                                words.Add(q < offsets.Length ? layer.Weights[(om * n + on) * k * k + offsets[q]] : 0);
                            }

        int idBase = words.Count;
        for (int tile = 0; tile < outputTiles; tile++)
            for (int step = 0; step < steps; step++)
                for (int half = 0; half < pack; half++)
                    for (int lane = 0; lane < lanes; lane++)
                        for (int c = 0; c < ch; c++)
                            words.Add(Kernel(tile, step, half, lane, c, out _, out _));

        int PerLane(int[] values)
        {
            int at = words.Count;
            for (int i = 0; i < outputTiles * lanes; i++) words.Add(i < m ? values[i] : 0);
            return at;
        }
        int biasBase = PerLane(layer.Bias), multiplierBase = PerLane(layer.Multiplier), shiftBase = PerLane(layer.Shift);

        int outputBase = words.Count;
        words.AddRange(new int[m * outShape.Height * outShape.Width]);
        var descriptor = new SortedDictionary<string, long>(StringComparer.Ordinal)
        {
            ["in_channels"] = n, ["out_channels"] = m, ["in_height"] = inShape.Height, ["in_width"] = inShape.Width,
            ["out_rows"] = outShape.Height, ["out_cols"] = outShape.Width, ["padding"] = p, ["steps"] = steps,
            ["lo"] = layer.Lo, ["hi"] = layer.Hi,
            ["input_base"] = inputBase, ["weight_base"] = weightBase, ["id_base"] = idBase,
            ["bias_base"] = biasBase, ["multiplier_base"] = multiplierBase, ["shift_base"] = shiftBase, ["output_base"] = outputBase,
        };
        var workload = new LayerWorkload
        {
            Name = layer.Name, Kind = OpKind.Conv, B = 1, M = m, N = n, R = outShape.Height, C = outShape.Width,
            H = inShape.Height, W = inShape.Width, K = k, S = layer.Stride, P = p, Groups = 1,
            PatternOnes = ones, IsPatternPruned = layer.Patterns is not null, InputCount = 1,
        };
        return new RtlLayerImage { Memory = words.ToArray(), Descriptor = descriptor, OutputBase = outputBase, Expected = tensors[layer.Name], Workload = workload };
    }
}
