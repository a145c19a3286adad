using System.Diagnostics;
using ZooForge.Compression.Quantization;
using ZooForge.Emit.Csim;
using ZooForge.Emit.Tests.Kernels;
using ZooForge.Emit.Tests.Support;
using ZooForge.Graph.Serialization;
using ZooForge.TestSupport;

namespace ZooForge.Emit.Tests.Csim;

/// <summary>
/// An ImageNet network end to end: torchvision's resnet18 (3×224×224, 1,000 classes) with
/// seeded weights, written as ONNX and imported, int8-quantised with calibration on 4 seeded
/// synthetic images, emitted for the ZCU102 design the DSE picks for it (dense 70×72 engine,
/// 32×32 tiles, Tk = 3, so the 7×7 stride-2 stem runs as 3×3 passes), built with the strict g++
/// flags and run in csim on one 224×224 image that was not a calibration image. The testbench
/// compares every op's output (3.4 M values, the 1,000 logits included) with the C# integer
/// reference's golden vectors. The project is emitted once for the fixture; the instrumented
/// build of it checks the counted weight beats and compute trips of every layer against the
/// performance model, and, when ZOOFORGE_XILINX_AP_INCLUDE is set, a copy is built and run
/// against Xilinx's ap_int headers. Prints the wall time of each phase. Without real weights
/// the prediction means nothing; the arithmetic is what is checked.
/// </summary>
[TestFixture, Category("Slow")]
public sealed class ResNet18CsimTests
{
    /// <summary>Images the activation ranges come from.</summary>
    private const int CalibrationImages = 4;

    private TempFolder _temp = null!;
    private EmitResult _emitted = null!;
    private QuantizedNetwork _network = null!;
    private string _design = null!;

    /// <summary>Wall times of the one-time setup's phases; NUnit shows no output of a OneTimeSetUp, so the csim test prints them.</summary>
    private readonly List<string> _setupTimes = [];

    private static T Timed<T>(string phase, Func<T> run, List<string>? record = null)
    {
        var clock = Stopwatch.StartNew();
        var result = run();
        string line = $"{phase}: {clock.Elapsed.TotalSeconds:0.0} s";
        TestContext.Out.WriteLine(line);
        record?.Add(line);
        return result;
    }

    private static void Timed(string phase, Action run) => Timed(phase, () => { run(); return 0; });

    [OneTimeSetUp]
    public void EmitOnce()
    {
        _temp = new TempFolder();
        var architecture = ImageNetResNet18.Architecture();
        var images = ImageNetResNet18.SyntheticImages(architecture.InputShape, CalibrationImages + 1, seed: 2026);
        var (imported, weights) = Timed("seeded weights, ONNX export and import", () =>
            ImageNetResNet18.ThroughOnnx(architecture, ImageNetResNet18.SeededWeights(architecture, seed: 18), _temp.Combine("resnet18.onnx")), _setupTimes);
        Assert.That(GraphJson.Write(imported), Is.EqualTo(GraphJson.Write(architecture)), "the ONNX import gives back torchvision's resnet18, layer names included");
        _network = Timed($"calibration on {CalibrationImages} images + int8 quantisation", () =>
            ImageNetResNet18.Quantize(imported, weights, images, CalibrationImages), _setupTimes);
        // The csim image is not one of the calibration images.
        var input = Quantizer.QuantizeInput(images.GetImage(CalibrationImages), _network);
        _design = ImageNetResNet18.WriteDesign(_temp.Combine("design"), _network);
        _emitted = Timed("emit (integer reference golden vectors included)", () =>
            HlsEmitter.Emit(_design, _temp.Combine("out"), new EmitOptions { Inputs = [input] }), _setupTimes);
    }

    [OneTimeTearDown]
    public void Clean() => _temp?.Dispose();

    [Test]
    public void ResNet18_csim_is_bit_exact_on_one_imagenet_image()
    {
        foreach (string line in _setupTimes) TestContext.Out.WriteLine($"(setup) {line}");
        Assert.That(_network.Tensors[_network.OutputName].Shape.Elements, Is.EqualTo(1000), "ImageNet logits");
        Assert.That(_emitted.Model.Layers.Where(l => l.Kind == "ZF_CONV" && l.K > l.Kw).Select(l => (l.Name, l.K, l.Kw)), Is.EqualTo(new[] { ("relu", 7, 3) }),
            "conv1 (fused with bn1 and relu) is the one decomposed layer");
        Timed("g++ build", () => Gxx.Make(_emitted.Folder));
        var csim = Timed("csim", () => CsimRunner.Run(_emitted.Folder, ImageNetResNet18.DesignName));
        TestContext.Out.WriteLine(csim.Stdout.TrimEnd());
        int referenceOps = Directory.GetFiles(Path.Combine(_emitted.Folder, "tb_data", "image_0000"), "op_*.txt").Length;
        Assert.That(_emitted.Model.Ops, Has.Count.EqualTo(referenceOps), "ops compared by the testbench = ops of the integer reference");
        Assert.That(csim.Code, Is.Zero, csim.Stdout + csim.Stderr);
        Assert.That(csim.Stdout, Does.Contain($"1 images, {referenceOps} ops each").And.Contain(" 0 mismatches")
            .And.Contain("predictions equal to the reference: 1/1").And.Contain("PASS"));
    }

    /// <summary>The instrumented csim on the same project: per layer, the counted beats and trips against the performance model.</summary>
    [Test]
    public void ResNet18_counted_csim_against_the_model()
    {
        var accelerator = HlsEmitter.Load(_design).Design.Accelerator;
        Timed("counted g++ build + run", () => CountedCsimTests.AssertCountsMatchTheModel(_emitted, ImageNetResNet18.DesignName, accelerator));
    }

    /// <summary>The same project against Xilinx's ap_int headers (ignored unless ZOOFORGE_XILINX_AP_INCLUDE names them).</summary>
    [Test]
    public void ResNet18_csim_passes_with_the_vendor_headers() =>
        Timed("vendor-header g++ build + csim", () => VendorHeaderCsimTests.AssertCsimPassesWithTheVendorHeaders(_emitted.Folder));
}
