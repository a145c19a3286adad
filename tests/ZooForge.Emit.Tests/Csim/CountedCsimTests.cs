using ZooForge.TestSupport;
using ZooForge.Emit.Csim;
using ZooForge.Emit.Model;
using ZooForge.Emit.Tests.Support;

namespace ZooForge.Emit.Tests.Csim;

/// <summary>
/// The performance model against the emitted loops, per schedule entry of every default design:
/// the instrumented csim (<c>-DZF_COUNT</c>) counts the beats and trips the kernels execute on
/// one image, and <see cref="ZooForge.Hardware.Performance.ZooForgeLatencyModel"/> is evaluated on the same entries
/// (<see cref="ScheduleWorkloads"/>). Weight, input and output beats and compute trips must equal
/// the model's terms per entry, and the cycles folded from the counted trips (the engine's own
/// stage schedule, zf_stage_clock) must come within 5% of the model's, per entry and in total.
/// Every entry of these designs is costed (convolutions, pooling, additions, concatenations);
/// a flatten is a view and runs no entry. Prints the table the README quotes.
/// </summary>
[TestFixture, Category("Data")]
public sealed class CountedCsimTests
{
    private static IEnumerable<TestCaseData> Designs() =>
        Repository.DefaultDesigns().Select(d => new TestCaseData(d).SetName($"Counted_csim_against_the_model({d})"));

    [TestCaseSource(nameof(Designs))]
    public void Counted_csim_against_the_model(string design)
    {
        using var temp = new TempFolder();
        var result = HlsEmitter.Emit(Repository.DesignFile(design), temp.Combine(design), new EmitOptions { Images = 1, Digits = Digits.Validation });
        AssertCountsMatchTheModel(result, design, HlsEmitter.Load(Repository.DesignFile(design)).Design.Accelerator);
    }

    /// <summary>Kernels larger than Tk: the passes the kernels run are the passes the model charges.</summary>
    [Test]
    public void Counted_csim_against_the_model_with_decomposed_kernels()
    {
        using var temp = new TempFolder();
        var (network, inputs) = SyntheticNetworks.LargeKernels(images: 1);
        var design = SyntheticNetworks.WriteDesign(temp.Combine("design"), network, SyntheticNetworks.DecomposingTiling, SyntheticNetworks.DecomposingDepthwise);
        var result = HlsEmitter.Emit(design, temp.Combine("out"), new EmitOptions { Inputs = inputs });
        Assert.That(result.Model.Layers.Count(l => l.K > l.Kw), Is.EqualTo(2), "the 7x7 conv and the 5x5 depthwise are decomposed");
        AssertCountsMatchTheModel(result, network.Name, HlsEmitter.Load(design).Design.Accelerator);
    }

    /// <summary>Builds and runs the instrumented csim of <paramref name="result"/> and asserts, per costed entry, weight beats and compute trips plus fill equal to the model's terms; prints the table.</summary>
    internal static void AssertCountsMatchTheModel(EmitResult result, string design, ZooForge.Hardware.Accelerator.AcceleratorDesign accelerator)
    {
        var build = CsimRunner.BuildCounted(result.Folder, design);
        Assert.That(build.Code, Is.Zero, build.Stdout + build.Stderr);
        var run = CsimRunner.RunCounted(result.Folder, design);
        Assert.That(run.Code, Is.Zero, run.Stdout + run.Stderr);
        var counts = EntryCounts.Parse(run.Stdout);
        var rows = ModelAgreement.Compare(result.Model, accelerator, counts);
        Assert.That(rows.Count(r => r.Modelled is not null && r.Entry.Kind is "ZF_CONV" or "ZF_DWCONV"), Is.GreaterThan(0), "the design has costed convolutions");
        TestContext.Out.WriteLine($"{design}: entry, kind, name | weight beats counted/model | compute trips+fill counted/model | input beats counted/model | output beats counted/model | cycles counted/model");
        foreach (var row in rows)
        {
            var (entry, counted) = (row.Entry, row.Counted);
            if (row.Modelled is not { } modelled)
            {
                TestContext.Out.WriteLine($"  {counted.Entry,3} {entry.Kind,-11} {entry.Name,-28} not costed by the model; counted {counted.Cycles} cycles");
                continue;
            }
            TestContext.Out.WriteLine(
                $"  {counted.Entry,3} {entry.Kind,-11} {entry.Name,-28} | {counted.WeightBeats,7}/{modelled.WeightCycles,-7} | {row.CountedCompute,8}/{modelled.ComputeCycles,-8}"
                + $" | {counted.InputBeats,7}/{modelled.InputCycles,-7} | {counted.OutputBeats,6}/{modelled.OutputCycles,-6} | {counted.Cycles,8}/{modelled.Cycles,-8:0}");
            Assert.Multiple(() =>
            {
                Assert.That(counted.WeightBeats, Is.EqualTo(modelled.WeightCycles), $"entry {counted.Entry} '{entry.Name}': weight beats");
                Assert.That(row.CountedCompute, Is.EqualTo(modelled.ComputeCycles), $"entry {counted.Entry} '{entry.Name}': compute trips plus the pipeline fill per step");
                Assert.That(counted.InputBeats, Is.EqualTo(modelled.InputCycles), $"entry {counted.Entry} '{entry.Name}': activation input beats");
                Assert.That(counted.OutputBeats, Is.EqualTo(modelled.OutputCycles), $"entry {counted.Entry} '{entry.Name}': activation output beats");
                Assert.That(counted.Cycles, Is.InRange((1 - ModelAgreement.CycleTolerance) * modelled.Cycles, (1 + ModelAgreement.CycleTolerance) * modelled.Cycles), $"entry {counted.Entry} '{entry.Name}': counted-trip cycles within 5% of the model's");
            });
        }
        var costed = rows.Where(r => r.Modelled is not null).ToArray();
        Assert.That(costed, Has.Length.EqualTo(rows.Count), "every entry is costed by the model");
        double ratio = ModelAgreement.CycleRatio(rows);
        var usage = ZooForge.Hardware.Resources.ResourceModel.Estimate(accelerator);
        TestContext.Out.WriteLine($"{design}: model {costed.Sum(r => r.Modelled!.Value.Cycles):0} cycles, counted trips {costed.Sum(r => r.Counted.Cycles)} cycles, ratio {ratio:0.0000};"
            + $" resource model: DSP {usage.Dsp}, BRAM18 {usage.Bram18}, LUT {usage.Lut}, FF {usage.Ff}, port bits {usage.PortBits}");
        Assert.That(ratio, Is.InRange(1 - ModelAgreement.CycleTolerance, 1 + ModelAgreement.CycleTolerance), "modelled cycles within 5% of the counted trips' cycles");
    }
}
