namespace ZooForge.Flow.Search.Problems;

/// <summary>
/// A search problem with its own configuration (<c>problem: NAME</c>), SQLite trial store and
/// report, run by <c>zooforge search</c> and <c>zooforge run</c> in place of the FPGA co-search:
/// the ASIC co-searches. It has no FPGA check: its design is an ASIC description.
/// </summary>
public interface IProblemSearch
{
    /// <summary>The <c>problem:</c> value of its configurations.</summary>
    string Name { get; }

    /// <summary>The file in the search folder that describes the chosen ASIC (for example <c>hardware.yaml</c>).</summary>
    string DesignFileName { get; }

    /// <summary>True when the configuration file, or the store of the folder being resumed, is this problem's.</summary>
    bool Handles(string? configPath, string? resumeFolder);

    /// <summary>Runs the search (new, or resumed when <paramref name="resume"/>), writes its outputs and returns what to show.</summary>
    /// <param name="request">What was asked.</param>
    /// <param name="resume">Continue the search the folder holds.</param>
    /// <param name="progress">Hears one line per completed trial, or null for none.</param>
    ProblemSearchResult Execute(ProblemSearchRequest request, bool resume, Action<string>? progress);
}

/// <summary>What <c>zooforge search</c> or <c>run</c> was asked, for a problem of its own.</summary>
/// <param name="Folder">Run folder (holds, or will hold, <c>trials.db</c>).</param>
/// <param name="ConfigPath">The configuration file (required for a new run; checked against the stored one on resume).</param>
/// <param name="Seed">Search seed, or null.</param>
/// <param name="Strategy">Strategy, or null for the problem's default.</param>
/// <param name="Budget">Trials in total, or null for the configuration's.</param>
/// <param name="ZooFolder">Zoo folder for problems that fine-tune zoo networks, or null for the shipped zoo.</param>
public sealed record ProblemSearchRequest(string Folder, string? ConfigPath, long? Seed, string? Strategy, int? Budget, string? ZooFolder = null);

/// <summary>A finished problem search, as the CLI shows it.</summary>
/// <param name="Lines">The summary lines a person reads.</param>
/// <param name="Json">The object <c>--json</c> prints.</param>
/// <param name="Error">The one-line error when nothing met the constraints, else null.</param>
public sealed record ProblemSearchResult(IReadOnlyList<string> Lines, object Json, string? Error)
{
    /// <summary>A design met every constraint.</summary>
    public bool Found => Error is null;
}
