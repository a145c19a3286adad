using ZooForge.Emit.Csim;
using ZooForge.Emit.Tests.Support;

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
        var result = HlsEmitter.Emit(Repository.DesignFile(design), temp.Combine(design), new EmitOptions { Images = Images, Digits = Repository.Validation });
        var build = Gxx.Make(result.Folder);
        var csim = CsimRunner.Run(result.Folder, design);
        TestContext.Out.WriteLine($"{design}: emit {result.Elapsed.TotalSeconds:0.00} s ({Images} golden images), g++ build {build.Elapsed.TotalSeconds:0.00} s, csim {csim.Elapsed.TotalSeconds:0.00} s");
        TestContext.Out.WriteLine(csim.Stdout.TrimEnd());
        Assert.That(csim.Code, Is.Zero, csim.Stdout + csim.Stderr);
        Assert.That(csim.Stdout, Does.Contain($"{Images} images, {result.Model.Ops.Count} ops each").And.Contain(" 0 mismatches")
            .And.Contain($"predictions equal to the reference: {Images}/{Images}").And.Contain("PASS"));
    }
}
