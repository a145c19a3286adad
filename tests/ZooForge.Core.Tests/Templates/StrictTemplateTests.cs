using ZooForge.Core.Templates;

namespace ZooForge.Core.Tests.Templates;

/// <summary>The one strict renderer of HLS and RTL templates.</summary>
[TestFixture]
public sealed class StrictTemplateTests
{
    private sealed record Model(int ClockPeriodNs, IReadOnlyList<string> Layers);

    private static readonly Model Sample = new(5, ["conv1", "fc"]);

    [Test]
    public void Members_are_snake_case_either_at_top_level_or_under_one_variable()
    {
        Assert.That(StrictTemplate.Render("t", "{{ clock_period_ns }}", Sample), Is.EqualTo("5"));
        Assert.That(StrictTemplate.Render("t", "{{ model.clock_period_ns }}|{{ for l in model.layers }}{{ l }};{{ end }}", Sample, "model"), Is.EqualTo("5|conv1;fc;"));
    }

    [Test]
    public void Output_has_unix_line_endings_whatever_the_template_has() =>
        Assert.That(StrictTemplate.Render("t", "a\r\n{{ clock_period_ns }}\r\nb\r\n", Sample), Is.EqualTo("a\n5\nb\n"));

    [TestCase("x\n{{ clock_period }}", "templates/a.scriban:2:4")]
    [TestCase("{{ model.layer }}", "templates/a.scriban:1:")]
    public void An_unknown_name_is_an_error_with_its_position(string text, string where)
    {
        var e = Assert.Throws<TemplateException>(() => StrictTemplate.Render("templates/a.scriban", text, Sample, text.Contains("model") ? "model" : null))!;
        Assert.That(e.Message, Does.StartWith(where));
    }

    [Test]
    public void A_syntax_error_names_the_template_and_line()
    {
        var e = Assert.Throws<TemplateException>(() => StrictTemplate.Render("templates/b.scriban", "ok\n{{ for x in layers }}", Sample))!;
        Assert.That(e.Message, Does.StartWith("templates/b.scriban:2:"));
    }

    /// <summary>An ImageNet network's weight table is tens of MB: Scriban's default 1 MiB output cap must not cut it.</summary>
    [Test]
    public void Output_beyond_one_mebibyte_is_not_truncated()
    {
        var rows = Enumerable.Range(0, 400_000).Select(i => $"{i % 256 - 128},{i % 7},").ToArray();
        string output = StrictTemplate.Render("t", "{{ for l in layers }}{{ l }}\n{{ end }}end", new Model(5, rows));
        Assert.That(output, Has.Length.GreaterThan(2 << 20));
        Assert.That(output, Does.EndWith(rows[^1] + "\nend"));
    }
}
