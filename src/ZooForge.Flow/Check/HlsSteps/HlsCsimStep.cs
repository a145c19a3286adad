using ZooForge.Emit.Csim;
using ZooForge.Flow.Check;

namespace ZooForge.Flow.Check.HlsSteps;

/// <summary>
/// <c>hls.csim</c>: builds the emitted project with g++ (<see cref="CsimRunner.StrictFlags"/>) and
/// runs its testbench, which compares every op's output and the logits with the golden vectors
/// and exits non-zero on the first differing image.
/// </summary>
public sealed class HlsCsimStep : ICheckStep
{
    /// <inheritdoc />
    public string Name => "hls.csim";

    /// <inheritdoc />
    public IReadOnlyList<Type> Prerequisites => [typeof(HlsEmitStep)];

    /// <inheritdoc />
    public CheckOutcome Run(CheckContext context)
    {
        var folder = HlsEmitStep.ProjectFolder(context);
        var build = CsimRunner.Build(folder);
        if (build.Code != 0) return CheckOutcome.Fail("g++ build failed: " + FirstLines(build.Stderr + build.Stdout));
        var run = CsimRunner.Run(folder, context.Design.Name);
        var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal)
        {
            ["build_seconds"] = Math.Round(build.Elapsed.TotalSeconds, 3), ["run_seconds"] = Math.Round(run.Elapsed.TotalSeconds, 3),
        };
        string summary = FirstLines(run.Stdout.Split('\n').Where(l => l.Length > 0).TakeLast(1).FirstOrDefault() ?? "");
        return run.Code == 0
            ? CheckOutcome.Pass("bit-exact against the integer reference: " + summary, metrics)
            : CheckOutcome.Fail("csim differs from the integer reference: " + FirstLines(run.Stdout + run.Stderr), metrics);
    }

    private static string FirstLines(string text) =>
        string.Join(" | ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(3));
}
