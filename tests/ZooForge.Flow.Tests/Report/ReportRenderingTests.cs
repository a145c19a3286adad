using ZooForge.Flow.Report;

namespace ZooForge.Flow.Tests.Report;

/// <summary>The two renderings of a report document against golden files (<c>Golden/NAME.out.txt</c>).</summary>
public class ReportRenderingTests
{
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 1, 2, 3];

    /// <summary>A document with every element, and text that needs escaping in both formats.</summary>
    private static ReportDocument Sample() => new("Run <tiny> & co",
    [
        new ReportSection("Verdict", ["Chosen: a|b design.", "Second paragraph with <tags> & \"quotes\"."]),
        new ReportSection("Figures and tables", ["One figure, one table."], new ReportFigure("figures/x.png", "cycles per layer"),
            new ReportTable(["layer", "cycles"], [["conv1", "16276"], ["fc|1", "2438"]])),
    ]);

    private static string Golden(string name) =>
        File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Report", "Golden", name + ".out.txt"));

    [Test]
    public void Markdown_matches_its_golden_file() =>
        Assert.That(MarkdownReport.Render(Sample()), Is.EqualTo(Golden("sample.md")));

    [Test]
    public void Html_matches_its_golden_file_and_embeds_the_figure()
    {
        var requested = new List<string>();
        string html = HtmlReport.Render(Sample(), path => { requested.Add(path); return Png; });
        Assert.That(html, Is.EqualTo(Golden("sample.html")));
        Assert.That(requested, Is.EqualTo(new[] { "figures/x.png" }));
        Assert.That(html, Does.Contain("data:image/png;base64," + Convert.ToBase64String(Png)));
    }
}
