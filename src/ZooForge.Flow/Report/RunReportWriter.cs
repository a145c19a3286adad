using ZooForge.Flow.Run;
using ZooForge.Graph.Serialization;

namespace ZooForge.Flow.Report;

/// <summary>Writes a run's figures, <c>report.md</c> and the self-contained <c>report.html</c>, each whole or not at all.</summary>
public static class RunReportWriter
{
    /// <summary>Writes everything into <paramref name="folder"/>.</summary>
    public static void Write(RunFolder folder, RunReport report)
    {
        var figures = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        string pareto = Path.Combine(folder.Search, "pareto.png");
        if (File.Exists(pareto)) figures[RunReportDocument.ParetoFigure] = File.ReadAllBytes(pareto);
        if (report.ChosenLatency is { } latency) figures[RunReportDocument.LayersFigure] = RunCharts.LayerCycles(latency, report.Search.Chosen!.Key);
        if (report.ChosenResources is { } usage)
        {
            var bars = new List<(string, double[])> { ("chosen design", Percentages(usage, report.Device)) };
            if (report.Search.BestBaseline?.Design is { } baseline)
                bars.Add(("sequential baseline's design", Percentages(Hardware.Resources.ResourceModel.Estimate(baseline), report.Device)));
            figures[RunReportDocument.ResourcesFigure] = RunCharts.Resources(bars, report.Device.Board);
        }
        foreach (var (relative, png) in figures) AtomicFile.WriteAllBytes(Path.Combine(folder.Root, relative), png);

        var document = RunReportDocument.Create(report, figures.Keys.ToHashSet(StringComparer.Ordinal));
        AtomicFile.WriteAllText(folder.MarkdownReport, MarkdownReport.Render(document));
        AtomicFile.WriteAllText(folder.HtmlReport, HtmlReport.Render(document, relative => figures[relative]));
    }

    private static double[] Percentages(Hardware.Resources.ResourceUsage usage, Hardware.Devices.Device device) =>
        RunReportDocument.Resources(usage, device).Select(r => 100.0 * r.Used / r.Available).ToArray();
}
