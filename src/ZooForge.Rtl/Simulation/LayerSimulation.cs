using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ZooForge.Rtl.Model;
using ZooForge.Rtl.Rendering;
using ZooForge.Rtl.Tools;

namespace ZooForge.Rtl.Simulation;

/// <summary>The memory model of the layer testbench: read latency and seeded random back-pressure.</summary>
/// <param name="Latency">Cycles added to every read burst (0: its first beat follows the address by one cycle).</param>
/// <param name="StallPercent">Chance in percent, per channel and cycle, that the memory refuses a read or write address or write beat, or sends no read beat.</param>
/// <param name="Seed">Random seed of the back-pressure.</param>
public sealed record MemoryTiming(int Latency = 0, int StallPercent = 0, int Seed = 1);

/// <summary>What a whole-layer simulation gave.</summary>
/// <param name="Passed">The layer finished with no traffic outstanding and every output equals the reference.</param>
/// <param name="Errors">Outputs that differ from the reference.</param>
/// <param name="Checked">Outputs compared (M·R·C).</param>
/// <param name="Cycles">Cycles from start to done.</param>
/// <param name="ComputeCycles">Cycles the tile engine spent issuing and draining.</param>
/// <param name="Reads">Words read from memory.</param>
/// <param name="Writes">Words written.</param>
/// <param name="ReadBursts">Read bursts.</param>
/// <param name="WriteBursts">Write bursts.</param>
/// <param name="Mismatches">The first few differing outputs and any TIMEOUT, BAD_ADDRESS, STRAY_WRITE or UNFINISHED_TRAFFIC line.</param>
/// <param name="RunTime">Simulation time.</param>
public sealed record LayerSimulationResult(bool Passed, int Errors, int Checked, long Cycles, long ComputeCycles, long Reads, long Writes,
    long ReadBursts, long WriteBursts, IReadOnlyList<string> Mismatches, TimeSpan RunTime);

/// <summary>A built layer testbench: the Verilator binary and the RTL folder it runs in.</summary>
/// <param name="Project">The rendered RTL.</param>
/// <param name="Binary">The testbench executable.</param>
/// <param name="BuildTime">Verilator build time.</param>
public sealed record LayerTestbench(RtlProject Project, string Binary, TimeSpan BuildTime);

/// <summary>
/// Builds <c>zf_layer_engine</c> with its C++ memory-model testbench (<c>verilator --cc --exe
/// --build</c>), runs one convolution from its memory image and compares the output region with
/// the integer reference. One build serves any number of runs (memory timings).
/// </summary>
public static partial class LayerSimulation
{
    /// <summary>The testbench's C++ file.</summary>
    public const string Testbench = "tb_layer.cpp";

    /// <summary>Renders the testbench into <paramref name="project"/>'s folder and builds it into <paramref name="buildFolder"/>.</summary>
    /// <exception cref="ToolMissingException">Verilator is not installed.</exception>
    /// <exception cref="SimulationException">The build failed.</exception>
    public static LayerTestbench Build(RtlProject project, string buildFolder)
    {
        File.WriteAllText(Path.Combine(project.Folder, Testbench), RtlTemplates.Render(Testbench, project.Model), new UTF8Encoding(false));
        Directory.CreateDirectory(buildFolder);
        string top = RtlTemplates.LayerEngine;
        // A layer runs 10^5..10^6 cycles, so the model is compiled lightly optimised (-O1), the
        // code run once at -O0: compile time is still most of the cost on a shared 2-core machine.
        var arguments = new List<string>
        {
            "--cc", "--exe", "--build", "-j", "1", "-O2", "--x-assign", "fast", "--x-initial", "fast", "-Wno-fatal",
            "--top-module", top, "-Mdir", Path.GetFullPath(buildFolder),
            "-MAKEFLAGS", "OPT_FAST=-O1 OPT_SLOW=-O0 OPT_GLOBAL=-O1",
        };
        arguments.AddRange(RtlTemplates.SourcesOf(top).Select(project.Source));
        arguments.Add(Path.Combine(project.Folder, Testbench));
        var build = ExternalTool.Verilator.Run(arguments, project.Folder, TimeSpan.FromMinutes(10));
        string binary = Path.Combine(Path.GetFullPath(buildFolder), "V" + top);
        if (build.ExitCode != 0 || !File.Exists(binary))
            throw new SimulationException($"verilator build of {top} failed (exit {build.ExitCode}): {Tail(build.Combined)}");
        return new LayerTestbench(project, binary, build.Elapsed);
    }

