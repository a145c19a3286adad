using ZooForge.Emit;
using ZooForge.Emit.Csim;
using ZooForge.Emit.Passes;
using ZooForge.Flow.Check;

namespace ZooForge.Flow.Check.HlsSteps;

/// <summary>
/// <c>hls.count</c>: builds the emitted project's instrumented csim (<c>-DZF_COUNT</c>), runs it on
/// one image and holds its counts against the performance model entry by entry
/// (<see cref="ModelAgreement"/>). Weight beats and compute trips must equal the model's terms on
/// every costed entry; the activation beats and the cycles are reported, since the activation
/// ports still move one value per beat (issue 17).
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
        var wrong = costed.Where(r => !r.WeightsAgree || !r.ComputeAgrees).Select(r => $"'{r.Entry.Name}'").ToArray();
        double countedCycles = costed.Sum(r => r.Counted.Cycles), modelCycles = costed.Sum(r => r.Modelled!.Value.Cycles);
        double countedInput = costed.Sum(r => r.Counted.InputBeats), modelInput = costed.Sum(r => r.Modelled!.Value.InputCycles);
        var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal)
        {
            ["entries"] = costed.Length, ["disagreeing_entries"] = wrong.Length,
            ["counted_cycles"] = countedCycles, ["model_cycles"] = Math.Round(modelCycles),
            ["input_beats_over_model"] = Math.Round(countedInput / Math.Max(1, modelInput), 3),
        };
        string figures = $"counted {countedCycles:0} vs model {modelCycles:0} cycles; activation input beats {countedInput / Math.Max(1, modelInput):0.00}x the model's";
        return wrong.Length == 0
            ? CheckOutcome.Pass($"weight beats and compute trips equal the model on all {costed.Length} costed entries; {figures}", metrics)
            : CheckOutcome.Fail($"weight beats or compute trips differ from the model on {string.Join(", ", wrong.Take(5))}; {figures}", metrics);
    }
}
