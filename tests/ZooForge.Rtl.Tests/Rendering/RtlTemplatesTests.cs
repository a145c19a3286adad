using ZooForge.TestSupport;
using ZooForge.Core.Templates;
using ZooForge.Rtl.Rendering;

namespace ZooForge.Rtl.Tests.Rendering;

public class RtlTemplatesTests
{
    private static string GoldenFolder => Path.Combine(TestContext.CurrentContext.TestDirectory, "Rendering", "Golden");

    private static string SourceGoldenFolder([System.Runtime.CompilerServices.CallerFilePath] string source = "") =>
        Path.Combine(Path.GetDirectoryName(source)!, "Golden");

    /// <summary>Golden cases: <c>MODULE.DESIGN.txt</c> names what to render, <c>MODULE.DESIGN.out.txt</c> holds the expected SystemVerilog.</summary>
    public static IEnumerable<string> GoldenCases() =>
        Directory.EnumerateFiles(Path.Combine(TestContext.CurrentContext.TestDirectory, "Rendering", "Golden"), "*.txt")
            .Where(f => !f.EndsWith(".out.txt", StringComparison.Ordinal)).Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!;

    [TestCaseSource(nameof(GoldenCases))]
    public void Rendering_matches_the_golden_file(string @case)
    {
        var fields = File.ReadAllLines(Path.Combine(GoldenFolder, @case + ".txt"))
            .Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim());
        var (_, model, _, _, _) = TinyDesigns.Tile(fields["design"]);
        string rendered = RtlTemplates.Render(fields["module"], model);
        string expected = Path.Combine(GoldenFolder, @case + ".out.txt");
        // ZOOFORGE_UPDATE_GOLDEN=1 rewrites the expectations in the source tree (review the diff).
        if (Environment.GetEnvironmentVariable("ZOOFORGE_UPDATE_GOLDEN") == "1")
            File.WriteAllText(Path.Combine(SourceGoldenFolder(), @case + ".out.txt"), rendered);
        Assert.That(rendered, Is.EqualTo(File.ReadAllText(expected)));
    }

    [Test]
    public void Rendering_is_deterministic()
    {
        var (tile, model, _, _, _) = TinyDesigns.Tile("vgg_p8_int4");
        var (again, againModel, _, _, _) = TinyDesigns.Tile("vgg_p8_int4");
        Assert.That(RtlProject.Files(againModel, again), Is.EqualTo(RtlProject.Files(model, tile)));
    }

    [Test]
    public void An_unknown_variable_fails_naming_the_template_and_line()
    {
        var (_, model, _, _, _) = TinyDesigns.Tile("resnet_p4_int8");
        var e = Assert.Throws<TemplateException>(() => RtlTemplates.Render("typo.sv.scriban", "module m;\n// {{ tm }} {{ t_m }}\nendmodule\n", model));
        Assert.That(e!.Message, Does.Contain("templates/rtl/typo.sv.scriban:2:").And.Contain("t_m"));
    }

    [Test]
    public void An_unknown_member_fails_instead_of_rendering_empty_text()
    {
        var (_, model, _, _, _) = TinyDesigns.Tile("resnet_p4_int8");
        var e = Assert.Throws<TemplateException>(() => RtlTemplates.Render("member.sv.scriban", "{{ files.wieghts }}", model));
        Assert.That(e!.Message, Does.Contain("templates/rtl/member.sv.scriban:1:"));
    }

    [Test]
    public void A_syntax_error_names_the_template()
    {
        var (_, model, _, _, _) = TinyDesigns.Tile("resnet_p4_int8");
        var e = Assert.Throws<TemplateException>(() => RtlTemplates.Render("broken.sv.scriban", "{{ for x in patterns }}", model));
        Assert.That(e!.Message, Does.Contain("broken.sv.scriban"));
    }
}
