using ZooForge.TestSupport;
using System.Globalization;
using System.Numerics;
using System.Text;
using ZooForge.Emit.Csim;
using ZooForge.Emit.Rendering;
using ZooForge.Emit.Tests.Support;

namespace ZooForge.Emit.Tests.Kernels;

/// <summary>
/// The project's own ap_int / ap_uint / ap_fixed / hls::stream subset (zf_ap_compat.h), compiled
/// with the strict flags and run: each case prints one integer, compared with a value computed
/// here in C# from Xilinx's documented semantics (UG1399): wrap-around to the width, full
/// precision arithmetic, the quantization modes on ties and non-ties, and the overflow modes.
/// </summary>
[TestFixture]
public sealed class ApCompatTests
{
    private sealed class Program
    {
        private readonly StringBuilder _body = new();
        public List<long> Expected { get; } = [];

        public void Case(string expression, long expected)
        {
            _body.Append("    std::printf(\"%lld\\n\", static_cast<long long>(").Append(expression).Append("));\n");
            Expected.Add(expected);
        }

        public void Statement(string code) => _body.Append("    ").Append(code).Append('\n');

        public string Source => "#include \"zf_ap_compat.h\"\n#include <cstdio>\nint main() {\n" + _body + "    return 0;\n}\n";
    }

    // v modulo 2^w, as the representative in [-2^(w-1), 2^(w-1)) or [0, 2^w).
    private static long WrapSigned(long v, int w)
    {
        BigInteger m = BigInteger.One << w, u = ((v % m) + m) % m;
        return (long)(u >= m / 2 ? u - m : u);
    }

    private static long WrapUnsigned(long v, int w)
    {
        BigInteger m = BigInteger.One << w;
        return (long)(ulong)(((v % m) + m) % m);
    }

    // Xilinx quantization modes, written independently of the C++ (which works on floor and fraction).
    private static long Quantize(double scaled, string mode) => (long)(mode switch
    {
        "AP_TRN" => Math.Floor(scaled),
        "AP_TRN_ZERO" => Math.Truncate(scaled),
        "AP_RND" => Math.Floor(scaled + 0.5),                       // ties toward +infinity
        "AP_RND_ZERO" => scaled >= 0 ? Math.Ceiling(scaled - 0.5) : Math.Floor(scaled + 0.5),  // ties toward zero
        "AP_RND_MIN_INF" => Math.Ceiling(scaled - 0.5),             // ties toward -infinity
        "AP_RND_INF" => Math.Round(scaled, MidpointRounding.AwayFromZero),
        "AP_RND_CONV" => Math.Round(scaled, MidpointRounding.ToEven),
        _ => throw new ArgumentException(mode),
    });

    private static long Overflow(long raw, int w, bool signed, string mode)
    {
        long lo = signed ? -(1L << (w - 1)) : 0, hi = signed ? (1L << (w - 1)) - 1 : (1L << w) - 1;
        if (raw >= lo && raw <= hi) return raw;
        return mode switch
        {
            "AP_SAT" => raw < lo ? lo : hi,
            "AP_SAT_ZERO" => 0,
            "AP_SAT_SYM" => raw < lo ? (signed ? -hi : 0) : hi,
            "AP_WRAP" => signed ? WrapSigned(raw, w) : WrapUnsigned(raw, w),
            _ => throw new ArgumentException(mode),
        };
    }

