using ZooForge.Core.Errors;
namespace ZooForge.Compression.Quantization;

/// <summary>
/// The one definition of integer rounding and saturation in ZooForge. The integer reference,
/// the fake-quant TorchSharp modules, the HLS kernels and the RTL all implement exactly these
/// functions; change them here and everything downstream must change with them.
/// <list type="bullet">
/// <item><see cref="RoundShift"/>: arithmetic right shift rounding half up,
/// ⌊x / 2^s + 1/2⌋ (so −2.5 → −2, 2.5 → 3). One add and one shift in hardware.</item>
/// <item><see cref="Requantize"/>: y = clamp(RoundShift(acc · M0, shift), lo, hi) with a 32-bit
/// signed multiplier M0 and 0 ≤ shift ≤ 62; the product is formed in 64 bits.</item>
/// <item><see cref="Saturate"/>: clamp to [lo, hi].</item>
/// </list>
/// A real multiplier m &gt; 0 is represented as M0 · 2^−shift with M0 in [2^30, 2^31) when
/// possible (<see cref="Decompose"/>), which keeps 31 significant bits.
/// </summary>
public static class Requantizer
{
    /// <summary>⌊x / 2^shift + 1/2⌋: arithmetic shift, rounding half toward +∞. Shift 0 returns x.</summary>
    public static long RoundShift(long x, int shift)
    {
        if (shift is < 0 or > 62) throw new ArgumentOutOfRangeException(nameof(shift), shift, "shift must be in 0..62");
        return shift == 0 ? x : (x + (1L << (shift - 1))) >> shift;
    }

    /// <summary>Clamps <paramref name="x"/> to [<paramref name="lo"/>, <paramref name="hi"/>].</summary>
    public static int Saturate(long x, int lo, int hi) => x < lo ? lo : x > hi ? hi : (int)x;

    /// <summary>clamp(RoundShift(acc · multiplier, shift), lo, hi).</summary>
    public static int Requantize(long acc, int multiplier, int shift, int lo, int hi) =>
        Saturate(RoundShift(checked(acc * multiplier), shift), lo, hi);

    /// <summary>
    /// Represents a real multiplier 0 &lt; m &lt; 2^31 − ½ as M0 · 2^−shift, M0 a positive 31-bit
    /// integer, choosing the largest shift ≤ 62 with M0 &lt; 2^31 so precision is maximal. (Above
    /// 2^31 − ½ even shift 0 would round M0 up to 2^31, which does not fit.)
    /// </summary>
    public static (int Multiplier, int Shift) Decompose(double m)
    {
        if (!(m > 0) || double.IsInfinity(m) || m >= 2147483647.5)
            throw new ArgumentOutOfRangeException(nameof(m), m, "multiplier must be in (0, 2^31 - 1/2)");
        int shift = 0;
        while (shift < 62 && m * Math.Pow(2, shift + 1) < 2147483647.5) shift++;
        long m0 = (long)Math.Round(m * Math.Pow(2, shift), MidpointRounding.AwayFromZero);
        if (m0 >= 1L << 31) { m0 >>= 1; shift--; }
        if (m0 == 0) throw new ArgumentOutOfRangeException(nameof(m), m, "multiplier is too small to represent");
        return ((int)m0, shift);
    }

    /// <summary>The signed range of a <paramref name="bits"/>-bit value: [−2^(b−1), 2^(b−1)−1].</summary>
    public static (int Lo, int Hi) SignedRange(int bits)
    {
        if (bits is < 2 or > 16) throw new InvalidInputException($"bit-width must be in 2..16, got {bits}", nameof(bits));
        return (-(1 << (bits - 1)), (1 << (bits - 1)) - 1);
    }

    /// <summary>Quantizes a real value: clamp(round-half-away(x / scale), lo, hi). Used for weights, biases and inputs.</summary>
    public static int Quantize(double x, double scale, int lo, int hi) =>
        Saturate((long)Math.Round(x / scale, MidpointRounding.AwayFromZero), lo, hi);
}
