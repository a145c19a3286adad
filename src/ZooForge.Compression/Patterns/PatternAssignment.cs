namespace ZooForge.Compression.Patterns;

/// <summary>
/// The pattern pruning of one convolution: its pattern table and, for every (output channel m,
/// input channel n) kernel in [M, N/groups] order, the index of the pattern it keeps, or −1 when
/// connectivity pruning removed the kernel entirely.
/// </summary>
/// <param name="Layer">IR name of the convolution.</param>
/// <param name="Table">The P patterns chosen for the layer.</param>
/// <param name="PatternIds">One entry per kernel, M·(N/groups) in all.</param>
public sealed record PatternAssignment(string Layer, KernelPatternTable Table, int[] PatternIds);
