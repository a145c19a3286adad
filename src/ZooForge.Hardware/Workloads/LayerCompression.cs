namespace ZooForge.Hardware.Workloads;

/// <summary>
/// Compression facts of one layer that change its latency: how many kernel positions each
/// pattern keeps (non-zeros per K×K window) and the weight bit-width.
/// </summary>
/// <param name="PatternOnes">Non-zeros per kernel window; null for dense.</param>
/// <param name="WeightBits">Weight bits; null for the design's data width.</param>
public sealed record LayerCompression(int? PatternOnes = null, int? WeightBits = null);
