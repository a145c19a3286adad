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
    /// <summary>
    /// Lints the project's sources four times: with the testbench as top (every module elaborated,
    /// the engine with its simulated lane slice), and with the PE array, the tile engine and the
    /// layer engine as top at the design's full Tm.
    /// </summary>
    /// <exception cref="ToolMissingException">Verilator is not installed.</exception>
    public static LintResult Run(RtlProject project)
    {
        var messages = new List<string>();
        bool clean = true;
        var elapsed = TimeSpan.Zero;
        foreach (var top in new[] { RtlTemplates.TestbenchTop, RtlTemplates.PeArray, RtlTemplates.TileEngine, RtlTemplates.LayerEngine })
        {
            var run = ExternalTool.Verilator.Run(
                ["--lint-only", "-Wall", "--timing", "--top-module", top, .. project.Sources.Select(Path.GetFileName)!],
                project.Folder, TimeSpan.FromMinutes(5));
            var found = run.Combined.Split('\n').Where(l => l.StartsWith("%Warning", StringComparison.Ordinal) || l.StartsWith("%Error", StringComparison.Ordinal)).ToList();
            messages.AddRange(found);
            clean &= run.ExitCode == 0 && found.Count == 0;
            elapsed += run.Elapsed;
        }
        return new LintResult(clean, messages, elapsed);
    }
}