    /// <summary>Writes <paramref name="image"/> and the descriptor beside the RTL and runs the layer with <paramref name="timing"/>.</summary>
    /// <exception cref="SimulationException">The testbench printed no RESULT line.</exception>
    public static LayerSimulationResult Run(LayerTestbench testbench, RtlLayerImage image, MemoryTiming timing)
    {
        string folder = testbench.Project.Folder;
        var memory = new StringBuilder(image.Memory.Length * 9);
        foreach (int word in image.Memory) memory.Append(((uint)word).ToString("x8", CultureInfo.InvariantCulture)).Append('\n');
        File.WriteAllText(Path.Combine(folder, "memory.hex"), memory.ToString());
        var config = new SortedDictionary<string, long>(image.Descriptor.ToDictionary(), StringComparer.Ordinal)
        {
            ["latency"] = timing.Latency, ["stall_percent"] = timing.StallPercent, ["seed"] = timing.Seed,
            ["output_words"] = image.Expected.Length,
            // Generous, only to end a hung engine: every word at the worst latency, plus the MACs.
            ["timeout"] = 1_000_000 + (long)(image.Memory.Length + image.Expected.Length) * (8 + timing.Latency) * 4,
        };
        File.WriteAllText(Path.Combine(folder, "layer.cfg"), string.Concat(config.Select(c => $"{c.Key} {c.Value.ToString(CultureInfo.InvariantCulture)}\n")));
        string outputFile = Path.Combine(folder, "output.hex");
        if (File.Exists(outputFile)) File.Delete(outputFile);

        string top = RtlTemplates.LayerEngine;
        var run = ExternalTool.RunProgram(testbench.Binary, [], folder, TimeSpan.FromMinutes(5));
        var match = ResultLine().Match(run.Output);
        if (!match.Success) throw new SimulationException($"{top} printed no RESULT line (exit {run.ExitCode}): {Tail(run.Combined)}");
        long Long(string name) => long.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture);

        string[] problems = ["TIMEOUT", "BAD_ADDRESS", "STRAY_WRITE", "UNFINISHED_TRAFFIC"];
        var mismatches = run.Output.Split('\n').Where(l => problems.Any(p => l.StartsWith(p, StringComparison.Ordinal))).ToList();
        var output = File.ReadAllLines(outputFile).Where(l => l.Length > 0)
            .Select(l => unchecked((int)uint.Parse(l, NumberStyles.HexNumber, CultureInfo.InvariantCulture))).ToArray();
        int errors = Math.Abs(image.Expected.Length - output.Length);
        for (int i = 0; i < Math.Min(output.Length, image.Expected.Length); i++)
        {
            if (output[i] == image.Expected[i]) continue;
            errors++;
            if (mismatches.Count < 10) mismatches.Add($"MISMATCH output word {i} got {output[i]} expected {image.Expected[i]}");
        }
        bool done = match.Groups["done"].Value == "1";
        return new LayerSimulationResult(done && errors == 0 && run.ExitCode == 0, errors, image.Expected.Length, Long("cycles"), Long("compute"),
            Long("reads"), Long("writes"), Long("read_bursts"), Long("write_bursts"), mismatches, run.Elapsed);
    }

    private static string Tail(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return string.Join(" | ", lines.Skip(Math.Max(0, lines.Length - 6)));
    }

    [GeneratedRegex(@"RESULT done=(?<done>\d) cycles=(?<cycles>\d+) compute_cycles=(?<compute>\d+) reads=(?<reads>\d+) writes=(?<writes>\d+) read_bursts=(?<read_bursts>\d+) write_bursts=(?<write_bursts>\d+)")]
    private static partial Regex ResultLine();
}
