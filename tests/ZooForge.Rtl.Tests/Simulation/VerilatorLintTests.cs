using ZooForge.TestSupport;
using ZooForge.Rtl.Rendering;
using ZooForge.Rtl.Simulation;

namespace ZooForge.Rtl.Tests.Simulation;

/// <summary><c>verilator --lint-only -Wall</c> of every generated module of the three test designs (packed int8 and int4, unpacked int12) is silent.</summary>
[Category("Rtl")]
public class VerilatorLintTests
{
    [TestCaseSource(typeof(TinyDesigns), nameof(TinyDesigns.Names))]
    public void Every_module_lints_clean(string name)
    {
        using var temp = new TempFolder();
        var (tile, model, _, _, _) = TinyDesigns.Tile(name);
        var project = RtlProject.Write(Path.Combine(temp.Path, "rtl"), model, tile);
        var lint = VerilatorLint.Run(project);
        Assert.That(lint.Messages, Is.Empty);
        Assert.That(lint.Clean, Is.True);
    }

    [Test]
    public void No_template_switches_a_warning_off()
    {
        var (tile, model, _, _, _) = TinyDesigns.Tile("resnet_p4_int8");
        foreach (var (file, text) in RtlProject.Files(model, tile).Where(f => f.Key.EndsWith(".sv", StringComparison.Ordinal)))
            Assert.That(text, Does.Not.Contain("lint_off").And.Not.Contain("verilator lint"), file);
    }
}
