using ZooForge.Core.Errors;
using System.Globalization;
using System.Text.RegularExpressions;
using ZooForge.Rtl.Rendering;
using ZooForge.Rtl.Tools;

namespace ZooForge.Rtl.Simulation;

/// <summary>What the tile testbench printed on its RESULT line.</summary>
/// <param name="Passed">Every checked output equal to the reference, all pixels seen.</param>
/// <param name="Errors">Mismatching outputs.</param>
/// <param name="Checked">Outputs compared (active lanes × pixels).</param>
/// <param name="ComputeCycles">Cycles from the first issue to the last sums of the last step.</param>
/// <param name="RequantCycles">Cycles of the requantize/store phase.</param>
/// <param name="LaneGroups">Runs of the tile, one per group of simulated lanes.</param>
/// <param name="Lanes">Lanes of the simulated engine.</param>
/// <param name="Mismatches">The first MISMATCH (and TIMEOUT, CYCLES) lines.</param>
/// <param name="BuildTime">Verilator build time.</param>
/// <param name="RunTime">Simulation time.</param>
public sealed record SimulationResult(bool Passed, int Errors, int Checked, long ComputeCycles, long RequantCycles,
    int LaneGroups, int Lanes, IReadOnlyList<string> Mismatches, TimeSpan BuildTime, TimeSpan RunTime);

/// <summary>An RTL simulation could not be built or did not report a result.</summary>
public sealed class SimulationException(string message) : ZooForgeException(message);

/// <summary>
/// Builds the tile testbench with <c>verilator --binary --timing</c> (the testbench is plain
/// SystemVerilog: no C++ harness to maintain) and runs it in the RTL folder, where its
/// <c>$readmemh</c> files are.
/// </summary>
public static partial class TileSimulation
{
    /// <summary>Builds into <paramref name="buildFolder"/> and runs; <paramref name="trace"/> also writes <c>tb_tile.fst</c>.</summary>
    /// <exception cref="ToolMissingException">Verilator is not installed.</exception>
    /// <exception cref="SimulationException">The build failed or the testbench printed no RESULT line.</exception>
    public static SimulationResult Run(RtlProject project, string buildFolder, bool trace = false)
    {
        Directory.CreateDirectory(buildFolder);
        string top = RtlTemplates.TestbenchTop;
        // The C++ is compiled without optimisation: a tile runs a few thousand cycles, so the
        // compile dominates (mnist_resnet_p4_int8, 16 lanes x Tn 16: 28 s of CPU at -O0 against
        // 39 s at Verilator's default -Os) and the run still takes a fraction of a second.
        var arguments = new List<string>
        {
            "--binary", "--timing", "-j", "1", "-O2", "-Wno-fatal", "--top-module", top, "-Mdir", Path.GetFullPath(buildFolder),
            "-MAKEFLAGS", "OPT_FAST=-O0 OPT_SLOW=-O0 OPT_GLOBAL=-O0",
        };
        if (trace) arguments.Add("--trace-fst");
        arguments.AddRange(project.Sources);
        var build = ExternalTool.Verilator.Run(arguments, project.Folder, TimeSpan.FromMinutes(10));
        string binary = Path.Combine(Path.GetFullPath(buildFolder), "V" + top);
        if (build.ExitCode != 0 || !File.Exists(binary))
            throw new SimulationException($"verilator build of {top} failed (exit {build.ExitCode}): {Tail(build.Combined)}");
        var run = ExternalTool.RunProgram(binary, trace ? ["+trace"] : [], project.Folder, TimeSpan.FromMinutes(5));
        var match = ResultLine().Match(run.Output);
        if (!match.Success)
            throw new SimulationException($"{top} printed no RESULT line (exit {run.ExitCode}): {Tail(run.Combined)}");
        int Int(string name) => int.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture);
        var mismatches = run.Output.Split('\n').Where(l => l.StartsWith("MISMATCH", StringComparison.Ordinal) || l.StartsWith("TIMEOUT", StringComparison.Ordinal) || l.StartsWith("CYCLES", StringComparison.Ordinal)).ToList();
        return new SimulationResult(match.Groups["verdict"].Value == "PASS" && run.ExitCode == 0, Int("errors"), Int("checked"),
            Int("compute"), Int("requant"), Int("groups"), Int("lanes"), mismatches, build.Elapsed, run.Elapsed);
    }

    private static string Tail(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return string.Join(" | ", lines.Skip(Math.Max(0, lines.Length - 6)));
    }

    [GeneratedRegex(@"RESULT (?<verdict>PASS|FAIL) errors=(?<errors>\d+) checked=(?<checked>\d+) pixels=\d+ compute_cycles=(?<compute>\d+) requant_cycles=(?<requant>\d+) done=\d+ groups=(?<groups>\d+) lanes=(?<lanes>\d+)")]
    private static partial Regex ResultLine();
}
