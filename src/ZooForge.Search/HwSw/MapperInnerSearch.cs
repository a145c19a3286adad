using ZooForge.Asic.Dataflows;
using ZooForge.Asic.Description;
using ZooForge.Asic.Mapping;
using ZooForge.Asic.Problem;

namespace ZooForge.Search.HwSw;

/// <summary>
/// The nested inner loop: for each layer, the project's mapper under each allowed dataflow
/// template (which loops are spread over the PEs is part of the mapping, as in Shi et al.'s
/// software space), keeping the mapping of lowest layer EDP (ties: fewer cycles). Its budget per
/// layer: rs spaces (output-column, input-channel and output-channel tiles, and the order of the
/// three top-level loops; at most 7 × 7 × 7 × 6 = 2,058 points) are below the mapper's exhaustive
/// limit of 4,096 and searched exhaustively; ws and os spaces (cluster size, kernel-row, row or
/// channel and column tiles, and up to 5! loop orders) are larger and get the mapper's heuristic:
/// 500 seeded random starts, then hill climbing, 1,500 evaluations in all. So a layer costs at most
/// 2,058 + 2 × 1,500 = 5,058 mappings. Other <see cref="MapperOptions"/> change those limits.
/// </summary>
public sealed class MapperInnerSearch(IReadOnlyList<Dataflow> dataflows, MapperOptions? options = null) : IInnerSearch
{
    /// <summary>The dataflows the inner search tries when a configuration names none: all three of the Eyeriss-like array's.</summary>
    public static IReadOnlyList<Dataflow> DefaultDataflows { get; } = [Dataflow.RowStationary, Dataflow.WeightStationary, Dataflow.OutputStationary];

    private readonly Mapper _mapper = new();
    private readonly MapperOptions _options = options ?? new() { Objective = Objective.Edp };

    /// <summary>The dataflows tried per layer.</summary>
    public IReadOnlyList<Dataflow> Dataflows { get; } = dataflows.Count > 0 ? dataflows : throw new ArgumentException("the inner search needs at least one dataflow");

    /// <inheritdoc />
    public InnerResult Map(in AsicLayer layer, SpatialAccelerator hw)
    {
        MappingResult? best = null;
        int evaluated = 0;
        string? refusal = null;
        foreach (var dataflow in Dataflows)
        {
            try
            {
                var result = _mapper.Map(layer, hw, dataflow, _options);
                evaluated += result.Evaluated;
                if (best is null || result.Cost.Edp < best.Cost.Edp || (result.Cost.Edp == best.Cost.Edp && result.Cost.Cycles < best.Cost.Cycles))
                    best = result;
            }
            catch (MappingException e)
            {
                refusal ??= e.Message;
            }
        }
        return new InnerResult(best?.Cost, evaluated, best is null ? refusal : null);
    }
}
