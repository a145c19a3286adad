namespace ZooForge.Emit.Model;

/// <summary>One op of the network and where its output tensor lives in the activation buffer.</summary>
/// <param name="Index">Execution index (the golden file <c>op_%03d</c>).</param>
/// <param name="Name">Op name (the tensor name in the golden manifest).</param>
/// <param name="Kind">Op kind as the golden manifest spells it (<c>conv</c>, <c>add</c>, …).</param>
/// <param name="File">Golden file stem, <c>op_%03d</c>.</param>
/// <param name="Offset">First word in the activation buffer.</param>
/// <param name="Elements">C·H·W.</param>
/// <param name="Shape">C×H×W, for comments.</param>
/// <param name="Channels">Channels of the layout the output is stored in (<see cref="Passes.ActivationLayout"/>): its own, or for a flatten (a view) its input's.</param>
/// <param name="Height">Height of that layout.</param>
/// <param name="Width">Width of that layout.</param>
public sealed record EmitOp(int Index, string Name, string Kind, string File, int Offset, int Elements, string Shape, int Channels, int Height, int Width);
