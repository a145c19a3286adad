using System.Diagnostics;

namespace ZooForge.Emit.Csim;

/// <summary>Exit code, output and wall time of one external program run.</summary>
/// <param name="Code">Exit code.</param>
/// <param name="Stdout">Standard output.</param>
/// <param name="Stderr">Standard error.</param>
/// <param name="Elapsed">Wall time.</param>
public sealed record ProcessRun(int Code, string Stdout, string Stderr, TimeSpan Elapsed);

/// <summary>
/// Builds a generated project's g++ C simulation with its Makefile and runs it on its
/// <c>tb_data/</c> (or any program), for the tests and the emit benchmark.
/// </summary>
public static class CsimRunner
{
    /// <summary>The flags every generated project must build with.</summary>
    public const string StrictFlags = "-std=c++17 -O2 -Wall -Wextra -Werror";

    /// <summary>Longest a single build or run may take.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    /// <summary>Runs <paramref name="program"/> with <paramref name="arguments"/> in <paramref name="folder"/>.</summary>
    /// <exception cref="EmitException">The program cannot be started or exceeds <see cref="Timeout"/>.</exception>
    public static ProcessRun Execute(string program, IEnumerable<string> arguments, string folder)
    {
        var info = new ProcessStartInfo(program)
        {
            WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        var clock = Stopwatch.StartNew();
        Process? process;
        try
        {
            process = Process.Start(info);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new EmitException($"cannot run '{program}': {e.Message} (install it; the Cake Prerequisites step does)", e);
        }
        using var started = process ?? throw new EmitException($"cannot run '{program}'");
        var stdout = started.StandardOutput.ReadToEndAsync();
        var stderr = started.StandardError.ReadToEndAsync();
        if (!started.WaitForExit(Timeout))
        {
            started.Kill(entireProcessTree: true);
            throw new EmitException($"'{program}' in {folder} did not finish within {Timeout.TotalMinutes} minutes");
        }
        return new ProcessRun(started.ExitCode, stdout.Result, stderr.Result, clock.Elapsed);
    }

    /// <summary>Builds the csim program of the project in <paramref name="folder"/> with <c>make</c> and <see cref="StrictFlags"/>.</summary>
    public static ProcessRun Build(string folder) => Execute("make", ["-s", $"CXXFLAGS={StrictFlags}"], folder);

    /// <summary>Builds the instrumented csim program (<c>-DZF_COUNT</c>) of the project in <paramref name="folder"/> with <see cref="StrictFlags"/>.</summary>
    public static ProcessRun BuildCounted(string folder, string design) => Execute("make", ["-s", $"CXXFLAGS={StrictFlags}", design + "_count"], folder);

    /// <summary>Runs the instrumented csim program of design <paramref name="design"/> on the first image of <paramref name="tbData"/>.</summary>
    public static ProcessRun RunCounted(string folder, string design, string tbData = "tb_data") =>
        Execute(Path.Combine(Path.GetFullPath(folder), design + "_count"), [tbData, "1"], folder);

    /// <summary>Runs the built csim program of design <paramref name="design"/> on <paramref name="tbData"/> (relative to the folder).</summary>
    public static ProcessRun Run(string folder, string design, string tbData = "tb_data") =>
        Execute(Path.Combine(Path.GetFullPath(folder), design + "_csim"), [tbData], folder);
}
