using ZooForge.Rtl.Rendering;
using ZooForge.Rtl.Tools;

namespace ZooForge.Rtl.Simulation;

/// <summary>Outcome of <c>verilator --lint-only -Wall</c>: clean means exit code 0 and no warning.</summary>
/// <param name="Clean">No warning or error.</param>
/// <param name="Messages">Verilator's %Warning/%Error lines.</param>
/// <param name="Elapsed">Wall time.</param>
public sealed record LintResult(bool Clean, IReadOnlyList<string> Messages, TimeSpan Elapsed);

/// <summary>Lints every generated module with all of Verilator's warnings on.</summary>
public static class VerilatorLint
{
    /// <summary>Lints the project's sources (testbench top, so every module is elaborated).</summary>
    /// <exception cref="ToolMissingException">Verilator is not installed.</exception>
    public static LintResult Run(RtlProject project)
    {
        var run = ExternalTool.Verilator.Run(
            ["--lint-only", "-Wall", "--timing", "--top-module", RtlTemplates.TestbenchTop, .. project.Sources.Select(Path.GetFileName)!],
            project.Folder, TimeSpan.FromMinutes(5));
        var messages = run.Combined.Split('\n').Where(l => l.StartsWith("%Warning", StringComparison.Ordinal) || l.StartsWith("%Error", StringComparison.Ordinal)).ToList();
        return new LintResult(run.ExitCode == 0 && messages.Count == 0, messages, run.Elapsed);
    }
}
