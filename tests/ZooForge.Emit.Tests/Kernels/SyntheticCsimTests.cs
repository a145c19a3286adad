using ZooForge.TestSupport;
using ZooForge.Compression.Quantization;
using ZooForge.Emit.Csim;
using ZooForge.Emit.Tests.Support;

namespace ZooForge.Emit.Tests.Kernels;

/// <summary>
/// The generated project of small synthetic networks, built with the strict g++ flags and run
/// against the integer reference's golden vectors: every op kind, edge tiles in every
/// dimension (tiles of 2×3 pixels and 4×3 channels over odd sizes), pruned kernels and mixed
/// pattern sizes. Also checks the testbench catches a wrong value.
/// </summary>
[TestFixture]
public sealed class SyntheticCsimTests
{
    private static IEnumerable<TestCaseData> Networks()
    {
        yield return new TestCaseData("all_ops").SetName("Csim_matches_reference(all_ops)");
        yield return new TestCaseData("dense").SetName("Csim_matches_reference(dense)");
        yield return new TestCaseData("all_ops_int12").SetName("Csim_matches_reference(all_ops_int12)");
    }

    private static (QuantizedNetwork Network, IReadOnlyList<int[]> Inputs) Network(string name) =>
        name switch
        {
            "all_ops" => SyntheticNetworks.AllOps(),
            "all_ops_int12" => SyntheticNetworks.AllOps(bits: 12),
            _ => SyntheticNetworks.DenseOnly(),
        };

    [TestCaseSource(nameof(Networks))]
    public void Csim_matches_reference(string name)
    {
        using var temp = new TempFolder();
        var (network, inputs) = Network(name);
        var design = SyntheticNetworks.WriteDesign(temp.Combine("design"), network, dataBits: network.Bits);
        var result = HlsEmitter.Emit(design, temp.Combine("out"), new EmitOptions { Inputs = inputs });
        Assert.That(result.Model.WeightStorage, Is.EqualTo(network.Bits <= 8 ? "int8_t" : "int16_t"));
        Gxx.Make(result.Folder);
        var run = CsimRunner.Run(result.Folder, network.Name);
        Assert.That(run.Code, Is.Zero, run.Stdout + run.Stderr);
        Assert.That(run.Stdout, Does.Contain($"{inputs.Count} images, {network.Ops.Count} ops each").And.Contain(" 0 mismatches").And.Contain("PASS"));
    }

    [Test]
    public void Testbench_reports_a_wrong_value_and_fails()
    {
        using var temp = new TempFolder();
        var (network, inputs) = SyntheticNetworks.AllOps(images: 2);
        var design = SyntheticNetworks.WriteDesign(temp.Combine("design"), network);
        var result = HlsEmitter.Emit(design, temp.Combine("out"), new EmitOptions { Inputs = inputs });
        // op 6 is "avgpool": change its third value in image 1.
        string golden = Path.Combine(result.Folder, "tb_data", "image_0001", "op_006.txt");
        var lines = File.ReadAllLines(golden);
        lines[2] = (int.Parse(lines[2]) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
        File.WriteAllText(golden, string.Join('\n', lines) + "\n");
        Gxx.Make(result.Folder);
        var run = CsimRunner.Run(result.Folder, network.Name);
        Assert.That(run.Code, Is.EqualTo(1));
        Assert.That(run.Stdout, Does.Contain("MISMATCH image 1 op 6 'avgpool' (avgpool) element 2").And.Contain(" 1 mismatches").And.Contain("FAIL"));
    }
}
