namespace ZooForge.Flow.Report.Plots;

/// <summary>Writes the search's plots.</summary>
public static class PlotFile
{
    /// <summary>
    /// Titles and labels <paramref name="plot"/> and saves it as a 900×600 PNG at
    /// <paramref name="path"/>: into a temporary file first, then moved into place, so a reader
    /// never sees half a picture.
    /// </summary>
    public static void Save(ScottPlot.Plot plot, string path, string title, string xLabel, string yLabel)
    {
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.ShowLegend();
        string temporary = path + ".tmp-" + Environment.ProcessId + ".png";
        plot.SavePng(temporary, 900, 600);
        File.Move(temporary, path, overwrite: true);
    }
}
