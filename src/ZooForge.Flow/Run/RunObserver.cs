using ZooForge.Flow.Check;
using ZooForge.Search.Engine;
using ZooForge.Search.Results;

namespace ZooForge.Flow.Run;

/// <summary>
/// Who hears a run's progress. Every member has a silent default, so a caller that wants none
/// (<c>--json</c>, tests) passes <see cref="Silent"/>; the CLI fills them with console output.
/// </summary>
public sealed record RunObserver
{
    /// <summary>A line about the run's steps ("step 2/3: check of …").</summary>
    public Action<string> Step { get; init; } = _ => { };

    /// <summary>
    /// Runs the search it is given (budget, then the search taking a progress sink) under a
    /// display; the default runs it with no progress.
    /// </summary>
    public Func<int, Func<IProgress<SearchProgress>?, SearchSummary>, SearchSummary> Search { get; init; } = (_, run) => run(null);

    /// <summary>A line written by a local worker process, with the worker's number.</summary>
    public Action<int, string>? WorkerLine { get; init; }

    /// <summary>A finished check step.</summary>
    public Action<CheckStepResult>? CheckStep { get; init; }

    /// <summary>Hears nothing.</summary>
    public static RunObserver Silent { get; } = new();
}
