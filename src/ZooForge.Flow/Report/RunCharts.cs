using ZooForge.Graph.Serialization;
using ZooForge.Hardware.Performance;

namespace ZooForge.Flow.Report;

/// <summary>The report's pictures: where the chosen design spends its cycles, and how much of the device it uses.</summary>
public static class RunCharts
{
    private static readonly (Bottleneck Kind, string Label, ScottPlot.Color Color)[] BottleneckColours =
    [
        (Bottleneck.Compute, "compute", ScottPlot.Colors.SteelBlue),
        (Bottleneck.LoadInput, "load input", ScottPlot.Colors.Orange),
        (Bottleneck.LoadWeight, "load weights", ScottPlot.Colors.Crimson),
        (Bottleneck.StoreOutput, "store output", ScottPlot.Colors.SeaGreen),
    ];

    /// <summary>Cycles per modelled layer, each bar coloured by the layer's bottleneck term.</summary>
    public static byte[] LayerCycles(NetworkLatency latency, string network)
    {
        var layers = latency.Layers.Where(l => l.IsModelled).ToList();
        var plot = new ScottPlot.Plot();
        var bars = layers.Select((l, i) => new ScottPlot.Bar
        {
            Position = i, Value = l.Cycles, FillColor = Colour(l.Bottleneck),
        }).ToList();
        plot.Add.Bars(bars);
        foreach (var (_, label, color) in BottleneckColours.Where(b => layers.Any(l => l.Bottleneck == b.Kind)))
            plot.Legend.ManualItems.Add(new ScottPlot.LegendItem { LabelText = label, FillColor = color });
        plot.Axes.Bottom.SetTicks(layers.Select((_, i) => (double)i).ToArray(), layers.Select(l => l.Layer.Name).ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = 60;
        plot.Axes.Bottom.TickLabelStyle.Alignment = ScottPlot.Alignment.MiddleLeft;
        plot.Axes.Bottom.MinimumSize = 140;
        plot.Axes.Margins(bottom: 0);
        plot.Title($"{network}: cycles per layer on {latency.Design} ({latency.ModelName} model; colour: bottleneck)");
        plot.YLabel("cycles");
        plot.ShowLegend(ScottPlot.Alignment.UpperRight);
        return plot.GetImageBytes(1000, 600, ScottPlot.ImageFormat.Png);
    }

    /// <summary>Share of the device each resource takes, one bar per design.</summary>
    public static byte[] Resources(IReadOnlyList<(string Design, double[] PercentOfDevice)> designs, string device)
    {
        string[] kinds = ["DSP", "BRAM18", "LUT", "FF"];
        var plot = new ScottPlot.Plot();
        ScottPlot.Color[] palette = [ScottPlot.Colors.SteelBlue, ScottPlot.Colors.Orange, ScottPlot.Colors.Gray];
        var bars = new List<ScottPlot.Bar>();
        for (int d = 0; d < designs.Count; d++)
        {
            for (int k = 0; k < kinds.Length; k++)
                bars.Add(new ScottPlot.Bar { Position = k * (designs.Count + 1) + d, Value = designs[d].PercentOfDevice[k], FillColor = palette[d % palette.Length] });
            plot.Legend.ManualItems.Add(new ScottPlot.LegendItem { LabelText = designs[d].Design, FillColor = palette[d % palette.Length] });
        }
        plot.Add.Bars(bars);
        plot.Add.HorizontalLine(100, pattern: ScottPlot.LinePattern.Dashed);
        plot.Axes.Bottom.SetTicks(kinds.Select((_, k) => k * (designs.Count + 1) + (designs.Count - 1) / 2.0).ToArray(), kinds);
        plot.Axes.Margins(bottom: 0);
        plot.Title($"resource use against the {device} (resource model; dashed: 100%)");
        plot.YLabel("% of the device");
        plot.ShowLegend();
        return plot.GetImageBytes(900, 500, ScottPlot.ImageFormat.Png);
    }

    private static ScottPlot.Color Colour(Bottleneck bottleneck) =>
        BottleneckColours.FirstOrDefault(b => b.Kind == bottleneck, BottleneckColours[0]).Color;

    /// <summary>Writes a chart whole or not at all.</summary>
    public static void Save(string path, byte[] png) => AtomicFile.WriteAllBytes(path, png);
}
