using ZooForge.TestSupport;
using ZooForge.Compression.Quantization;
using ZooForge.Emit.Csim;
using ZooForge.Emit.Tests.Support;
using ZooForge.Graph.Zoo.Mnist;

namespace ZooForge.Emit.Tests.Kernels;

/// <summary>
/// The acceptance test: for every compressed zoo model (the default designs), the generated
/// project built with <c>g++ -std=c++17 -O2 -Wall -Wextra -Werror</c> reproduces the integer
/// reference bit for bit on 200 held-out digits — every op's output and the final logits and
/// predictions. Prints emit, build and csim times.
/// </summary>
[TestFixture, Category("Data")]
public sealed class ZooCsimTests
{
    /// <summary>Held-out digits per model.</summary>
    public const int Images = 200;

    private static IEnumerable<TestCaseData> Designs() => Repository.DefaultDesigns().Select(d => new TestCaseData(d).SetName($"Zoo_csim_is_bit_exact({d})"));

    [TestCaseSource(nameof(Designs))]
    public void Zoo_csim_is_bit_exact(string design)
    {
        using var temp = new TempFolder();
        var result = HlsEmitter.Emit(Repository.DesignFile(design), temp.Combine(design), new EmitOptions { Images = Images, Digits = Digits.Validation });
        var build = Gxx.Make(result.Folder);
        var csim = CsimRunner.Run(result.Folder, design);
        TestContext.Out.WriteLine($"{design}: emit {result.Elapsed.TotalSeconds:0.00} s ({Images} golden images), g++ build {build.Elapsed.TotalSeconds:0.00} s, csim {csim.Elapsed.TotalSeconds:0.00} s");
        TestContext.Out.WriteLine(csim.Stdout.TrimEnd());
        // The testbench compares the ops of the emitted model; the reference wrote one golden file per op of the
        // network. They must be the same ops, or an op the emitter dropped would go unchecked.
        int referenceOps = Directory.GetFiles(Path.Combine(result.Folder, "tb_data", "image_0000"), "op_*.txt").Length;
        Assert.That(result.Model.Ops, Has.Count.EqualTo(referenceOps), "ops compared by the testbench = ops of the integer reference");
        Assert.That(csim.Code, Is.Zero, csim.Stdout + csim.Stderr);
        Assert.That(csim.Stdout, Does.Contain($"{Images} images, {referenceOps} ops each").And.Contain(" 0 mismatches")
            .And.Contain($"predictions equal to the reference: {Images}/{Images}").And.Contain("PASS"));
    }

    /// <summary>
    /// The designs above are every zoo model, compressed: one default design per MNIST zoo
    /// architecture, its network pattern-pruned. Without this, deleting a design folder would
    /// quietly shrink the acceptance test.
    /// </summary>
    [Test]
    public void Default_designs_cover_every_zoo_model_compressed()
    {
        var models = new List<string>();
        foreach (string design in Repository.DefaultDesigns())
        {
            var (document, network, _) = HlsEmitter.Load(Repository.DesignFile(design));
            Assert.That(document.Provenance.TryGetValue("model", out var model), $"{design}: provenance names its zoo model");
            models.Add(model!);
            Assert.That(network.Ops.OfType<QConv>().Any(c => c.Patterns is not null), $"{design}: the network is pattern-pruned");
        }
        Assert.That(models.Order(StringComparer.Ordinal), Is.EqualTo(MnistModels.Names.Order(StringComparer.Ordinal)));
    }
}
