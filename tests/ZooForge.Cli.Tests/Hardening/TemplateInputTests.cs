using ZooForge.Emit.Rendering;

namespace ZooForge.Cli.Tests.Hardening;

/// <summary>
/// Broken HLS templates (a template developer's folder in <c>ZOOFORGE_TEMPLATES</c>): strict
/// Scriban names the template, line and column, and no project folder is written.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class TemplateInputTests : HardeningFixture
{
    /// <summary>A copy of the shipped templates and kernels in the scratch folder.</summary>
    private string CopyTemplates() => CopyFolder(Path.Combine(AppContext.BaseDirectory, "templates", "hls"), "templates");

    /// <summary>A copy of the shipped templates with one text replaced in <paramref name="template"/>.</summary>
    private string BrokenTemplates(string template, string original, string broken)
    {
        string folder = CopyTemplates();
        string path = Path.Combine(folder, template);
        File.WriteAllText(path, Replace(File.ReadAllText(path), original, broken));
        return folder;
    }

    private string Emit(string templates)
    {
        string design = WriteDesign();
        using var _ = new EnvironmentOverride(TemplateRenderer.FolderVariable, templates);
        return AssertRefused(["emit", "--design", design, "--out", PathIn("hls"), "--images", "0"], "templates/hls/");
    }

    [Test]
    public void Unknown_member_in_a_template_names_file_line_and_member()
    {
        string line = Emit(BrokenTemplates("run_hls.tcl.scriban", "set_part {{ model.part }}", "set_part {{ model.prat }}"));
        Assert.That(line, Does.Match(@"templates/hls/run_hls\.tcl\.scriban:\d+:\d+: .*prat"));
    }

    [Test]
    public void Template_syntax_error_names_file_and_line()
    {
        string line = Emit(BrokenTemplates("top.cpp.scriban", "{{~ if model.uses_pool ~}}", "{{~ if model.uses_pool "));
        Assert.That(line, Does.Match(@"templates/hls/top\.cpp\.scriban:\d+:\d+: \S"));
    }

    [Test]
    public void Missing_template_is_named_with_the_folder()
    {
        string templates = CopyTemplates();
        File.Delete(Path.Combine(templates, "Makefile.scriban"));
        string line = Emit(templates);
        Assert.That(line, Does.Contain("templates/hls/Makefile.scriban: template does not exist").And.Contain(templates));
    }
}
