using ZooForge.TestSupport;
using System.Globalization;
using System.Text;
using ZooForge.Compression.Quantization;
using ZooForge.Compression.Reference;
using ZooForge.Emit.Csim;
using ZooForge.Emit.Rendering;
using ZooForge.Emit.Tests.Support;

namespace ZooForge.Emit.Tests.Kernels;

/// <summary>
/// zf_requant.h on its own against the specification (<see cref="Requantizer"/> and
/// <see cref="IntegerReference.AverageMultiplier"/>): rounding ties in both signs, every shift
/// 0..62, extreme accumulators and multipliers, saturation, and average multipliers.
/// </summary>
[TestFixture]
public sealed class RequantKernelTests
{
    [Test]
    public void Requantization_kernels_match_the_reference()
    {
        var random = new Random(31);
        var source = new StringBuilder("#define ZF_DATA_BITS 8\n#include \"zf_requant.h\"\n#include <cstdio>\nint main() {\n");
        var expected = new List<long>();
        void Case(string expression, long value)
        {
            source.Append("    std::printf(\"%lld\\n\", static_cast<long long>(").Append(expression).Append("));\n");
            expected.Add(value);
        }
        string L(long v) => v == long.MinValue ? "(-9223372036854775807LL - 1)" : v.ToString(CultureInfo.InvariantCulture) + "LL";
        for (int shift = 0; shift <= 62; shift++)
        {
            // Exact ties (odd multiples of 2^(shift-1)) in both signs, and their neighbours.
            long half = shift == 0 ? 0 : 1L << (shift - 1);
            foreach (long k in new long[] { 1, 3, -1, -3, 5, -7 })
                foreach (long x in new[] { k * half, k * half + 1, k * half - 1 })
                {
                    if (Math.Abs((double)k * half) + half > 4e18) continue;  // x + 2^(shift-1) must not overflow 64 bits
                    Case($"zf_round_shift(zf_wide_t({L(x)}), {shift})", Requantizer.RoundShift(x, shift));
                }
        }
        int[] accumulators = [int.MinValue, int.MaxValue, 0, 1, -1, 123456, -123456, 1 << 30, -(1 << 30)];
        for (int i = 0; i < 400; i++)
        {
            long acc = i < accumulators.Length * 8 ? accumulators[i % accumulators.Length] : random.Next(int.MinValue, int.MaxValue);
            int multiplier = i % 5 == 0 ? int.MaxValue : random.Next(1 << 30, int.MaxValue);
            int shift = random.Next(0, 63);
            if (Math.Abs((double)acc * multiplier) + Math.Pow(2, shift) > 9.2e18) continue;
            int lo = i % 3 == 0 ? 0 : -128, hi = i % 7 == 0 ? 100 : 127;
            Case($"zf_requantize(zf_wide_t({L(acc)}), {multiplier}, {shift}, {lo}, {hi})", Requantizer.Requantize(acc, multiplier, shift, lo, hi));
        }
        for (int n = 1; n <= 200; n++)
            Case($"zf_average_multiplier({n}, 16)", IntegerReference.AverageMultiplier(n, 16));
        source.Append("    return 0;\n}\n");

        using var temp = new TempFolder();
        File.WriteAllText(temp.Combine("requant_test.cpp"), source.ToString());
        string kernels = Path.Combine(TemplateRenderer.DefaultFolder, "kernels");
        var build = CsimRunner.Execute("g++", [.. CsimRunner.StrictFlags.Split(' '), "-I" + kernels, "-o", "requant_test", "requant_test.cpp"], temp.Path);
        Assert.That(build.Code, Is.Zero, build.Stderr);
        var run = CsimRunner.Execute(temp.Combine("requant_test"), [], temp.Path);
        var got = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var lines = source.ToString().Split('\n').Where(l => l.Contains("printf", StringComparison.Ordinal)).ToArray();
        Assert.That(got, Has.Length.EqualTo(expected.Count));
        using (Assert.EnterMultipleScope())
            for (int i = 0; i < got.Length; i++)
                Assert.That(got[i], Is.EqualTo(expected[i]), lines[i].Trim());
    }
}
