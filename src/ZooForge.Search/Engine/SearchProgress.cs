using ZooForge.Search.Store;

namespace ZooForge.Search.Engine;

/// <summary>State of a running search after a trial, for progress displays.</summary>
/// <param name="Completed">Trials completed (including ones replayed from the store).</param>
/// <param name="Budget">Trials planned.</param>
/// <param name="Elapsed">Wall time of this process so far.</param>
/// <param name="Eta">Estimated time to finish, from this process's new trials; null before the first.</param>
/// <param name="Last">The trial just completed.</param>
/// <param name="Best">The best feasible trial so far (highest objective), or null.</param>
/// <param name="Feasible">Feasible trials so far.</param>
/// <param name="Pruned">Trials pruned by fast exploration so far.</param>
/// <param name="Cached">Trials served from an earlier identical candidate.</param>
/// <param name="Replayed">Whether <paramref name="Last"/> came from the store of a resumed run.</param>
public sealed record SearchProgress(int Completed, int Budget, TimeSpan Elapsed, TimeSpan? Eta, TrialRecord Last, TrialRecord? Best,
    int Feasible, int Pruned, int Cached, bool Replayed)
{
    /// <summary>Trials whose evaluation failed so far.</summary>
    public int Failed { get; init; }
}