    [Test]
    public void Compat_types_follow_the_documented_semantics()
    {
        var p = new Program();
        var random = new Random(2026);
        foreach (int w in new[] { 1, 3, 8, 12, 17, 32, 33, 63 })
            for (int i = 0; i < 6; i++)
            {
                long v = random.NextInt64(-(1L << 40), 1L << 40);
                p.Case($"ap_int<{w}>({v}LL)", WrapSigned(v, w));
                p.Case($"ap_uint<{w}>({v}LL)", WrapUnsigned(v, w));
            }
        // Arithmetic at full precision, wrapped only when stored.
        p.Statement("ap_int<8> a = 100, b = 100, c = a + b; ap_int<8> d = 120; d += 10; ap_uint<4> e = 15; e += 1;");
        p.Case("a * b", 10000);
        p.Case("a + b", 200);
        p.Case("c", -56);
        p.Case("d", -126);
        p.Case("e", 0);
        p.Statement("ap_int<64> big = ap_int<32>(2147483647); big = big * ap_int<64>(2147483647);");
        p.Case("big", 2147483647L * 2147483647L);
        p.Case("(ap_int<64>(-5) + ap_int<64>(2)) >> 1", -2);
        // Fixed point: every quantization mode on ties and non-ties, positive and negative.
        string[] quantization = ["AP_TRN", "AP_TRN_ZERO", "AP_RND", "AP_RND_ZERO", "AP_RND_MIN_INF", "AP_RND_INF", "AP_RND_CONV"];
        double[] values = [2.5, -2.5, 3.5, -3.5, 2.25, -2.25, 2.75, -2.75, 0.125, -0.125, 1.375, -1.625];
        foreach (var q in quantization)
            foreach (double x in values)
            {
                // ap_fixed<8, 6>: two fraction bits (ties at odd multiples of 1/8).
                p.Case($"ap_fixed<8, 6, {q}>({x.ToString("R", CultureInfo.InvariantCulture)}).raw()", Overflow(Quantize(x * 4, q), 8, true, "AP_WRAP"));
                // ap_fixed<6, 5>: one fraction bit, so x.25 and x.75 are ties.
                p.Case($"ap_fixed<6, 5, {q}>({x.ToString("R", CultureInfo.InvariantCulture)}).raw()", Overflow(Quantize(x * 2, q), 6, true, "AP_WRAP"));
            }
        // Overflow modes: ap_fixed<6, 3> holds [-4, 3.875]; ap_ufixed<6, 3> holds [0, 7.875].
        foreach (var o in new[] { "AP_WRAP", "AP_SAT", "AP_SAT_ZERO", "AP_SAT_SYM" })
            foreach (double x in new[] { 5.5, -6.25, 3.875, -4.0, 17.0, -17.125, 100.0 })
            {
                string text = x.ToString("R", CultureInfo.InvariantCulture);
                if (o != "AP_SAT_SYM" || x != -4.0)
                    p.Case($"ap_fixed<6, 3, AP_TRN, {o}>({text}).raw()", Overflow(Quantize(x * 8, "AP_TRN"), 6, true, o));
                p.Case($"ap_ufixed<6, 3, AP_TRN, {o}>({text}).raw()", Overflow(Quantize(x * 8, "AP_TRN"), 6, false, o));
            }
        p.Case("ap_fixed<10, 4, AP_RND, AP_SAT>(1.7).to_double() * 1024", (long)(Math.Floor(1.7 * 64 + 0.5) / 64 * 1024));
        p.Case("ap_fixed<8, 4, AP_RND>(ap_fixed<12, 4>(1.4375)).raw()", (long)Math.Floor(1.4375 * 16 + 0.5));
        // hls::stream: FIFO order, size and emptiness.
        p.Statement("hls::stream<ap_int<8> > s(\"s\"); s.write(3); s << ap_int<8>(-4); s.write(300);");
        p.Case("s.size()", 3);
        p.Case("s.read()", 3);
        p.Statement("ap_int<8> r; s >> r;");
        p.Case("r", -4);
        p.Case("s.read()", 44);
        p.Case("s.empty()", 1);

        using var temp = new TempFolder();
        File.WriteAllText(temp.Combine("compat_test.cpp"), p.Source);
        string kernels = Path.Combine(TemplateRenderer.DefaultFolder, "kernels");
        var build = CsimRunner.Execute("g++", [.. CsimRunner.StrictFlags.Split(' '), "-I" + kernels, "-o", "compat_test", "compat_test.cpp"], temp.Path);
        Assert.That(build.Code, Is.Zero, build.Stderr);
        var run = Gxx.Execute(temp.Combine("compat_test"), "", temp.Path);
        Assert.That(run.Code, Is.Zero, run.Stderr);
        var got = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var lines = p.Source.Split('\n').Where(l => l.Contains("printf", StringComparison.Ordinal)).ToArray();
        Assert.That(got, Has.Length.EqualTo(p.Expected.Count));
        using (Assert.EnterMultipleScope())
            for (int i = 0; i < got.Length; i++)
                Assert.That(got[i], Is.EqualTo(p.Expected[i]), lines[i].Trim());
    }

    [Test]
    public void Vendor_headers_win_when_installed()
    {
        using var temp = new TempFolder();
        // A stand-in <ap_int.h> on the include path must be picked instead of the compat header.
        Directory.CreateDirectory(temp.Combine("vendor"));
        File.WriteAllText(temp.Combine("vendor", "ap_int.h"), "#define VENDOR_AP_INT 1\ntemplate <int W> struct ap_int { long long v; };\n");
        File.WriteAllText(temp.Combine("vendor", "ap_fixed.h"), "");
        File.WriteAllText(temp.Combine("vendor", "hls_stream.h"), "");
        File.WriteAllText(temp.Combine("probe.cpp"), "#include \"zf_ap.h\"\n#include <cstdio>\nint main() { std::printf(\"%d %d\\n\", VENDOR_AP_INT, ZF_AP_XILINX); return 0; }\n");
        string kernels = Path.Combine(TemplateRenderer.DefaultFolder, "kernels");
        var build = CsimRunner.Execute("g++", [.. CsimRunner.StrictFlags.Split(' '), "-I" + kernels, "-Ivendor", "-o", "probe", "probe.cpp"], temp.Path);
        Assert.That(build.Code, Is.Zero, build.Stderr);
        Assert.That(Gxx.Execute(temp.Combine("probe"), "", temp.Path).Stdout.Trim(), Is.EqualTo("1 1"));
    }
}
