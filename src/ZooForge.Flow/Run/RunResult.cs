using ZooForge.Flow.Check;
using ZooForge.Search.Results;

namespace ZooForge.Flow.Run;

/// <summary>What a run produced, step by step.</summary>
/// <param name="Folder">The run folder.</param>
/// <param name="Search">The search's summary.</param>
/// <param name="Check">The check of the chosen design; null when nothing was chosen.</param>
public sealed record RunResult(RunFolder Folder, SearchSummary Search, CheckReport? Check)
{
    /// <summary>A design was chosen and its check (if any) passed.</summary>
    public bool Passed => Search.Chosen is not null && (Check?.Passed ?? true);
}
