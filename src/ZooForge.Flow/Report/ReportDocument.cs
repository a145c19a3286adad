namespace ZooForge.Flow.Report;

/// <summary>A table of a report: header cells and rows of plain-text cells.</summary>
/// <param name="Headers">Column headers.</param>
/// <param name="Rows">Rows, each as long as <paramref name="Headers"/>.</param>
public sealed record ReportTable(IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows);

/// <summary>A picture of a report: a PNG in the run folder.</summary>
/// <param name="RelativePath">Path relative to the report file.</param>
/// <param name="Caption">What the picture shows.</param>
public sealed record ReportFigure(string RelativePath, string Caption);

/// <summary>One section: a heading, paragraphs of plain text, then optional figure and table.</summary>
public sealed record ReportSection(string Heading, IReadOnlyList<string> Paragraphs, ReportFigure? Figure = null, ReportTable? Table = null);

/// <summary>
/// A report independent of its format, so the Markdown and the HTML page say the same things.
/// </summary>
/// <param name="Title">Document title.</param>
/// <param name="Sections">Sections in order.</param>
public sealed record ReportDocument(string Title, IReadOnlyList<ReportSection> Sections);
