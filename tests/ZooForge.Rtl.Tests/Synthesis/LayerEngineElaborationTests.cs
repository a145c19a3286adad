using ZooForge.Rtl.Rendering;
using ZooForge.Rtl.Synthesis;
using ZooForge.TestSupport;

namespace ZooForge.Rtl.Tests.Synthesis;

/// <summary>Yosys 0.23 reads the layer engine and every module under it and elaborates it at the design's full Tm.</summary>
[Category("Rtl")]
public class LayerEngineElaborationTests
{
    [TestCaseSource(typeof(TinyDesigns), nameof(TinyDesigns.Names))]
    public void Yosys_elaborates_the_layer_engine(string name)
    {
        using var temp = new TempFolder();
        var (tile, model, _, _, _) = TinyDesigns.Tile(name);
        var project = RtlProject.Write(temp.Combine("rtl"), model, tile);
        var result = YosysElaboration.Run(project, RtlTemplates.LayerEngine, temp.Combine("yosys"));
        Assert.That(result.Passed, Is.True, result.Log);
        Assert.That(result.Log, Does.Not.Contain("ERROR"));
    }
}
