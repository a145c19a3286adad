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

/// <summary>Yosys could not synthesise a block.</summary>
public sealed class SynthesisException(string message) : Exception(message);

/// <summary>
/// Runs Yosys <c>synth_xilinx</c> on one datapath block (UltraScale+ family, the ZCU102's, so
/// DSPs are DSP48E2) and reads <c>stat -json</c>.
/// </summary>
public static class BlockSynthesis
{
    /// <summary>The Yosys family: UltraScale+ (DSP48E2, 27×18 multipliers).</summary>
    public const string Family = "xcup";

    /// <summary>Synthesises <paramref name="block"/> of <paramref name="project"/>, working in <paramref name="workFolder"/>.</summary>
    /// <exception cref="ToolMissingException">Yosys is not installed.</exception>
    /// <exception cref="SynthesisException">Yosys failed.</exception>
    public static BlockResources Run(RtlProject project, string block, string workFolder)
    {
        Directory.CreateDirectory(workFolder);
        var sources = block == "zf_pe_array" ? new[] { "zf_pattern_decoder", block } : new[] { block };
        string stat = Path.Combine(Path.GetFullPath(workFolder), block + ".stat.json");
        string script = string.Join("; ",
            sources.Select(s => $"read_verilog -sv {project.Source(s)}")
                .Append($"synth_xilinx -family {Family} -top {block} -flatten -noiopad")
                .Append($"tee -q -o {stat} stat -json"));
        if (File.Exists(stat)) File.Delete(stat);
        var run = ExternalTool.Yosys.Run(["-q", "-l", Path.Combine(Path.GetFullPath(workFolder), block + ".log"), "-p", script], workFolder, TimeSpan.FromMinutes(20));
        if (run.ExitCode != 0 || !File.Exists(stat))
            throw new SynthesisException($"yosys synth_xilinx of {block} failed (exit {run.ExitCode}): {run.Combined.Trim().Split('\n').LastOrDefault()}");
        return Parse(block, File.ReadAllText(stat));
    }

    /// <summary>Counts the cells of Yosys's <c>stat -json</c> output for the top module.</summary>
    public static BlockResources Parse(string block, string statJson)
    {
        using var doc = JsonDocument.Parse(statJson);
        var cells = doc.RootElement.GetProperty("design").GetProperty("num_cells_by_type");
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
