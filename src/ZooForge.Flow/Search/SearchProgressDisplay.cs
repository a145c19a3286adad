using System.Globalization;
using ZooForge.Search.Engine;
using ZooForge.Search.Store;

namespace ZooForge.Flow.Search;

/// <summary>One-line progress text: trial, outcome, best so far, feasible and pruned counts, ETA.</summary>
public static class SearchProgressDisplay
{
    /// <summary>One line per trial, for logs.</summary>
    public static string Line(SearchProgress p)
    {
        var t = p.Last;
        string outcome = t.Status switch
        {
            TrialStatus.Pruned => "pruned",
            TrialStatus.Violates => "violates",
            TrialStatus.Failed => "failed",
            _ => "feasible",
        };
        string accuracy = double.IsNaN(t.Accuracy) ? "-" : Percent(t.Accuracy);
        string latency = double.IsNaN(t.LatencyMs) ? "-" : t.LatencyMs.ToString("0.#####", CultureInfo.InvariantCulture) + " ms";
        string source = p.Replayed ? " (from store)" : t.Cached ? " (seen before)" : "";
        string best = p.Best is { } b ? $"{Percent(b.Accuracy)} @ {b.LatencyMs.ToString("0.#####", CultureInfo.InvariantCulture)} ms" : "none";
        string reason = t.Status == TrialStatus.Failed ? $" ({t.FailureKind}: {t.Note})" : "";
        return $"trial {p.Completed}/{p.Budget} {outcome}{source}: {t.Key}{reason} acc {accuracy} lat {latency} | best {best} | feasible {p.Feasible}, pruned {p.Pruned}{Failed(p)} | ETA {Eta(p.Eta)}";
    }

    /// <summary>The running totals only, for a progress bar's caption.</summary>
    public static string Short(SearchProgress p) =>
        $"best {(p.Best is { } b ? Percent(b.Accuracy) : "none")}, feasible {p.Feasible}, pruned {p.Pruned}{Failed(p)}, ETA {Eta(p.Eta)}";

    private static string Failed(SearchProgress p) => p.Failed > 0 ? $", failed {p.Failed}" : "";

    private static string Eta(TimeSpan? eta) => eta is { } e ? $"{(int)e.TotalMinutes}m{e.Seconds:00}s" : "-";

    private static string Percent(double f) => (100 * f).ToString("0.00", CultureInfo.InvariantCulture) + "%";
}
