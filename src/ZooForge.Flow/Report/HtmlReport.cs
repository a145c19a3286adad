using System.Net;
using System.Text;

namespace ZooForge.Flow.Report;

/// <summary>
/// Renders a <see cref="ReportDocument"/> as one self-contained HTML page: styles inline and every
/// figure embedded as a data URI, so the page can be mailed or archived as a single file.
/// </summary>
public static class HtmlReport
{
    private const string Style = """
        body { font-family: system-ui, sans-serif; max-width: 70em; margin: 2em auto; padding: 0 1em; color: #222; }
        h1 { border-bottom: 2px solid #4682b4; padding-bottom: .3em; }
        h2 { margin-top: 2em; color: #2f5f8a; }
        table { border-collapse: collapse; margin: 1em 0; font-size: .9em; }
        th, td { border: 1px solid #ccc; padding: .3em .6em; text-align: left; vertical-align: top; }
        th { background: #eef3f8; }
        tr:nth-child(even) td { background: #fafafa; }
        figure { margin: 1em 0; } figure img { max-width: 100%; border: 1px solid #ddd; }
        figcaption { font-size: .85em; color: #555; }
        """;

    /// <summary>The page; <paramref name="readFigure"/> returns a figure's PNG bytes from its relative path.</summary>
    public static string Render(ReportDocument document, Func<string, byte[]> readFigure)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>").Append(Encode(document.Title)).Append("</title>\n");
        html.Append("<style>\n").Append(Style).Append("\n</style>\n</head>\n<body>\n");
        html.Append("<h1>").Append(Encode(document.Title)).Append("</h1>\n");
        foreach (var section in document.Sections)
        {
            html.Append("<h2>").Append(Encode(section.Heading)).Append("</h2>\n");
            foreach (var paragraph in section.Paragraphs) html.Append("<p>").Append(Encode(paragraph)).Append("</p>\n");
            if (section.Figure is { } figure)
                html.Append("<figure><img alt=\"").Append(Encode(figure.Caption)).Append("\" src=\"data:image/png;base64,")
                    .Append(Convert.ToBase64String(readFigure(figure.RelativePath))).Append("\"><figcaption>")
                    .Append(Encode(figure.Caption)).Append("</figcaption></figure>\n");
            if (section.Table is { } table)
            {
                html.Append("<table>\n<tr>");
                foreach (var header in table.Headers) html.Append("<th>").Append(Encode(header)).Append("</th>");
                html.Append("</tr>\n");
                foreach (var row in table.Rows)
                {
                    html.Append("<tr>");
                    foreach (var cell in row) html.Append("<td>").Append(Encode(cell)).Append("</td>");
                    html.Append("</tr>\n");
                }
                html.Append("</table>\n");
            }
        }
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
