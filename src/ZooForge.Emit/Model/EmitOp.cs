namespace ZooForge.Emit.Model;

/// <summary>One op of the network and where its output tensor lives in the activation buffer.</summary>
/// <param name="Index">Execution index (the golden file <c>op_%03d</c>).</param>
/// <param name="Name">Op name (the tensor name in the golden manifest).</param>
/// <param name="Kind">Op kind as the golden manifest spells it (<c>conv</c>, <c>add</c>, …).</param>
/// <param name="File">Golden file stem, <c>op_%03d</c>.</param>
/// <param name="Offset">First element in the activation buffer.</param>
/// <param name="Elements">C·H·W.</param>
/// <param name="Shape">C×H×W, for comments.</param>
public sealed record EmitOp(int Index, string Name, string Kind, string File, int Offset, int Elements, string Shape);
