using ZooForge.Asic.Dataflows;
using ZooForge.Asic.Eyeriss;
using ZooForge.Search.Space;

namespace ZooForge.Search.HwSw;

/// <summary>
/// <c>hwsw-edp</c>, nested: the genes are the hardware knobs only, and every layer's mapping is
/// searched per hardware point by <see cref="MapperInnerSearch"/> (per distinct layer shape: rs
/// exhaustively, ws and os by the mapper's 1,500-evaluation heuristic).
/// </summary>
public sealed class NestedHwSwProblem(EyerissSpace hardware, IReadOnlyList<HwSwWorkload> workloads, HwSwConstraints constraints, IReadOnlyList<Dataflow> dataflows)
    : HwSwProblem(hardware, workloads, constraints, [])
{
    /// <summary>The problem's name on the command line.</summary>
    public const string ProblemName = "hwsw-edp";

    private readonly MapperInnerSearch _inner = new(dataflows);

    /// <summary>The dataflows the inner search tries per layer.</summary>
    public IReadOnlyList<Dataflow> Dataflows => _inner.Dataflows;

    /// <inheritdoc />
    public override string Name => ProblemName;

    /// <inheritdoc />
    protected override IInnerSearch InnerSearch(Candidate candidate) => _inner;
}
