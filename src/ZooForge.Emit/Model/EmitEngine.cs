namespace ZooForge.Emit.Model;

/// <summary>Static tile bounds of one engine, as the kernels' template arguments take them.</summary>
/// <param name="Tm">Output channels (depthwise: channels) per tile.</param>
/// <param name="Tn">Input channels per tile (1 for the depthwise engine).</param>
/// <param name="Tr">Output rows per tile.</param>
/// <param name="Tc">Output columns per tile.</param>
/// <param name="Tk">Largest kernel.</param>
public sealed record EmitEngine(int Tm, int Tn, int Tr, int Tc, int Tk);
