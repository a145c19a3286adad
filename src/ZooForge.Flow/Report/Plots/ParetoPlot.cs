using ZooForge.Search.Results;
using ZooForge.Search.Store;

namespace ZooForge.Flow.Report.Plots;

/// <summary>The accuracy–latency plot of a search (<c>pareto.png</c>): every trained trial, the front highlighted, the chosen design marked.</summary>
public static class ParetoPlot
{
    /// <summary>Its file name in a search's run folder.</summary>
    public const string FileName = "pareto.png";

    /// <summary>Renders to <paramref name="path"/> (written to a temporary file, then moved into place).</summary>
    public static void Save(string path, SearchSummary summary)
    {
        var plot = new ScottPlot.Plot();
        var trained = summary.Trials.Where(t => !double.IsNaN(t.Accuracy)).GroupBy(t => t.Key).Select(g => g.First()).ToList();
        Add(plot, trained.Where(t => t.Status != TrialStatus.Feasible), "violates a constraint", ScottPlot.Colors.Gray);
        Add(plot, trained.Where(t => t.Status == TrialStatus.Feasible), "feasible", ScottPlot.Colors.SteelBlue);
        Add(plot, summary.Pareto, "Pareto front", ScottPlot.Colors.Red);
        if (summary.Chosen is { } c) Add(plot, [c], "chosen", ScottPlot.Colors.Black);
        if (summary.BestBaseline is { } b) Add(plot, [b], "sequential baseline", ScottPlot.Colors.Orange);
        PlotFile.Save(plot, path, $"{summary.Name}: accuracy vs latency ({summary.Strategy}, seed {summary.Seed})", "latency (ms)", "validation accuracy (%)");
    }

    private static void Add(ScottPlot.Plot plot, IEnumerable<TrialRecord> trials, string label, ScottPlot.Color color)
    {
        var list = trials.ToList();
        if (list.Count == 0) return;
        var points = plot.Add.ScatterPoints(list.Select(t => t.LatencyMs).ToArray(), list.Select(t => 100 * t.Accuracy).ToArray());
        points.LegendText = label;
        points.Color = color;
        points.MarkerSize = 8;
    }
}
