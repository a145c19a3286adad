using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace ZooForge.Flow.Check;

/// <summary>The check as JUnit XML (one test suite, one test case per step), as CI servers read it.</summary>
public static class JUnitReport
{
    /// <summary>The XML text of <paramref name="report"/>.</summary>
    public static string ToXml(CheckReport report)
    {
        static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture);
        var suite = new XElement("testsuite",
            new XAttribute("name", $"zooforge check {report.Design}"),
            new XAttribute("tests", report.Steps.Count),
            new XAttribute("failures", report.Steps.Count(s => s.Status == CheckStatus.Failed)),
            new XAttribute("skipped", report.Steps.Count(s => s.Status == CheckStatus.Skipped)),
            new XAttribute("time", Seconds(TimeSpan.FromTicks(report.Steps.Sum(s => s.Duration.Ticks)))));
        foreach (var step in report.Steps)
        {
            var testCase = new XElement("testcase",
                new XAttribute("classname", $"zooforge.check.{report.Design}"),
                new XAttribute("name", step.Name),
                new XAttribute("time", Seconds(step.Duration)));
            if (step.Status == CheckStatus.Failed) testCase.Add(new XElement("failure", new XAttribute("message", step.Message), step.Message));
            if (step.Status == CheckStatus.Skipped) testCase.Add(new XElement("skipped", new XAttribute("message", step.Message)));
            var metrics = string.Join("\n", step.Metrics.Select(m => $"{m.Key} = {m.Value.ToString("R", CultureInfo.InvariantCulture)}"));
            testCase.Add(new XElement("system-out", step.Message + (metrics.Length > 0 ? "\n" + metrics : "")));
            suite.Add(testCase);
        }
        var document = new XDocument(new XDeclaration("1.0", "utf-8", null), new XElement("testsuites", suite));
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), NewLineChars = "\n" };
        var builder = new StringBuilder();
        using (var writer = XmlWriter.Create(new StringWriter(builder, CultureInfo.InvariantCulture), settings)) document.Save(writer);
        return builder.ToString().Replace("encoding=\"utf-16\"", "encoding=\"utf-8\"") + "\n";
    }
}
