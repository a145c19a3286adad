using System.Xml.Linq;
using ZooForge.Flow.Check;

namespace ZooForge.Flow.Tests.Check;

public class JUnitReportTests
{
    [Test]
    public void Every_step_is_a_test_case_and_failures_and_skips_are_marked()
    {
        var metrics = new SortedDictionary<string, double> { ["cycles"] = 1048 };
        var report = new CheckReport("d", [
            new CheckStepResult("rtl.render", CheckStatus.Passed, TimeSpan.FromSeconds(1.5), "ok", metrics),
            new CheckStepResult("rtl.sim.tile", CheckStatus.Failed, TimeSpan.FromSeconds(2), "3 mismatch(es) <&>", metrics),
            new CheckStepResult("rtl.cycles.tile", CheckStatus.Skipped, TimeSpan.Zero, "not run", metrics),
        ]);
        var xml = XDocument.Parse(JUnitReport.ToXml(report));
        var suite = xml.Root!.Element("testsuite")!;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(suite.Attribute("tests")!.Value, Is.EqualTo("3"));
            Assert.That(suite.Attribute("failures")!.Value, Is.EqualTo("1"));
            Assert.That(suite.Attribute("skipped")!.Value, Is.EqualTo("1"));
            Assert.That(suite.Attribute("time")!.Value, Is.EqualTo("3.500"));
            var cases = suite.Elements("testcase").ToList();
            Assert.That(cases.Select(c => c.Attribute("name")!.Value), Is.EqualTo(new[] { "rtl.render", "rtl.sim.tile", "rtl.cycles.tile" }));
            Assert.That(cases[0].Element("failure"), Is.Null);
            Assert.That(cases[1].Element("failure")!.Attribute("message")!.Value, Is.EqualTo("3 mismatch(es) <&>"));
            Assert.That(cases[2].Element("skipped"), Is.Not.Null);
            Assert.That(cases[0].Element("system-out")!.Value, Does.Contain("cycles = 1048"));
        }
    }
}
