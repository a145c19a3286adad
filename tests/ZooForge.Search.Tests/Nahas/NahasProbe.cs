using ZooForge.Asic.EdgeTpu;
using ZooForge.Search.Nahas;

namespace ZooForge.Search.Tests.Nahas;

public class NahasProbe
{
    [Test, Explicit]
    public void Probe()
    {
        var costs = new NahasCostModel();
        var space = EdgeTpuSpace.BuiltIn();
        var d = space.Default();
        var big = new MnasNetArchitecture(MnasNetArchitecture.ZooStages.Select(z => new MnasNetStage(6, 5, 1.0, z.Depth)).ToList());
        var small = NahasBlockSpace.Default.Smallest();
        foreach (var hw in new[] { d, d with { PesX = 8, PesY = 8, SimdUnits = 1 }, d with { PesX = 8, PesY = 8, SimdUnits = 2, ComputeLanes = 16 }, d with { PesX = 8, PesY = 2 }, d with { LocalMemoryKb = 64, PesX = 8, PesY = 8, SimdUnits = 1, ComputeLanes = 32 } , d with { IoBandwidthGbps = 64}})
        foreach (var a in new[] { MnasNetArchitecture.Zoo, small, big })
        {
            var c = costs.Cost(a, hw);
            TestContext.Out.WriteLine($"{hw} area {hw.ToAccelerator().AreaMm2:0.##}: {a}: {c.LatencyMs:0.#####} ms {c.EnergyUj:0.##} uJ {c.Refusal}");
        }
    }
}
