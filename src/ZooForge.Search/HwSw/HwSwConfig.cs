using ZooForge.Asic.Dataflows;
using ZooForge.Asic.Eyeriss;

namespace ZooForge.Search.HwSw;

/// <summary>A parsed <c>problem: hwsw-edp</c> search configuration.</summary>
public sealed record HwSwConfig
{
    /// <summary>Run name (C identifier).</summary>
    public required string Name { get; init; }
    /// <summary>The hardware knobs.</summary>
    public required EyerissSpace HardwareSpace { get; init; }
    /// <summary>Built-in architectures whose EDP is minimised.</summary>
    public required IReadOnlyList<string> Workloads { get; init; }
    /// <summary>Dataflow templates the inner search tries per layer (and the flat search's dataflow gene takes).</summary>
    public required IReadOnlyList<Dataflow> Dataflows { get; init; }
    /// <summary>Input and output constraints.</summary>
    public required HwSwConstraints Constraints { get; init; }
    /// <summary>Hardware points to evaluate when the command line gives no budget.</summary>
    public required int Budget { get; init; }
    /// <summary>The YAML text it was read from (stored with the trials, so a resumed run uses the same configuration).</summary>
    public required string Text { get; init; }

    /// <summary>The nested problem this configuration describes (its workloads' layers extracted once).</summary>
    public NestedHwSwProblem NestedProblem() => new(HardwareSpace, Workloads.Select(HwSwWorkload.BuiltIn).ToList(), Constraints, Dataflows);

    /// <summary>The flat version of the same problem.</summary>
    public FlatHwSwProblem FlatProblem() => new(HardwareSpace, Workloads.Select(HwSwWorkload.BuiltIn).ToList(), Constraints, Dataflows);
}
