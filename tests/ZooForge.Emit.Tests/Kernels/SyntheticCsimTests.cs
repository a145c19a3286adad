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

    private static IEnumerable<TestCaseData> EngineVariants()
    {
        yield return new TestCaseData("large_kernels", false).SetName("Csim_matches_reference_on_engine(large_kernels on Tk=3)");
        yield return new TestCaseData("large_kernels", true).SetName("Csim_matches_reference_on_engine(large_kernels on a dense Tk=3)");
        yield return new TestCaseData("all_ops", true).SetName("Csim_matches_reference_on_engine(all_ops on a dense engine)");
    }

    /// <summary>
    /// Kernels larger than Tk run as Tk×Tk passes, and pattern-pruned layers run on a dense
    /// engine as all their taps: both must still reproduce the integer reference exactly.
    /// </summary>
    [TestCaseSource(nameof(EngineVariants))]
    public void Csim_matches_reference_on_engine(string name, bool dense)
    {
        using var temp = new TempFolder();
        var (network, inputs) = name == "all_ops" ? SyntheticNetworks.AllOps(images: 4) : SyntheticNetworks.LargeKernels();
        var design = name == "all_ops"
            ? SyntheticNetworks.WriteDesign(temp.Combine("design"), network, dense: dense)
            : SyntheticNetworks.WriteDesign(temp.Combine("design"), network, SyntheticNetworks.DecomposingTiling, SyntheticNetworks.DecomposingDepthwise, dense: dense);
        var result = HlsEmitter.Emit(design, temp.Combine("out"), new EmitOptions { Inputs = inputs });
        var convs = result.Model.Layers.Where(l => l.Kind is "ZF_CONV" or "ZF_DWCONV").ToList();
        if (name != "all_ops")
            Assert.That(convs.Where(l => l.K > l.Kw).Select(l => l.Name), Is.EqualTo(new[] { "conv7", "dw5" }), "the 7x7 and 5x5 kernels run as 3x3 passes");
        if (dense)
            Assert.That(convs.All(l => l.Ids == 0), "a dense engine stores no pattern ids");
        Gxx.Make(result.Folder);
        var run = CsimRunner.Run(result.Folder, network.Name);
        Assert.That(run.Code, Is.Zero, run.Stdout + run.Stderr);
        Assert.That(run.Stdout, Does.Contain($"{inputs.Count} images, {network.Ops.Count} ops each").And.Contain(" 0 mismatches").And.Contain("PASS"));
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
