using ZooForge.Emit.Csim;
using ZooForge.Emit.Model;
using ZooForge.Emit.Tests.Support;
using ZooForge.Hardware.Performance;

namespace ZooForge.Emit.Tests.Csim;

/// <summary>
/// The performance model against the emitted loops, per schedule entry of every default design:
/// the instrumented csim (<c>-DZF_COUNT</c>) counts the beats and trips the kernels execute on
/// one image, and <see cref="ZooForgeLatencyModel"/> is evaluated on the same entries
/// (<see cref="ScheduleWorkloads"/>). Prints the table the README quotes.
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
        var result = HlsEmitter.Emit(Repository.DesignFile(design), temp.Combine(design), new EmitOptions { Images = 1, Digits = Repository.Validation });
        var build = CsimRunner.BuildCounted(result.Folder, design);
        Assert.That(build.Code, Is.Zero, build.Stdout + build.Stderr);
        var run = CsimRunner.RunCounted(result.Folder, design);
        Assert.That(run.Code, Is.Zero, run.Stdout + run.Stderr);
        var counts = EntryCounts.Parse(run.Stdout);
        Assert.That(counts.Select(c => c.Entry), Is.EqualTo(Enumerable.Range(0, result.Model.Layers.Count)), "one count line per schedule entry");

        var accelerator = HlsEmitter.Load(Repository.DesignFile(design)).Design.Accelerator;
        var model = new ZooForgeLatencyModel();
        TestContext.Out.WriteLine($"{design}: entry, kind, name | weight beats counted/model | compute trips+fill counted/model | input beats counted/model | output beats counted/model | cycles counted/model");
        foreach (var counted in counts)
        {
            var entry = result.Model.Layers[counted.Entry];
            if (ScheduleWorkloads.Of(entry) is not { } workload)
            {
                TestContext.Out.WriteLine($"  {counted.Entry,3} {entry.Kind,-11} {entry.Name,-28} not costed by the model; counted {counted.Cycles} cycles");
                continue;
            }
            var modelled = model.EvaluateLayer(workload, accelerator);
            int fill = ZooForgeLatencyModel.ComputePipelineDepth(entry.Kind == "ZF_DWCONV" ? 1 : accelerator.Conv.Tn);
            long computed = counted.ComputeTrips + counted.Steps * fill;
            TestContext.Out.WriteLine(
                $"  {counted.Entry,3} {entry.Kind,-11} {entry.Name,-28} | {counted.WeightBeats,7}/{modelled.WeightCycles,-7} | {computed,8}/{modelled.ComputeCycles,-8}"
                + $" | {counted.InputBeats,7}/{modelled.InputCycles,-7} | {counted.OutputBeats,6}/{modelled.OutputCycles,-6} | {counted.Cycles,8}/{modelled.Cycles,-8:0}");
            Assert.Multiple(() =>
            {
                Assert.That(counted.WeightBeats, Is.EqualTo(modelled.WeightCycles), $"entry {counted.Entry} '{entry.Name}': weight beats");
                Assert.That(computed, Is.EqualTo(modelled.ComputeCycles), $"entry {counted.Entry} '{entry.Name}': compute trips plus the pipeline fill per step");
            });
        }
    }
}
