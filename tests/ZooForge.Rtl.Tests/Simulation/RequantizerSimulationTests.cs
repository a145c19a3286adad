using ZooForge.TestSupport;
using System.Globalization;
using System.Text;
using ZooForge.Compression.Golden;
using ZooForge.Compression.Quantization;
using ZooForge.Rtl.Rendering;
using ZooForge.Rtl.Tools;

namespace ZooForge.Rtl.Tests.Simulation;

/// <summary>
/// The generated requantizer against <see cref="Requantizer.Requantize"/> on its edge cases —
/// halves rounding up (−2.5 → −2, 2.5 → 3), shift 0, large shifts, saturation at both bounds,
/// ReLU bounds — and random cases, simulated with Verilator.
/// </summary>
[Category("Rtl")]
public class RequantizerSimulationTests
{
    private const int Cases = 256;

    [Test]
    public void The_rtl_requantizer_is_the_reference_rounding()
    {
        using var temp = new TempFolder();
        var (_, model, _, _, _) = TinyDesigns.Tile("resnet_p4_int8");
        Assert.That(model.Bits, Is.EqualTo(8), "the fixture testbench is 8-bit");
        File.WriteAllText(Path.Combine(temp.Path, "zf_requantizer.sv"), RtlTemplates.Render("zf_requantizer", model));
        File.Copy(Path.Combine(TestContext.CurrentContext.TestDirectory, "Simulation", "tb_requantizer.sv"), Path.Combine(temp.Path, "tb_requantizer.sv"));

        var random = new Random(2026);
        var cases = new List<(int Acc, int M, int Shift, int Lo, int Hi)>
        {
            (5, 1 << 30, 32, -128, 127),            // 5·2^30 / 2^32 = 1.25 → 1
            (6, 1 << 30, 32, -128, 127),            // 1.5 → 2
            (-6, 1 << 30, 32, -128, 127),           // −1.5 → −1 (half up)
            (-10, 1 << 30, 32, -128, 127),          // −2.5 → −2
            (10, 1 << 30, 32, -128, 127),           // 2.5 → 3
            (-3, 1 << 30, 30, -128, 127),           // shift leaves −3
            (100, 1, 0, -128, 127),                 // shift 0
            (-100, 1, 0, 0, 127),                   // ReLU
            (int.MaxValue, int.MaxValue, 62, -128, 127),
            (int.MinValue, int.MaxValue, 62, -128, 127),
            (int.MinValue, int.MaxValue, 40, -128, 127), // saturates low
            (int.MaxValue, int.MaxValue, 40, -128, 127), // saturates high
            (1000, 1 << 30, 33, 0, 6),              // ReLU6-style bound
        };
        while (cases.Count < Cases)
            cases.Add((random.Next(int.MinValue, int.MaxValue), random.Next(1 << 30, int.MaxValue), random.Next(0, 63),
                random.Next(-128, 1), random.Next(0, 128)));
        var text = new StringBuilder();
        foreach (var (acc, m, shift, lo, hi) in cases)
            foreach (int word in new[] { acc, m, shift, lo, hi, Requantizer.Requantize(acc, m, shift, lo, hi) })
                text.Append(GoldenVectors.Hex(word, 32, 8)).Append('\n');
        File.WriteAllText(Path.Combine(temp.Path, "requantizer_cases.hex"), text.ToString());

        var build = ExternalTool.Verilator.Run(["--binary", "--timing", "-j", "1", "--top-module", "tb_requantizer", "-Mdir", "obj",
            "zf_requantizer.sv", "tb_requantizer.sv"], temp.Path, TimeSpan.FromMinutes(10));
        Assert.That(build.ExitCode, Is.Zero, build.Combined);
        var run = ExternalTool.RunProgram(Path.Combine(temp.Path, "obj", "Vtb_requantizer"), [], temp.Path, TimeSpan.FromMinutes(1));
        Assert.That(run.Output, Does.Contain($"RESULT PASS errors=0 checked={Cases.ToString(CultureInfo.InvariantCulture)}"), run.Output);
    }
}
