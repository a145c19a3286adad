using ZooForge.Core.Errors;
using System.Numerics;

namespace ZooForge.Compression.Patterns;

/// <summary>
/// The complete set of candidate kernel patterns (PatDNN / HotNAS) from which a layer's P
/// patterns are chosen. A pattern is a K×K mask, bit r·K+c set where the kernel keeps the
/// weight at row r, column c (the layout of <see cref="KernelPatternTable"/>).
/// </summary>
/// <remarks>
/// <para>
/// <b>3×3.</b> The centre (bit 4) is always kept and <c>zeros</c> of the other 8 positions are
/// zeroed, so there are C(8, z) candidates: 8, 28, 56, 70, 56, 28, 8, 1 for z = 1..8, and a
/// pattern keeps 9 − z weights. <b>Convention:</b> the HotNAS/PatDNN phrase "4 patterns of 4
/// non-zeros" means P = 4 and z = 5 (the centre plus 3 others are kept; 5 of the 8 non-centre
/// positions are zeroed), which selects from C(8, 5) = 56 candidates. Some HotNAS generator
/// variants skip positions in their loops (yielding 6 and 21 patterns for z = 1 and 2); this
/// enumeration is complete.
/// </para>
/// <para>
/// <b>5×5.</b> As HotNAS's <c>pattern_generator.py</c>, a fixed 13-position core is always kept:
/// the inner 3×3 block (positions 6, 7, 8, 11, 12, 13, 16, 17, 18) plus the four arms of the
/// cross (2, 10, 14, 22) — a diamond. Zeros are chosen among the remaining 12 positions
/// (0, 1, 3, 4, 5, 9, 15, 19, 20, 21, 23, 24), giving C(12, z) candidates for z = 1..12
/// (HotNAS uses z = 6: 924 candidates, 19 kept weights). Every combination is enumerated.
/// </para>
/// <para>
/// Candidates are listed in ascending mask value, so the order is deterministic and a mask's
/// index is stable for a given (K, z).
/// </para>
/// </remarks>
public static class PatternLibrary
{
    /// <summary>Position r·K+c of the always-kept centre of a 3×3 kernel.</summary>
    public const int Centre3x3 = 4;

    /// <summary>The 13 always-kept positions of a 5×5 kernel (HotNAS's <c>fix_one_set</c>), ascending.</summary>
    public static IReadOnlyList<int> Core5x5 { get; } = [2, 6, 7, 8, 10, 11, 12, 13, 14, 16, 17, 18, 22];

    /// <summary>The kernel sizes that have a pattern library.</summary>
    public static IReadOnlyList<int> SupportedKernels { get; } = [3, 5];

    /// <summary>Whether <paramref name="kernel"/> has a pattern library (3 or 5).</summary>
    public static bool Supports(int kernel) => kernel is 3 or 5;

    /// <summary>Always-kept positions of a <paramref name="kernel"/>×<paramref name="kernel"/> kernel, ascending.</summary>
    /// <exception cref="ArgumentException">The kernel size has no pattern library.</exception>
    public static IReadOnlyList<int> CorePositions(int kernel)
    {
        RequireKernel(kernel);
        return kernel == 3 ? [Centre3x3] : Core5x5;
    }

    /// <summary>Positions among which zeros are chosen (every position outside the core), ascending.</summary>
    /// <exception cref="ArgumentException">The kernel size has no pattern library.</exception>
    public static IReadOnlyList<int> FreePositions(int kernel)
    {
        var core = CorePositions(kernel);
        return Enumerable.Range(0, kernel * kernel).Where(p => !core.Contains(p)).ToArray();
    }

    /// <summary>Largest valid <c>zeros</c> for <paramref name="kernel"/>: 8 for 3×3, 12 for 5×5.</summary>
    /// <exception cref="ArgumentException">The kernel size has no pattern library.</exception>
    public static int MaxZeros(int kernel) => FreePositions(kernel).Count;

    /// <summary>Number of candidates, C(free positions, <paramref name="zeros"/>), without enumerating them.</summary>
    /// <exception cref="ArgumentException">Invalid kernel or zeros (see <see cref="Enumerate"/>).</exception>
    public static int Count(int kernel, int zeros)
    {
        int free = MaxZeros(kernel);
        RequireZeros(kernel, zeros, free);
        long c = 1;
        for (int i = 0; i < zeros; i++) c = c * (free - i) / (i + 1);
        return (int)c;
    }

    /// <summary>
    /// Every candidate pattern of a <paramref name="kernel"/>×<paramref name="kernel"/> kernel
    /// that zeroes exactly <paramref name="zeros"/> positions outside the core, in ascending
    /// mask order. See the type remarks for the 3×3 and 5×5 conventions.
    /// </summary>
    /// <param name="kernel">K: 3 or 5.</param>
    /// <param name="zeros">Zeroed positions: 1..8 for 3×3, 1..12 for 5×5.</param>
    /// <exception cref="ArgumentException">
    /// <paramref name="kernel"/> is 1 (patterns need a kernel of at least 3) or not 3 or 5, or
    /// <paramref name="zeros"/> is out of range; the message names the values.
    /// </exception>
    public static KernelPatternTable Enumerate(int kernel, int zeros)
    {
        var free = FreePositions(kernel);
        RequireZeros(kernel, zeros, free.Count);
        ulong full = (1UL << (kernel * kernel)) - 1;
        var masks = new List<ulong>();
        // Walk every subset of the free positions with exactly `zeros` members.
        for (uint subset = 0; subset < 1u << free.Count; subset++)
        {
            if (BitOperations.PopCount(subset) != zeros) continue;
            ulong mask = full;
            for (int i = 0; i < free.Count; i++)
                if ((subset >> i & 1) != 0) mask &= ~(1UL << free[i]);
            masks.Add(mask);
        }
        masks.Sort();
        return new KernelPatternTable(kernel, masks);
    }

    /// <summary>Renders a mask as K rows of <c>1</c>/<c>0</c> (for messages and docs).</summary>
    public static string Render(int kernel, ulong mask)
    {
        var rows = new string[kernel];
        for (int r = 0; r < kernel; r++)
        {
            var chars = new char[kernel];
            for (int c = 0; c < kernel; c++) chars[c] = (mask >> (r * kernel + c) & 1) != 0 ? '1' : '0';
            rows[r] = new string(chars);
        }
        return string.Join('\n', rows);
    }

    private static void RequireKernel(int kernel)
    {
        if (kernel < 3)
            throw new InvalidInputException($"patterns need a kernel of at least 3; got kernel {kernel}", nameof(kernel));
        if (!Supports(kernel))
            throw new InvalidInputException(
                $"no pattern library for kernel {kernel}x{kernel}; supported kernels: {string.Join(", ", SupportedKernels.Select(k => $"{k}x{k}"))}",
                nameof(kernel));
    }

    private static void RequireZeros(int kernel, int zeros, int free)
    {
        if (zeros < 1 || zeros > free)
            throw new InvalidInputException(
                $"zeros must be in 1..{free} for a {kernel}x{kernel} kernel (positions outside the always-kept core); got zeros {zeros}",
                nameof(zeros));
    }
}
