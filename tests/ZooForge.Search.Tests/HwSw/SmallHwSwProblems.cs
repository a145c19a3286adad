using ZooForge.Asic.Dataflows;
using ZooForge.Asic.Eyeriss;
using ZooForge.Search.HwSw;

namespace ZooForge.Search.Tests.HwSw;

/// <summary>Fast instances of the hwsw-edp problems: ResNet-18's layers with 14×14 outputs or smaller (layer3, layer4 and fc), mapped in milliseconds.</summary>
internal static class SmallHwSwProblems
{
    public static HwSwWorkload LateResNet18()
    {
        var full = HwSwWorkload.BuiltIn("resnet18");
        return full with { Name = "resnet18-late", Shapes = full.Shapes.Where(s => s.Layer.P <= 14).ToList() };
    }

    public static HwSwConstraints Eyeriss(double? latencyMsMax = null) => new(AreaMm2Max: 2.33, PesMax: 256, LatencyMsMax: latencyMsMax);

    public static NestedHwSwProblem Nested(HwSwConstraints? constraints = null, IReadOnlyList<Dataflow>? dataflows = null) =>
        new(EyerissSpace.BuiltIn(), [LateResNet18()], constraints ?? Eyeriss(), dataflows ?? MapperInnerSearch.DefaultDataflows);

    public static FlatHwSwProblem Flat(HwSwConstraints? constraints = null) =>
        new(EyerissSpace.BuiltIn(), [LateResNet18()], constraints ?? Eyeriss(), MapperInnerSearch.DefaultDataflows);
}
