using Spectre.Console;
using ZooForge.Cli.App;
using ZooForge.Flow.Search;
using ZooForge.Search.Engine;
using ZooForge.Search.Results;

namespace ZooForge.Cli.Rendering;

/// <summary>How a search looks on the console: a progress bar on a terminal (one line a trial otherwise), then the Pareto table and summary lines.</summary>
internal static class SearchConsole
{
    /// <summary>Runs <paramref name="run"/> with its progress shown; <paramref name="quiet"/> shows none (for <c>--json</c>).</summary>
    public static T WithProgress<T>(CliOutput o, int budget, bool quiet, Func<IProgress<SearchProgress>?, T> run)
    {
        if (quiet) return run(null);
        if (!o.Console_.Profile.Capabilities.Interactive)
            return run(new InlineProgress<SearchProgress>(p => o.Error.WriteLine("search: " + SearchProgressDisplay.Line(p))));
        T result = default!;
        o.Console_.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask("search", maxValue: budget);
                result = run(new InlineProgress<SearchProgress>(p =>
                {
                    task.Value = p.Completed;
                    task.Description = Markup.Escape($"trial {p.Completed}/{p.Budget}: {SearchProgressDisplay.Short(p)}");
                }));
            });
        return result;
    }

    /// <summary>Forwards a worker process's line to standard error, one line at a time across workers.</summary>
    public static Action<int, string> WorkerLines(CliOutput o) => (k, line) =>
    {
        lock (o) o.Error.WriteLine($"worker {k}: {line}");
    };

    /// <summary>The Pareto table and the summary lines a person reads after a search.</summary>
    public static void Print(CliOutput o, SearchSummary s, string folder)
    {
        var table = new Table().Title(Markup.Escape($"Pareto front of {s.Name} ({s.Pareto.Count} designs)")).AddColumns(ParetoTable.Headers.ToArray());
        foreach (var row in ParetoTable.Rows(s.Pareto))
            table.AddPlainRow(row.ToArray());
        o.Console_.Write(table);
        o.Writer.WriteLine($"trials: {s.Trials.Count}, feasible {s.Feasible}, pruned by fast exploration {s.Pruned} ({100 * s.PrunedShare:0.0}%), failed {s.FailedTrials.Count}, {s.NewTrials} new in {s.Elapsed.TotalMinutes:0.00} min ({s.TrialsPerMinute:0.00} trials/min)");
        foreach (var f in s.FailedTrials)
            o.Writer.WriteLine($"failed: trial {f.Index} {f.Key}: {f.FailureKind}: {f.Note}");
        if (s.Chosen is { } c)
            o.Writer.WriteLine($"chosen: trial {c.Index} {c.Key}: accuracy {100 * c.Accuracy:0.00}%, {c.LatencyMs:0.#####} ms on {c.Design}");
        if (s.BestBaseline is { } b)
            o.Writer.WriteLine($"sequential baseline: {b.Key}: accuracy {100 * b.Accuracy:0.00}%, {b.LatencyMs:0.#####} ms");
        else
            o.Writer.WriteLine("sequential baseline: no uncompressed zoo model meets the constraints");
        o.Writer.WriteLine($"wrote {folder}/report.md, pareto.csv, pareto.json, pareto.png{(s.Chosen is null ? "" : ", design.yaml")}");
    }
}
