using ZooForge.Core.Errors;
using System.Diagnostics;

namespace ZooForge.Rtl.Tools;

/// <summary>An external tool is not installed; the message names the Debian package that provides it.</summary>
public sealed class ToolMissingException(string tool, string package)
    : ZooForgeException($"'{tool}' is not installed (not found on PATH); install the Debian package '{package}': apt-get install -y {package}")
{
    /// <summary>The executable.</summary>
    public string Tool { get; } = tool;
    /// <summary>The Debian package.</summary>
    public string Package { get; } = package;
}

/// <summary>What one run of a tool returned.</summary>
/// <param name="ExitCode">Process exit code.</param>
/// <param name="Output">Standard output.</param>
/// <param name="Error">Standard error.</param>
/// <param name="Elapsed">Wall time.</param>
public sealed record ToolRun(int ExitCode, string Output, string Error, TimeSpan Elapsed)
{
    /// <summary>Both streams, for messages.</summary>
    public string Combined => Output + Error;
}

/// <summary>Runs the external EDA tools (verilator, yosys) the check steps call.</summary>
/// <param name="Executable">Command name, looked up on PATH.</param>
/// <param name="Package">Debian package providing it.</param>
public sealed record ExternalTool(string Executable, string Package)
{
    /// <summary>Verilator 5 (lint, <c>--binary</c> simulation).</summary>
    public static ExternalTool Verilator { get; } = new("verilator", "verilator");

    /// <summary>Yosys (<c>synth_xilinx</c>).</summary>
    public static ExternalTool Yosys { get; } = new("yosys", "yosys");

    /// <summary>True when the executable is on PATH.</summary>
    public bool IsInstalled => Locate() is not null;

    /// <summary>Runs the tool in <paramref name="workingDirectory"/>; kills it after <paramref name="timeout"/>.</summary>
    /// <exception cref="ToolMissingException">The tool is not on PATH.</exception>
    public ToolRun Run(IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout) =>
        RunProgram(Locate() ?? throw new ToolMissingException(Executable, Package), arguments, workingDirectory, timeout);

    /// <summary>Runs any program (e.g. a simulator Verilator built) and captures its output.</summary>
    public static ToolRun RunProgram(string path, IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(path)
        {
            WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {path}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return new ToolRun(-1, output.Result, error.Result + $"\n{Path.GetFileName(path)} timed out after {timeout.TotalSeconds:0} s", clock.Elapsed);
        }
        process.WaitForExit();
        return new ToolRun(process.ExitCode, output.Result, error.Result, clock.Elapsed);
    }

    private string? Locate()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, Executable);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}
