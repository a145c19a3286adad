using ZooForge.Flow.Check.RtlSteps;
using ZooForge.Rtl.Rendering;

namespace ZooForge.Flow.Check;

/// <summary>The RTL part of <c>zooforge check</c>: render, lint, simulate, compare cycles, synthesise each block.</summary>
public static class RtlCheck
{
    /// <summary>The steps in order; <paramref name="synthesis"/> false leaves out the Yosys steps.</summary>
    public static IReadOnlyList<ICheckStep> Steps(bool synthesis = true)
    {
        var steps = new List<ICheckStep> { new RenderStep(), new LintStep(), new SimulationStep(), new CycleStep() };
        if (synthesis) steps.AddRange(RtlTemplates.Blocks.Select(b => new SynthesisStep(b)));
        return steps;
    }
}
