using System.Globalization;
using ZooForge.Cli.App;
using ZooForge.Flow.Check;
using ZooForge.Flow.Run;
using ZooForge.Flow.Search;

namespace ZooForge.Cli.Rendering;

/// <summary>How a finished <c>zooforge run</c> reads: its JSON, or the Pareto and check tables and the error line that explains a failure.</summary>
internal static class RunConsole
{
    /// <summary>Prints <paramref name="result"/>; a failed run also gets its one-line reason on standard error.</summary>
    public static void Print(CliOutput o, RunResult result, bool json)
    {
        var (folder, summary, check) = result;
        if (json)
            o.WriteJson(new
            {
                Folder = folder.Root, result.Passed,
                Search = SearchJson.From(summary, folder.Search),
                Check = check is null ? null : DesignCheck.ToJson(check),
                Report = new { Markdown = folder.MarkdownReport, Html = folder.HtmlReport },
            });
        else
        {
            SearchConsole.Print(o, summary, folder.Search);
            if (check is not null) o.Console_.Write(CheckTable.Of(check));
            o.Writer.WriteLine($"report: {folder.MarkdownReport} and {folder.HtmlReport}");
        }
        if (summary.Chosen is null)
            o.Error.WriteLine(SearchRun.NothingFeasible(summary, folder.Search));
        else if (check is { Passed: false })
            o.Error.WriteLine($"zooforge: error: the check of {check.Design} failed: {string.Join(", ", check.Steps.Where(st => st.Status != CheckStatus.Passed).Select(st => st.Name))}; see {folder.JUnit}");
        else if (!json)
            o.Writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {folder.Root}: passed"));
    }
}
