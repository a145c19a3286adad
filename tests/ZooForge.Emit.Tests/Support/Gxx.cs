using System.Diagnostics;

namespace ZooForge.Emit.Tests.Support;

/// <summary>Runs g++, make and the programs they build, for tests that verify generated C++ by compiling and running it.</summary>
internal static class Gxx
{
    /// <summary>The flags every generated project must build with.</summary>
    public const string StrictFlags = "-std=c++17 -O2 -Wall -Wextra -Werror";

    /// <summary>Result of one process run.</summary>
    public sealed record Run(int Code, string Stdout, string Stderr, TimeSpan Elapsed);

    /// <summary>Runs <paramref name="program"/> in <paramref name="folder"/> and waits (at most 10 minutes).</summary>
    public static Run Execute(string program, string arguments, string folder)
    {
        var info = new ProcessStartInfo(program, arguments)
        {
            WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {program}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {arguments} did not finish within 10 minutes");
        }
        return new Run(process.ExitCode, stdout.Result, stderr.Result, clock.Elapsed);
    }

    /// <summary>Builds a generated project with its Makefile (the strict flags), failing the test with the compiler's output.</summary>
    public static Run Make(string folder, string target = "")
    {
        var run = Execute("make", $"-s {target} CXXFLAGS=\"{StrictFlags}\"".Trim(), folder);
        Assert.That(run.Code, Is.Zero, $"make {target} in {folder} failed:\n{run.Stdout}\n{run.Stderr}");
        return run;
    }
}
