using ZooForge.Search.Expressions;
using System.Globalization;
using System.Text;
using ZooForge.Search.Store;

namespace ZooForge.Search.Results;

/// <summary>The Markdown report of a search (<c>report.md</c>).</summary>
public static class SearchReport
{
    /// <summary>Renders the report.</summary>
    public static string Render(SearchSummary s)
    {
        var md = new StringBuilder();
        md.Append($"# Co-search {s.Name}\n\n");
        md.Append($"- target: {s.Target}\n- strategy: {s.Strategy}, seed {s.Seed}\n- objective (maximised): `{s.Objective}`\n");
        md.Append($"- constraints: {(s.Constraints.Count == 0 ? "none" : string.Join(", ", s.Constraints.Select(c => $"`{c}`")))}\n");
        int trained = s.Trials.Count(t => !double.IsNaN(t.Accuracy) && !t.Cached);
        var failed = s.FailedTrials;
        md.Append($"- trials: {s.Trials.Count} ({s.Feasible} feasible, {s.Pruned} pruned by fast exploration = {100 * s.PrunedShare:0.0}%, {s.Cached} served from the store, {trained} trained, {failed.Count} failed)\n");
        md.Append($"- this process: {s.NewTrials} new trials in {s.Elapsed.TotalMinutes:0.00} min = {s.TrialsPerMinute:0.00} trials/min\n\n");

        md.Append("## Chosen design\n\n");
        if (s.Chosen is { } c)
            md.Append($"Trial {c.Index}: `{c.Key}` — accuracy {Percent(c.Accuracy)}, latency {c.LatencyMs:0.####} ms, {c.Metrics[Metrics.Dsp]:0} DSP, {c.Metrics[Metrics.EnergyMj]:0.#####} mJ, on `{c.Design}`. Written as `design.yaml` and `{SearchOutputs.DesignName(s, c)}.zfq.safetensors`.\n\n");
        else
            md.Append("No trial met every constraint. " + Closest(s) + "\n\n");

        md.Append("## Sequential baseline (best zoo model, hardware DSE only, no compression)\n\n");
        if (s.Baseline.Count > 0)
        {
            md.Append("| model | accuracy | latency (ms) | DSP | meets constraints |\n|---|---:|---:|---:|---|\n");
            foreach (var b in s.Baseline)
                md.Append($"| {Model(b.Key)} | {Percent(b.Accuracy)} | {b.LatencyMs:0.####} | {b.Metrics.GetValueOrDefault(Metrics.Dsp):0} | {(b.Status == TrialStatus.Feasible ? "yes" : "no")} |\n");
            var most = s.MostAccurateBaseline;
            md.Append($"\nMost accurate zoo model: {(most is null ? "-" : $"{Model(most.Key)} ({Percent(most.Accuracy)}, {most.LatencyMs:0.####} ms, {(most.Status == TrialStatus.Feasible ? "meets" : "misses")} the specification)")}. ");
            md.Append(s.BestBaseline is { } best
                ? $"Best uncompressed model that meets it: {Model(best.Key)} at {Percent(best.Accuracy)}.\n\n"
                : "No uncompressed zoo model meets the specification.\n\n");
        }
        else md.Append("Not computed.\n\n");

        md.Append($"## Pareto front ({s.Pareto.Count} designs: accuracy vs latency, DSP, energy)\n\n");
        md.Append("| ").Append(string.Join(" | ", ParetoTable.Headers)).Append(" |\n|---:|---|---:|---:|---:|---:|---|\n");
        foreach (var row in ParetoTable.Rows(s.Pareto))
            md.Append("| ").Append(string.Join(" | ", row)).Append(" |\n");
        md.Append("\nPlot: `pareto.png`; data: `pareto.csv`, `pareto.json`; every trial: `trials.db` (SQLite).\n");
        if (failed.Count > 0) md.Append('\n').Append(FailedTable(failed));
        return md.ToString();
    }

    /// <summary>
    /// The failed trials as a Markdown section: trial, candidate, kind and reason. A failed trial
    /// counts in the budget and is not rerun on resume; the search went on without it.
    /// </summary>
    public static string FailedTable(IReadOnlyList<TrialRecord> failed)
    {
        var md = new StringBuilder();
        md.Append($"## Failed trials ({failed.Count})\n\n");
        md.Append("Each was recorded with the lowest reward and the search went on; a resumed search does not rerun them.\n\n");
        md.Append("| trial | candidate | kind | reason |\n|---:|---|---|---|\n");
        foreach (var t in failed)
            md.Append($"| {t.Index} | `{t.Key}` | {t.FailureKind} | {(t.Note ?? "").Replace("|", "\\|")} |\n");
        return md.ToString();
    }

    private static string Closest(SearchSummary s)
    {
        var closest = s.Trials.Where(t => !double.IsNaN(t.LatencyMs)).OrderBy(t => t.LatencyMs).FirstOrDefault();
        return closest is null ? "No candidate fitted the device." : $"Closest (fastest) design: trial {closest.Index} `{closest.Key}` at {closest.LatencyMs:0.####} ms on `{closest.Design}` ({closest.Note}).";
    }

    private static string Model(string key) => key.Split(';')[0]["model=".Length..];

    private static string Percent(double fraction) => double.IsNaN(fraction) ? "-" : (100 * fraction).ToString("0.00", CultureInfo.InvariantCulture) + "%";
}
