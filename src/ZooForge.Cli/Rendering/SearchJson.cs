using ZooForge.Search.Results;
using ZooForge.Search.Store;

namespace ZooForge.Cli.Rendering;

/// <summary>The <c>search --json</c> document.</summary>
internal static class SearchJson
{
    public static object From(SearchSummary s, string folder) => new
    {
        name = s.Name,
        strategy = s.Strategy,
        seed = s.Seed,
        folder,
        trials = s.Trials.Count,
        feasible = s.Feasible,
        pruned = s.Pruned,
        pruned_share = s.PrunedShare,
        cached = s.Cached,
        failed = s.FailedTrials.Count,
        failed_trials = s.FailedTrials.Select(t => new { trial = t.Index, candidate = t.Key, kind = t.FailureKind, reason = t.Note }).ToList(),
        new_trials = s.NewTrials,
        elapsed_seconds = s.Elapsed.TotalSeconds,
        trials_per_minute = s.TrialsPerMinute,
        chosen = s.Chosen is null ? null : SearchOutputs.Row(s.Chosen),
        baseline = s.BestBaseline is null ? null : SearchOutputs.Row(s.BestBaseline),
        most_accurate_baseline = s.MostAccurateBaseline is null ? null : SearchOutputs.Row(s.MostAccurateBaseline),
        pareto = s.Pareto.Select(SearchOutputs.Row).ToList(),
    };
}
