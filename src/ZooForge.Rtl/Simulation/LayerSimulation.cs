using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using ZooForge.Rtl.Model;
using ZooForge.Rtl.Rendering;
using ZooForge.Rtl.Tools;

namespace ZooForge.Rtl.Simulation;

/// <summary>The memory model of the layer testbench: read latency added to the one-cycle read, its seeded jitter and back-pressure.</summary>
/// <param name="Latency">Cycles added to every read (0: the response follows the request by one cycle).</param>
/// <param name="Jitter">Up to this many more cycles per read, seeded random (responses stay in order).</param>
/// <param name="StallPercent">Chance in percent that the memory refuses a read or write request in a cycle.</param>
/// <param name="Seed">Random seed of the jitter and back-pressure.</param>
public sealed record MemoryTiming(int Latency = 0, int Jitter = 0, int StallPercent = 0, int Seed = 1);

/// <summary>What a whole-layer simulation gave.</summary>
/// <param name="Passed">The layer finished and every output equals the reference.</param>
/// <param name="Errors">Outputs that differ from the reference.</param>
/// <param name="Checked">Outputs compared (M·R·C).</param>
/// <param name="Cycles">Cycles from start to done.</param>
/// <param name="ComputeCycles">Cycles the tile engine spent issuing and draining.</param>
/// <param name="Reads">Words read from memory.</param>
/// <param name="Writes">Words written.</param>
/// <param name="Mismatches">The first few differing outputs and any TIMEOUT or BAD_ADDRESS line.</param>
/// <param name="BuildTime">Verilator build time.</param>
/// <param name="RunTime">Simulation time.</param>
public sealed record LayerSimulationResult(bool Passed, int Errors, int Checked, long Cycles, long ComputeCycles, long Reads, long Writes,
    IReadOnlyList<string> Mismatches, TimeSpan BuildTime, TimeSpan RunTime);

/// <summary>
/// Builds <c>zf_layer_engine</c> with its C++ memory-model testbench (<c>verilator --cc --exe
/// --build</c>), runs one convolution from its memory image and compares the output region with
/// the integer reference.
/// </summary>
public static partial class LayerSimulation
{
    /// <summary>The testbench's C++ file.</summary>
    public const string Testbench = "tb_layer.cpp";

    /// <summary>Writes the image into <paramref name="project"/>'s folder, builds into <paramref name="buildFolder"/> and runs with <paramref name="timing"/>.</summary>
    /// <exception cref="ToolMissingException">Verilator is not installed.</exception>
    /// <exception cref="SimulationException">The build failed or the testbench printed no RESULT line.</exception>
    public static LayerSimulationResult Run(RtlProject project, RtlLayerImage image, MemoryTiming timing, string buildFolder)
    {
        string folder = project.Folder;
        File.WriteAllText(Path.Combine(folder, Testbench), RtlTemplates.Render(Testbench, project.Model));
        var memory = new StringBuilder(image.Memory.Length * 9);
        foreach (int word in image.Memory) memory.Append(((uint)word).ToString("x8", CultureInfo.InvariantCulture)).Append('\n');
        File.WriteAllText(Path.Combine(folder, "memory.hex"), memory.ToString());
        var config = new SortedDictionary<string, long>(image.Descriptor.ToDictionary(), StringComparer.Ordinal)
        {
            ["latency"] = timing.Latency, ["jitter"] = timing.Jitter, ["stall_percent"] = timing.StallPercent, ["seed"] = timing.Seed,
            ["output_words"] = image.Expected.Length,
            // Generous: every word read and written at the worst latency, plus every MAC cycle.
            ["timeout"] = 100_000 + (long)(image.Memory.Length + image.Expected.Length) * (4 + timing.Latency + timing.Jitter) * 4,
        };
        File.WriteAllText(Path.Combine(folder, "layer.cfg"), string.Concat(config.Select(c => $"{c.Key} {c.Value.ToString(CultureInfo.InvariantCulture)}\n")));

        Directory.CreateDirectory(buildFolder);
        string top = RtlTemplates.LayerEngine;
        var sources = RtlTemplates.SourcesOf(top).Select(project.Source);
        var arguments = new List<string>
        {
            "--cc", "--exe", "--build", "-j", "1", "-Wno-fatal", "--top-module", top, "-Mdir", Path.GetFullPath(buildFolder),
            "-MAKEFLAGS", "OPT_FAST=-O1 OPT_SLOW=-O0 OPT_GLOBAL=-O1",
        };
        arguments.AddRange(sources);
        arguments.Add(Path.Combine(folder, Testbench));
        var build = ExternalTool.Verilator.Run(arguments, folder, TimeSpan.FromMinutes(15));
        string binary = Path.Combine(Path.GetFullPath(buildFolder), "V" + top);
        if (build.ExitCode != 0 || !File.Exists(binary))
            throw new SimulationException($"verilator build of {top} failed (exit {build.ExitCode}): {Tail(build.Combined)}");
        var run = ExternalTool.RunProgram(binary, [], folder, TimeSpan.FromMinutes(10));
        var match = ResultLine().Match(run.Output);
        if (!match.Success) throw new SimulationException($"{top} printed no RESULT line (exit {run.ExitCode}): {Tail(run.Combined)}");
        long Long(string name) => long.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture);

        var mismatches = run.Output.Split('\n').Where(l => l.StartsWith("TIMEOUT", StringComparison.Ordinal) || l.StartsWith("BAD_ADDRESS", StringComparison.Ordinal)).ToList();
        var output = File.ReadAllLines(Path.Combine(folder, "output.hex")).Where(l => l.Length > 0)
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
            Long("reads"), Long("writes"), mismatches, build.Elapsed, run.Elapsed);
    }

    private static string Tail(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return string.Join(" | ", lines.Skip(Math.Max(0, lines.Length - 6)));
    }

    [GeneratedRegex(@"RESULT done=(?<done>\d) cycles=(?<cycles>\d+) compute_cycles=(?<compute>\d+) reads=(?<reads>\d+) writes=(?<writes>\d+)")]
    private static partial Regex ResultLine();
}
