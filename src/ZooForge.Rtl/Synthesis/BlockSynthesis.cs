using ZooForge.Core.Errors;
using System.Text.Json;
using ZooForge.Rtl.Rendering;
using ZooForge.Rtl.Tools;

namespace ZooForge.Rtl.Synthesis;

/// <summary>Post-synthesis resources of one block.</summary>
/// <param name="Block">Module name.</param>
/// <param name="Lut">LUTs (every LUT1..LUT6 and LUT-based RAM cell).</param>
/// <param name="Ff">Flip-flops.</param>
/// <param name="Dsp">DSP48 slices.</param>
/// <param name="Bram18">18 Kb block RAMs (a RAMB36 counts two).</param>
public sealed record BlockResources(string Block, int Lut, int Ff, int Dsp, int Bram18);

/// <summary>One block's synthesis: its totals over the hierarchy and the figures of each module kept as hierarchy.</summary>
/// <param name="Total">The block with every instance counted (Yosys's hierarchy-aware <c>stat</c>).</param>
/// <param name="Modules">Per module kept as its own hierarchy level (the PE lane), one instance each.</param>
public sealed record SynthesisResult(BlockResources Total, IReadOnlyDictionary<string, BlockResources> Modules);

/// <summary>Yosys could not synthesise a block.</summary>
public sealed class SynthesisException(string message) : ZooForgeException(message);

/// <summary>
/// Runs Yosys <c>synth_xilinx</c> on one datapath block (UltraScale+ family, the ZCU102's, so
/// DSPs are DSP48E2) and reads <c>stat -json</c>. Blocks are flattened, except the PE array's
/// lane (in the PE array and the tile engine), which is kept as one module (<c>keep_hierarchy</c>): its Tm instances are identical, so
/// Yosys maps it once (the flattened array of 512 PEs took over 20 minutes) and the hierarchy-aware
/// <c>stat -top</c> counts every instance in the array's totals.
/// </summary>
public static class BlockSynthesis
{
    /// <summary>The Yosys family: UltraScale+ (DSP48E2, 27×18 multipliers).</summary>
    public const string Family = "xcup";

    /// <summary>Synthesises <paramref name="block"/> of <paramref name="project"/>, working in <paramref name="workFolder"/>.</summary>
    /// <exception cref="ToolMissingException">Yosys is not installed.</exception>
    /// <exception cref="SynthesisException">Yosys failed.</exception>
    public static SynthesisResult Run(RtlProject project, string block, string workFolder)
    {
        Directory.CreateDirectory(workFolder);
        var sources = RtlTemplates.SourcesOf(block);
        bool array = sources.Contains(RtlTemplates.PeLane);
        string stat = Path.Combine(Path.GetFullPath(workFolder), block + ".stat.json");
        var commands = sources.Select(s => $"read_verilog -sv {project.Source(s)}").ToList();
        if (array) commands.Add($"setattr -mod -set keep_hierarchy 1 {RtlTemplates.PeLane}");
        commands.Add($"synth_xilinx -family {Family} -top {block} -flatten -noiopad");
        commands.Add($"tee -q -o {stat} stat -top {block} -json");
        string script = string.Join("; ", commands);
        if (File.Exists(stat)) File.Delete(stat);
        var run = ExternalTool.Yosys.Run(["-q", "-l", Path.Combine(Path.GetFullPath(workFolder), block + ".log"), "-p", script], workFolder, TimeSpan.FromMinutes(20));
        if (run.ExitCode != 0 || !File.Exists(stat))
            throw new SynthesisException($"yosys synth_xilinx of {block} failed (exit {run.ExitCode}): {run.Combined.Trim().Split('\n').LastOrDefault()}");
        string json = File.ReadAllText(stat);
        var modules = new SortedDictionary<string, BlockResources>(StringComparer.Ordinal);
        if (array) modules[RtlTemplates.PeLane] = ParseModule(RtlTemplates.PeLane, json);
        return new SynthesisResult(Parse(block, json), modules);
    }

    /// <summary>Counts the cells of one module (one instance) in Yosys's <c>stat -json</c> output.</summary>
    /// <exception cref="SynthesisException">The module is not in the output.</exception>
    public static BlockResources ParseModule(string module, string statJson)
    {
        using var doc = JsonDocument.Parse(statJson);
        if (!doc.RootElement.GetProperty("modules").TryGetProperty("\\" + module, out var entry))
            throw new SynthesisException($"yosys stat has no module '{module}'");
        return Count(module, entry.GetProperty("num_cells_by_type"));
    }

    /// <summary>Counts the cells of Yosys's <c>stat -json</c> output for the whole design (every instance of the hierarchy under the top).</summary>
    public static BlockResources Parse(string block, string statJson)
    {
        using var doc = JsonDocument.Parse(statJson);
        return Count(block, doc.RootElement.GetProperty("design").GetProperty("num_cells_by_type"));
    }

    private static BlockResources Count(string block, JsonElement cells)
    {
        int lut = 0, ff = 0, dsp = 0, bram = 0;
        foreach (var cell in cells.EnumerateObject())
        {
            string type = cell.Name;
            int count = cell.Value.GetInt32();
            if (type.StartsWith("LUT", StringComparison.Ordinal) || type == "INV" || type.StartsWith("RAM32", StringComparison.Ordinal)
                || type.StartsWith("RAM64", StringComparison.Ordinal) || type.StartsWith("RAM128", StringComparison.Ordinal)
                || type.StartsWith("RAM256", StringComparison.Ordinal) || type.StartsWith("SRL", StringComparison.Ordinal))
                lut += count;
            else if (type is "FDRE" or "FDSE" or "FDCE" or "FDPE" or "LDCE" or "LDPE") ff += count;
            else if (type.StartsWith("DSP48", StringComparison.Ordinal)) dsp += count;
            else if (type.StartsWith("RAMB18", StringComparison.Ordinal)) bram += count;
            else if (type.StartsWith("RAMB36", StringComparison.Ordinal)) bram += 2 * count;
        }
        return new BlockResources(block, lut, ff, dsp, bram);
    }
}
