using ZooForge.Rtl.Simulation;

namespace ZooForge.Flow.Check.RtlSteps;

/// <summary><c>rtl.lint</c>: <c>verilator --lint-only -Wall</c> on every generated module must be silent.</summary>
public sealed class LintStep : ICheckStep
{
    /// <inheritdoc />
    public string Name => "rtl.lint";

    /// <inheritdoc />
    public IReadOnlyList<Type> Prerequisites => [typeof(RenderStep)];

    /// <inheritdoc />
    public CheckOutcome Run(CheckContext context)
    {
        var lint = VerilatorLint.Run(context.RequireProject());
        var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal) { ["warnings"] = lint.Messages.Count };
        return lint.Clean
            ? CheckOutcome.Pass("verilator --lint-only -Wall: clean", metrics)
            : CheckOutcome.Fail($"verilator --lint-only -Wall: {lint.Messages.Count} message(s), first: {lint.Messages.FirstOrDefault() ?? "(exit code only)"}", metrics);
    }
}
