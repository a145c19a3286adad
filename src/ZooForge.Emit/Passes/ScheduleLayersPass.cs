using ZooForge.Compression.Quantization;
using ZooForge.Emit.Model;
using ZooForge.Hardware.Accelerator;

namespace ZooForge.Emit.Passes;

/// <summary>
/// Lowers every op to schedule entries and packs the convolutions' weights and parameters:
/// <list type="bullet">
/// <item>convolution → one <c>ZF_CONV</c> / <c>ZF_DWCONV</c> entry; its kernels are packed in
/// the engine's step order, word-aligned per step (<see cref="ConvolutionPacking"/>);</item>
/// <item>pooling → <c>ZF_MAXPOOL</c>, <c>ZF_AVGPOOL</c> or <c>ZF_ADAPTIVE</c>; add → <c>ZF_ADD</c>;
/// clamp → <c>ZF_CLAMP</c>;</item>
/// <item>concatenation → one <c>ZF_SCALE</c> entry per input, each writing its channels at
/// their offset in the output;</item>
/// <item>flatten → nothing (a view, see <see cref="AllocateActivationsPass"/>).</item>
/// </list>
/// </summary>
public sealed class ScheduleLayersPass : IEmitPass
{
    /// <inheritdoc />
    public string Name => "schedule-layers";

    /// <inheritdoc />
    public void Run(EmitContext context)
    {
        var ops = context.Network.Ops;
        var design = context.Design.Accelerator;
        var layout = new WeightLayout(design.Conv.Tm, design.Conv.Tn, design.Depthwise?.Tm ?? design.Conv.Tm, PortWidths.ValuesPerBeat(design.Ports.Weight, context.Network.Bits),
            design.Conv.Tk, design.Depthwise?.Tk ?? design.Conv.Tk, design.Dense);
        var activations = ActivationLayout.Of(context);
        for (int index = 0; index < ops.Count; index++)
        {
            var op = ops[index];
            var output = context.ShapeOf(op.Name);
            var input = context.ShapeOf(op.Inputs[0]);
            var entry = new EmitLayer
            {
                Kind = "", Op = index, Name = op.Name,
                In = context.Offsets[op.Inputs[0]], Out = context.Offsets[op.Name],
                N = input.Channels, H = input.Height, W = input.Width,
                M = output.Channels, Oh = output.Height, Ow = output.Width,
            };
            switch (op)
            {
                case QConv c:
                    var order = FlattenedInputOrder(context, c, activations);
                    context.Layers.Add(ConvolutionPacking.Pack(c, order is null ? entry : entry with { N = order.Length }, layout, context.Weights, context.Params, order));
                    break;
                case QPool p:
                    context.Layers.Add(entry with
                    {
                        Kind = KernelKinds.Of(QuantizedNetworkChecks.OpOf(p)),
                        K = p.IsAdaptive ? 0 : p.Kernel, S = p.IsAdaptive ? 1 : p.Stride, P = p.IsAdaptive ? 0 : p.Padding, Shift = p.Shift,
                    });
                    break;
                case QAdd a:
                    context.Layers.Add(entry with
                    {
                        Kind = KernelKinds.Add, In2 = context.Offsets[a.B], MulA = a.MultiplierA, MulB = a.MultiplierB, Shift = a.Shift, Lo = a.Lo, Hi = a.Hi,
                    });
                    break;
                case QClamp cl:
                    context.Layers.Add(entry with { Kind = KernelKinds.Clamp, Lo = cl.Lo, Hi = cl.Hi });
                    break;
                case QConcat cat:
                    int channel = 0;
                    for (int i = 0; i < cat.Parts.Count; i++)
                    {
                        var part = context.ShapeOf(cat.Parts[i]);
                        context.Layers.Add(entry with
                        {
                            Kind = KernelKinds.Scale, In = context.Offsets[cat.Parts[i]], In2 = channel,
                            N = part.Channels, H = part.Height, W = part.Width, M = part.Channels,
                            MulA = cat.Multipliers[i], Shift = cat.Shift, Lo = cat.Lo, Hi = cat.Hi,
                        });
                        channel += part.Channels;
                    }
                    break;
                case QFlatten:
                    break;
                default:
                    throw new EmitException($"layer '{op.Name}': op type {op.GetType().Name} is not supported by the HLS kernels");
            }
        }
    }

    /// <summary>
    /// A fully connected layer fed by a flatten of a C×H×W tensor (H·W &gt; 1) reads that tensor's
    /// channel-block words as a vector: its input i is lane i % V of word i / V, channel
    /// (word / (H·W))·V + i % V at pixel word % (H·W). Returns, per such input, the flattened
    /// (C·H·W-order) input it is, or −1 for a lane past C; null when the layer reads its input as is.
    /// </summary>
    private static int[]? FlattenedInputOrder(EmitContext context, QConv c, ActivationLayout layout)
    {
        if (context.Network.Ops.FirstOrDefault(o => o.Name == c.Inputs[0]) is not QFlatten flatten) return null;
        var source = context.ShapeOf(flatten.Input);
        int plane = source.Height * source.Width, v = layout.ValuesPerWord;
        if (plane == 1) return null;
        var order = new int[layout.Blocks(source.Channels) * plane * v];
        for (int i = 0; i < order.Length; i++)
        {
            int word = i / v, channel = word / plane * v + i % v;
            order[i] = channel < source.Channels ? channel * plane + word % plane : -1;
        }
        return order;
    }
}
