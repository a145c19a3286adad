using System.Globalization;
using Spectre.Console;
using ZooForge.Flow.Check;

namespace ZooForge.Cli.Rendering;

/// <summary>The check's results as a console table.</summary>
internal static class CheckTable
{
    /// <summary>The summary table: step, result, seconds, details.</summary>
    public static Table Of(CheckReport report)
    {
        var table = new Table().Title(Markup.Escape($"zooforge check {report.Design}")).AddColumns("step", "result", "seconds", "details");
        foreach (var step in report.Steps)
            table.AddPlainRow(step.Name, step.Status.ToString().ToLowerInvariant(),
                step.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture), step.Message);
        return table;
    }
}
