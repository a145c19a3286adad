using ZooForge.TestSupport;
using ZooForge.Emit.Rendering;
using ZooForge.Emit.Tests.Support;

namespace ZooForge.Emit.Tests.Rendering;

/// <summary>Strict mode: a typo in a template fails the emit with the template file, line and column.</summary>
[TestFixture]
public sealed class TemplateErrorTests
{
    // A copy of the shipped templates with `original` replaced by `broken` in one file.
    private static TemplateRenderer Broken(TempFolder temp, string template, string original, string broken)
    {
        CopyFolder(TemplateRenderer.DefaultFolder, temp.Path);
        string path = Path.Combine(temp.Path, template);
        string text = File.ReadAllText(path);
        Assert.That(text, Does.Contain(original));
        File.WriteAllText(path, text.Replace(original, broken, StringComparison.Ordinal));
        return new TemplateRenderer(temp.Path);
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private static string EmitError(TemplateRenderer renderer)
    {
        using var temp = new TempFolder();
        string design = SyntheticNetworks.WriteDesign(temp.Combine("design"), SyntheticNetworks.DenseOnly().Network);
        var e = Assert.Throws<EmitException>(() => HlsEmitter.Emit(design, temp.Combine("out"), new EmitOptions { Renderer = renderer }))!;
        Assert.That(Directory.Exists(temp.Combine("out")), Is.False, "nothing is written");
        return e.Message;
    }

    private static int LineOf(string file, string text) =>
        File.ReadAllLines(file).Select((line, i) => (line, i)).First(x => x.line.Contains(text, StringComparison.Ordinal)).i + 1;

    // (template, original text, typo, what the message must name)
    private static IEnumerable<TestCaseData> Typos()
    {
        yield return new TestCaseData("run_hls.tcl.scriban", "set_part {{ model.part }}", "set_part {{ model.prat }}", "prat").SetName("Typo_names_template_file_and_line(unknown member)");
        yield return new TestCaseData("config.h.scriban", "{{~ for l in model.layers ~}}", "{{~ for l in modle.layers ~}}", "modle").SetName("Typo_names_template_file_and_line(unknown variable)");
        yield return new TestCaseData("config.h.scriban", "{{ l.taps }}", "{{ l.tapz }}", "tapz").SetName("Typo_names_template_file_and_line(unknown member of a loop item)");
    }

    [TestCaseSource(nameof(Typos))]
    public void Typo_names_template_file_and_line(string template, string original, string typo, string name)
    {
        using var templates = new TempFolder();
        var renderer = Broken(templates, template, original, typo);
        int line = LineOf(Path.Combine(templates.Path, template), typo);
        Assert.That(EmitError(renderer), Does.StartWith($"templates/hls/{template}:{line}:").And.Contain(name));
    }

    [Test]
    public void Syntax_error_names_template_file_and_line()
    {
        using var templates = new TempFolder();
        // An unterminated tag: Scriban reports where the parser gave up, at or after the tag.
        var renderer = Broken(templates, "top.cpp.scriban", "{{~ if model.uses_pool ~}}", "{{~ if model.uses_pool ");
        int line = LineOf(Path.Combine(templates.Path, "top.cpp.scriban"), "if model.uses_pool");
        var match = System.Text.RegularExpressions.Regex.Match(EmitError(renderer), @"^templates/hls/top\.cpp\.scriban:(\d+):(\d+): \S");
        Assert.That(match.Success, "message starts with file:line:col");
        Assert.That(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThanOrEqualTo(line));
    }
}
