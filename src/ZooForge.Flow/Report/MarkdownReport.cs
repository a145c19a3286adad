using System.Text;

namespace ZooForge.Flow.Report;

/// <summary>Renders a <see cref="ReportDocument"/> as Markdown (figures as image links).</summary>
public static class MarkdownReport
{
    /// <summary>The document as Markdown text.</summary>
    public static string Render(ReportDocument document)
    {
        var md = new StringBuilder();
        md.Append("# ").Append(document.Title).Append("\n\n");
        foreach (var section in document.Sections)
        {
            md.Append("## ").Append(section.Heading).Append("\n\n");
            foreach (var paragraph in section.Paragraphs) md.Append(paragraph).Append("\n\n");
            if (section.Figure is { } figure) md.Append($"![{figure.Caption}]({figure.RelativePath})\n\n");
            if (section.Table is { } table)
            {
                md.Append("| ").Append(string.Join(" | ", table.Headers.Select(Cell))).Append(" |\n");
                md.Append('|').Append(string.Concat(table.Headers.Select(_ => "---|"))).Append('\n');
                foreach (var row in table.Rows) md.Append("| ").Append(string.Join(" | ", row.Select(Cell))).Append(" |\n");
                md.Append('\n');
            }
        }
        return md.ToString();
    }

    private static string Cell(string text) => text.Replace("|", "\\|").Replace("\n", " ");
}
