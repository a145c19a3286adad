using ZooForge.Rtl.Rendering;
using ZooForge.Rtl.Tools;

namespace ZooForge.Rtl.Synthesis;

/// <summary>What Yosys said when it read and elaborated a block.</summary>
/// <param name="Passed">Every source parsed and the hierarchy under the block resolved.</param>
/// <param name="Log">Yosys's output (errors and warnings).</param>
/// <param name="Elapsed">Yosys's run time.</param>
public sealed record ElaborationResult(bool Passed, string Log, TimeSpan Elapsed);

/// <summary>
/// Reads a block's sources with Yosys (<c>read_verilog -sv</c>), resolves its hierarchy
/// (<c>hierarchy -check</c>) and translates its processes (<c>proc</c>): the check that a block
/// too large to synthesise in a test (the layer engine with its buffers) is SystemVerilog that
/// the synthesis flow accepts.
/// </summary>
public static class YosysElaboration
{
    /// <summary>Elaborates <paramref name="block"/> of <paramref name="project"/>, working in <paramref name="workFolder"/>.</summary>
    /// <exception cref="ToolMissingException">Yosys is not installed.</exception>
    public static ElaborationResult Run(RtlProject project, string block, string workFolder)
    {
        Directory.CreateDirectory(workFolder);
        var commands = RtlTemplates.SourcesOf(block).Select(s => $"read_verilog -sv {project.Source(s)}").ToList();
        commands.Add($"hierarchy -check -top {block}");
        commands.Add("proc");
        var run = ExternalTool.Yosys.Run(["-q", "-p", string.Join("; ", commands)], workFolder, TimeSpan.FromMinutes(10));
        return new ElaborationResult(run.ExitCode == 0, run.Combined, run.Elapsed);
    }
}
