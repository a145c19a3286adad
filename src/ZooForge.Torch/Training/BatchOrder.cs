using ZooForge.Data.Splits;

namespace ZooForge.Torch.Training;

/// <summary>
/// The order in which training images are visited: a fresh seeded permutation per epoch, from
/// the same self-contained generator as the dataset split, so the order never changes with
/// the .NET version.
/// </summary>
public static class BatchOrder
{
    /// <summary>A permutation of 0..count−1 for the given seed and epoch.</summary>
    public static int[] Permutation(int count, long seed, int epoch) =>
        SeededSplit.Permutation(count, unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)epoch));
}
