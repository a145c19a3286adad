using System.CommandLine;
using ZooForge.Flow;

namespace ZooForge.Cli.Commands;

/// <summary><c>--workers N</c> of <c>search</c> and <c>run</c>: N local worker processes on the run's PostgreSQL study.</summary>
internal static class WorkersOption
{
    public static Option<int?> Create() => new("--workers")
    {
        Description = "Run the search with N local zooforge worker processes on its PostgreSQL study (needs --storage). Default: the search runs in this process",
    };

    /// <summary>Refuses a count below 1, before anything is opened.</summary>
    public static void Check(int? workers)
    {
        if (workers is < 1) throw new UserInputException($"--workers must be at least 1, got {workers}");
    }
}
