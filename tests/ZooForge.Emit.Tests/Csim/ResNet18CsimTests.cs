using System.Diagnostics;
using ZooForge.Compression.Quantization;
using ZooForge.Emit.Csim;
using ZooForge.Emit.Tests.Support;
using ZooForge.Graph.Serialization;
using ZooForge.TestSupport;

namespace ZooForge.Emit.Tests.Csim;

/// <summary>
/// An ImageNet network end to end: torchvision's resnet18 (3×224×224, 1,000 classes, seeded
/// weights, int8 with calibration on seeded synthetic images) emitted for the ZCU102 design the
/// DSE picks for it, built with the strict g++ flags and run in csim on one 224×224 image. The
/// testbench compares every op's output (all 3.5 M activations, the logits included) with the
/// C# integer reference's golden vectors. The 7×7 stride-2 stem runs as 3×3 passes on the Tk = 3
/// engine. Prints the wall time of each phase.
/// </summary>
[TestFixture, Category("Slow")]
public sealed class ResNet18CsimTests
{
    [Test]
    public void ResNet18_csim_is_bit_exact_on_one_imagenet_image()
    {
        using var temp = new TempFolder();
        var clock = Stopwatch.StartNew();
        T Timed<T>(string phase, Func<T> run)
        {
            clock.Restart();
            var result = run();
            TestContext.Out.WriteLine($"{phase}: {clock.Elapsed.TotalSeconds:0.0} s");
            return result;
        }

        var architecture = ImageNetResNet18.Architecture();
        var images = ImageNetResNet18.SyntheticImages(architecture.InputShape, CalibrationImages + 1, seed: 2026);
        var (imported, weights) = Timed("seeded weights, ONNX export and import", () =>
            ImageNetResNet18.ThroughOnnx(architecture, ImageNetResNet18.SeededWeights(architecture, seed: 18), temp.Combine("resnet18.onnx")));
        Assert.That(GraphJson.Write(imported), Is.EqualTo(GraphJson.Write(architecture)), "the ONNX import gives back torchvision's resnet18, layer names included");
        var network = Timed($"calibration on {CalibrationImages} images + int8 quantisation", () =>
            ImageNetResNet18.Quantize(imported, weights, images, CalibrationImages));
        // The csim image is not one of the calibration images.
        var input = Quantizer.QuantizeInput(images.GetImage(CalibrationImages), network);
        string design = ImageNetResNet18.WriteDesign(temp.Combine("design"), network);
        var emitted = Timed("emit (integer reference golden vectors included)", () =>
            HlsEmitter.Emit(design, temp.Combine("out"), new EmitOptions { Inputs = [input] }));
        if (Environment.GetEnvironmentVariable("TMP_KEEP") is { } keep) { CopyDir(temp.Path, keep); }
        Assert.That(emitted.Model.Layers.Where(l => l.Kind == "ZF_CONV" && l.K > l.Kw).Select(l => (l.Name, l.K, l.Kw)), Is.EqualTo(new[] { ("relu", 7, 3) }),
            "conv1 (fused with bn1 and relu) is the one decomposed layer");
        var build = Timed("g++ build", () => Gxx.Make(emitted.Folder));
        var csim = Timed("csim", () => CsimRunner.Run(emitted.Folder, ImageNetResNet18.DesignName));
        TestContext.Out.WriteLine(csim.Stdout.TrimEnd());

        int referenceOps = Directory.GetFiles(Path.Combine(emitted.Folder, "tb_data", "image_0000"), "op_*.txt").Length;
        Assert.That(emitted.Model.Ops, Has.Count.EqualTo(referenceOps), "ops compared by the testbench = ops of the integer reference");
        Assert.That(csim.Code, Is.Zero, csim.Stdout + csim.Stderr);
        Assert.That(csim.Stdout, Does.Contain($"1 images, {referenceOps} ops each").And.Contain(" 0 mismatches")
            .And.Contain("predictions equal to the reference: 1/1").And.Contain("PASS"));
        Assert.That(network.Tensors[network.OutputName].Shape.Elements, Is.EqualTo(1000), "ImageNet logits");
    }

    private static void CopyDir(string from, string to)
    {
        foreach (var f in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            var dst = Path.Combine(to, Path.GetRelativePath(from, f));
            Directory.CreateDirectory(Path.GetDirectoryName(dst)!);
            File.Copy(f, dst, true);
        }
    }

    /// <summary>Images the activation ranges come from.</summary>
    private const int CalibrationImages = 4;
}
