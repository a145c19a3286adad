using ZooForge.Search.Benchmarks;

namespace ZooForge.Flow.Report.Plots;

/// <summary>Plots of <c>zooforge bench-search</c>: one line per strategy, the median over seeds against the trial count.</summary>
public static class BenchPlot
{
    /// <summary>
    /// Renders <paramref name="value"/> (a run's figure after trial <c>i</c>) as median curves to
    /// <paramref name="path"/> (written to a temporary file, then moved into place). Trials where
    /// the median is not finite (most seeds have nothing feasible yet) are left out.
    /// </summary>
    public static void Save(string path, ProblemResult result, string title, string yLabel, Func<StrategyRun, int, double> value, double? reference = null)
    {
        var plot = new ScottPlot.Plot();
        ScottPlot.Color[] colors = [ScottPlot.Colors.Gray, ScottPlot.Colors.SteelBlue, ScottPlot.Colors.Green, ScottPlot.Colors.Red, ScottPlot.Colors.Orange, ScottPlot.Colors.Purple];
        int colour = 0;
        foreach (string strategy in result.Strategies)
        {
            var curve = result.MedianCurve(strategy, value);
            var points = curve.Select((y, i) => (X: i + 1.0, Y: y)).Where(p => double.IsFinite(p.Y)).ToList();
            if (points.Count == 0) continue;
            var line = plot.Add.Scatter(points.Select(p => p.X).ToArray(), points.Select(p => p.Y).ToArray());
            line.LegendText = strategy;
            line.Color = colors[colour++ % colors.Length];
        }
        if (reference is { } r)
        {
            var h = plot.Add.HorizontalLine(r);
            h.LegendText = "target";
            h.Color = ScottPlot.Colors.Black;
        }
        PlotFile.Save(plot, path, title, "trials", yLabel);
    }
}
