using ZooForge.Graph.Model;
using ZooForge.Hardware.Accelerator;

namespace ZooForge.Emit.Passes;

/// <summary>
/// The DRAM layout of activations: channel blocks of one activation-port word. A tensor of
/// C×H×W is ⌈C/V⌉ planes of H×W words; word (b·H + y)·W + x holds channels b·V … b·V+V−1 of
/// pixel (y, x), lanes past C zero. V = <see cref="PortWidths.ValuesPerBeat"/> of the activation
/// ports, which must be equal (<see cref="CheckDesignPass"/>). Every tile load then reads whole
/// words (the words its channel range spans, per inside row and column) and every store writes
/// whole words, the counts <c>ZooForgeLatencyModel</c> charges.
/// </summary>
/// <param name="ValuesPerWord">V: activations per word.</param>
public readonly record struct ActivationLayout(int ValuesPerWord)
{
    /// <summary>The layout of the design being emitted.</summary>
    public static ActivationLayout Of(EmitContext context) =>
        new(PortWidths.ValuesPerBeat(context.Design.Accelerator.Ports.Output, context.Network.Bits));

    /// <summary>Channel blocks (planes of words) of <paramref name="channels"/> channels.</summary>
    public int Blocks(int channels) => (channels + ValuesPerWord - 1) / ValuesPerWord;

    /// <summary>Words a tensor of <paramref name="shape"/> occupies.</summary>
    public long Words(TensorShape shape) => (long)Blocks(shape.Channels) * shape.Height * shape.Width;
}
