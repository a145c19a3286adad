namespace ZooForge.Torch.Training;

/// <summary>
/// The order in which training images are visited: a Fisher–Yates shuffle per epoch driven
/// by SplitMix64 seeded from (seed, epoch). Self-contained so the order never changes with
/// the .NET version, unlike <see cref="Random"/>.
/// </summary>
public static class BatchOrder
{
    /// <summary>A permutation of 0..count−1 for the given seed and epoch.</summary>
    public static int[] Permutation(int count, long seed, int epoch)
    {
        var order = new int[count];
        for (int i = 0; i < count; i++) order[i] = i;
        ulong state = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)epoch * 0xD1B54A32D192ED03UL);
        for (int i = count - 1; i > 0; i--)
        {
            int j = (int)(Next(ref state) % (ulong)(i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    private static ulong Next(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
