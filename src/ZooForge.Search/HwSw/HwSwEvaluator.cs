using ZooForge.Asic.Description;
using ZooForge.Asic.Eyeriss;

namespace ZooForge.Search.HwSw;

/// <summary>Costs one hardware point: every distinct layer of every workload mapped by an inner search.</summary>
public static class HwSwEvaluator
{
    /// <summary>
    /// Maps every layer of <paramref name="workloads"/> on <paramref name="point"/> (built on
    /// <paramref name="template"/>) with <paramref name="inner"/> and checks the output constraints.
    /// The first layer with no fitting mapping stops the evaluation: the point is infeasible.
    /// </summary>
    public static HwSwMeasurement Measure(EyerissPoint point, SpatialAccelerator template, IReadOnlyList<HwSwWorkload> workloads,
        HwSwConstraints constraints, IInnerSearch inner)
    {
        var hw = point.ToAccelerator(template);
        var costs = new List<WorkloadCost>(workloads.Count);
        long evaluated = 0;
        foreach (var workload in workloads)
        {
            long cycles = 0;
            double energyPj = 0;
            foreach (var (layer, count) in workload.Shapes)
            {
                var result = inner.Map(layer, hw);
                evaluated += result.Evaluated;
                if (result.Cost is not { } cost)
                {
                    return new HwSwMeasurement
                    {
                        Point = point, Hardware = hw, Workloads = [], MappingsEvaluated = evaluated,
                        Violation = $"no mapping of {workload.Name}'s layer '{layer.Name}' fits: {result.Refusal}",
                    };
                }
                cycles += count * cost.Cycles;
                energyPj += count * cost.EnergyPj;
            }
            costs.Add(new WorkloadCost(workload.Name, cycles, energyPj * 1e-9, cycles / (hw.ClockMhz * 1000)));
        }
        string? violation = costs.Select(c => constraints.LatencyViolation(c.Workload, c.LatencyMs)).FirstOrDefault(v => v is not null);
        return new HwSwMeasurement { Point = point, Hardware = hw, Workloads = costs, MappingsEvaluated = evaluated, Violation = violation };
    }
}
