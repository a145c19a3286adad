using ZooForge.Emit;
using ZooForge.Emit.Csim;
using ZooForge.Emit.Passes;
using ZooForge.Flow.Check;

namespace ZooForge.Flow.Check.HlsSteps;

/// <summary>
/// <c>hls.count</c>: builds the emitted project's instrumented csim (<c>-DZF_COUNT</c>), runs it on
/// one image and holds its counts against the performance model entry by entry
/// (<see cref="ModelAgreement"/>). Weight, activation input and output beats and compute trips
/// must equal the model's terms on every costed entry, and the cycles folded from the counted
/// trips must come within 5% of the model's, on every entry and in total.
/// </summary>
public sealed class HlsCountStep : ICheckStep
{
    /// <inheritdoc />
    public string Name => "hls.count";

    /// <inheritdoc />
    public IReadOnlyList<Type> Prerequisites => [typeof(HlsCsimStep)];

    /// <inheritdoc />
    public CheckOutcome Run(CheckContext context)
    {
        var folder = HlsEmitStep.ProjectFolder(context);
        var build = CsimRunner.BuildCounted(folder, context.Design.Name);
        if (build.Code != 0) return CheckOutcome.Fail("g++ build of the instrumented csim failed: " + build.Stderr.Split('\n').FirstOrDefault());
        var run = CsimRunner.RunCounted(folder, context.Design.Name);
        if (run.Code != 0) return CheckOutcome.Fail("the instrumented csim failed: " + run.Stdout.Split('\n').LastOrDefault(l => l.Length > 0));
        var (document, network, device) = HlsEmitter.Load(context.DesignPath);
        var model = EmitPipeline.Build(document, network, device);
        var rows = ModelAgreement.Compare(model, document.Accelerator, EntryCounts.Parse(run.Stdout));
        var costed = rows.Where(r => r.Modelled is not null).ToArray();
        var wrong = costed.Where(r => !r.Agrees || !r.CyclesWithin(ModelAgreement.CycleTolerance)).Select(r => $"'{r.Entry.Name}'").ToArray();
        double countedCycles = costed.Sum(r => r.Counted.Cycles), modelCycles = costed.Sum(r => r.Modelled!.Value.Cycles);
        double ratio = ModelAgreement.CycleRatio(rows);
        var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal)
        {
            ["entries"] = costed.Length, ["disagreeing_entries"] = wrong.Length,
            ["counted_cycles"] = countedCycles, ["model_cycles"] = Math.Round(modelCycles),
            ["model_over_counted_cycles"] = Math.Round(ratio, 4),
        };
        string figures = $"counted {countedCycles:0} vs model {modelCycles:0} cycles (ratio {ratio:0.000})";
        if (wrong.Length > 0)
            return CheckOutcome.Fail($"beats or trips differ from the model, or cycles by more than 5%, on {string.Join(", ", wrong.Take(5))}; {figures}", metrics);
        return Math.Abs(ratio - 1) <= ModelAgreement.CycleTolerance
            ? CheckOutcome.Pass($"weight, input and output beats and compute trips equal the model, and cycles are within 5% of it, on all {costed.Length} costed entries; {figures}", metrics)
            : CheckOutcome.Fail($"beats and trips agree but the model's cycles are not within 5% of the counted ones; {figures}", metrics);
    }
}
