using ZooForge.Cli.App;
using ZooForge.Flow.Search.Problems;

namespace ZooForge.Cli.Rendering;

/// <summary>How a problem with its own search (<see cref="IProblemSearch"/>) runs on the console, for <c>search</c> and <c>run</c> alike.</summary>
internal static class ProblemConsole
{
    /// <summary>
    /// Runs <paramref name="problem"/>, prints its lines or JSON and returns the exit code. With
    /// <paramref name="runFolder"/> (from <c>zooforge run</c>) the JSON names the run folder and
    /// the text says why there is no check.
    /// </summary>
    public static int Run(CliOutput o, IProblemSearch problem, ProblemSearchRequest request, bool resume, bool json, string? runFolder = null)
    {
        var result = problem.Execute(request, resume, json ? null : o.Error.WriteLine);
        if (json) o.WriteJson(runFolder is null ? result.Json : new { Folder = runFolder, Passed = result.Found, Search = result.Json });
        else
        {
            foreach (string line in result.Lines) o.Writer.WriteLine(line);
            if (runFolder is not null)
                o.Writer.WriteLine($"check: not applicable to {problem.Name} (an ASIC description, search/{problem.DesignFileName}; the check covers FPGA designs)");
        }
        if (result.Error is null) return 0;
        o.Error.WriteLine(result.Error);
        return ErrorReporter.BadInput;
    }
}
