namespace ZooForge.Flow.Search.Problems;

/// <summary>The registry of problems with their own search (<see cref="IProblemSearch"/>); a configuration without <c>problem:</c> is the FPGA co-search.</summary>
public static class ProblemSearches
{
    /// <summary>Every registered problem.</summary>
    public static IReadOnlyList<IProblemSearch> All { get; } = [new HwSwSearchRun(), new NahasSearchRun(), new NasaicSearchRun()];

    /// <summary>The problem of the configuration file or of the folder being resumed, or null for the FPGA co-search.</summary>
    public static IProblemSearch? For(string? configPath, string? resumeFolder) => All.FirstOrDefault(p => p.Handles(configPath, resumeFolder));

    /// <summary>Refuses the PostgreSQL options: these problems keep their trials in SQLite in the run folder.</summary>
    /// <exception cref="UserInputException">A storage or worker count was given.</exception>
    public static void RequireSqlite(IProblemSearch problem, string? storage, int? workers)
    {
        if (storage is not null || workers is not null)
            throw new UserInputException($"--storage/--workers: a {problem.Name} search keeps its trials in SQLite (trials.db in the run folder)");
    }
}
