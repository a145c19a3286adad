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
                    context.Layers.Add(ConvolutionPacking.Pack(c, entry, layout, context.Weights, context.Params));
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
                            Kind = KernelKinds.Scale, In = context.Offsets[cat.Parts[i]], Out = entry.Out + channel * output.Height * output.Width,
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
}
