namespace ZooForge.Compression.Patterns;

/// <summary>
/// The P patterns a layer may use: each a K×K mask, bit r·K+c set where the kernel keeps a
/// weight. All patterns of a table have the same kernel size.
/// </summary>
/// <param name="Kernel">K.</param>
/// <param name="Masks">One mask per pattern, bit (r·K+c) for position (r, c).</param>
public sealed record KernelPatternTable(int Kernel, IReadOnlyList<ulong> Masks)
{
    /// <summary>Number of patterns, P.</summary>
    public int Count => Masks.Count;

    /// <summary>Largest number of kept positions among the patterns (the compute cycles per window).</summary>
    public int MaxNonZeros => Masks.Count == 0 ? 0 : Masks.Max(m => System.Numerics.BitOperations.PopCount(m));

    /// <summary>Kept positions (r·K+c) of pattern <paramref name="index"/>, ascending.</summary>
    public int[] Offsets(int index)
    {
        var list = new List<int>();
        for (int p = 0; p < Kernel * Kernel; p++)
            if ((Masks[index] >> p & 1) != 0) list.Add(p);
        return [.. list];
    }
}
