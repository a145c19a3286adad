using ZooForge.Asic.Description;
using ZooForge.Asic.Eyeriss;

namespace ZooForge.Search.HwSw;

/// <summary>The hand-set design the co-design is measured against: the built-in <c>eyeriss-like</c> (14×12 PEs, 520 B, 108 KB) with every layer's best mapping.</summary>
public static class EyerissBaseline
{
    /// <summary>The built-in accelerator's name.</summary>
    public const string AcceleratorName = "eyeriss-like";

    /// <summary>
    /// Maps every layer of <paramref name="workloads"/> on <c>eyeriss-like</c> with the nested
    /// problem's inner search <paramref name="inner"/> (the real mapper), so that the comparison is of hardware alone, and checks the output
    /// constraints; its input constraints are reported in <paramref name="inputViolation"/> but do not stop it.
    /// </summary>
    public static HwSwMeasurement Measure(IReadOnlyList<HwSwWorkload> workloads, HwSwConstraints constraints, MapperInnerSearch inner, out string? inputViolation)
    {
        var hw = AcceleratorCatalogue.Resolve(AcceleratorName);
        inputViolation = constraints.InputViolation(hw);
        var measurement = HwSwEvaluator.Measure(EyerissPoint.Of(hw), hw, workloads, constraints, inner);
        return measurement with { Hardware = hw };
    }
}
