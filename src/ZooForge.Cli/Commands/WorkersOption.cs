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
}
