using ZooForge.Emit.Csim;

namespace ZooForge.Emit.Tests.Support;

/// <summary><see cref="CsimRunner"/> with NUnit failures carrying the compiler's output.</summary>
internal static class Gxx
{
    /// <summary>Runs a program; a failure to start fails the test.</summary>
    public static ProcessRun Execute(string program, string arguments, string folder) =>
        CsimRunner.Execute(program, arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries), folder);

    /// <summary>Builds a generated project with its Makefile and the strict flags, failing the test with the compiler's output.</summary>
    public static ProcessRun Make(string folder)
    {
        var run = CsimRunner.Build(folder);
        Assert.That(run.Code, Is.Zero, $"make in {folder} failed:\n{run.Stdout}\n{run.Stderr}");
        return run;
    }
}
