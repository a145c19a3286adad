using ZooForge.Emit.Model;
using ZooForge.Hardware.Accelerator;
using ZooForge.Hardware.Performance;

namespace ZooForge.Emit.Csim;

/// <summary>One schedule entry: what the instrumented csim counted beside what <see cref="ZooForgeLatencyModel"/> charges.</summary>
/// <param name="Entry">The schedule entry.</param>
/// <param name="Counted">Its counts.</param>
/// <param name="Modelled">The model's latency of the same entry, or null when the model does not cost it.</param>
/// <param name="CountedCompute">Counted MAC-loop trips plus the pipeline fill the model charges per step.</param>
public sealed record EntryAgreement(EmitLayer Entry, EntryCounts Counted, LayerLatency? Modelled, long CountedCompute)
{
    /// <summary>Whether the counted weight beats equal the model's weight term.</summary>
    public bool WeightsAgree => Modelled is not { } m || Counted.WeightBeats == (long)m.WeightCycles;

    /// <summary>Whether the counted compute trips plus fill equal the model's compute term.</summary>
    public bool ComputeAgrees => Modelled is not { } m || CountedCompute == (long)m.ComputeCycles;

    /// <summary>Whether the counted activation input beats equal the model's input term.</summary>
    public bool InputAgrees => Modelled is not { } m || Counted.InputBeats == (long)m.InputCycles;

    /// <summary>Whether the counted activation output beats equal the model's output term.</summary>
    public bool OutputAgrees => Modelled is not { } m || Counted.OutputBeats == (long)m.OutputCycles;

    /// <summary>Whether every beat and trip count equals the model's term.</summary>
    public bool Agrees => WeightsAgree && ComputeAgrees && InputAgrees && OutputAgrees;

    /// <summary>Whether the cycles folded from the counted stages are within <paramref name="share"/> of the model's.</summary>
    public bool CyclesWithin(double share) => Modelled is not { } m || Math.Abs(Counted.Cycles - m.Cycles) <= share * m.Cycles;
}

/// <summary>
/// Holds the instrumented csim of a design (<see cref="EntryCounts"/>) against the performance
/// model, entry by entry, on the workloads the schedule itself describes (<see cref="ScheduleWorkloads"/>).
/// </summary>
public static class ModelAgreement
{
    /// <summary>How far the cycles folded from the counted trips may lie from the model's, as a share of the model's (issue 17: 5%).</summary>
    public const double CycleTolerance = 0.05;

    /// <summary>Modelled cycles over counted-trip cycles, summed over the costed entries (1 when they agree).</summary>
    public static double CycleRatio(IEnumerable<EntryAgreement> rows)
    {
        var costed = rows.Where(r => r.Modelled is not null).ToArray();
        double counted = costed.Sum(r => (double)r.Counted.Cycles), modelled = costed.Sum(r => r.Modelled!.Value.Cycles);
        return modelled / Math.Max(1, counted);
    }

    /// <summary>Pairs every counted entry with the model's latency of it.</summary>
    /// <exception cref="EmitException">The counts do not cover the schedule, entry for entry.</exception>
    public static IReadOnlyList<EntryAgreement> Compare(EmitModel model, AcceleratorDesign design, IReadOnlyList<EntryCounts> counts)
    {
        if (!counts.Select(c => c.Entry).SequenceEqual(Enumerable.Range(0, model.Layers.Count)))
            throw new EmitException($"the instrumented csim reported {counts.Count} entries, the schedule has {model.Layers.Count}");
        var latency = new ZooForgeLatencyModel();
        return counts.Select(counted =>
        {
            var entry = model.Layers[counted.Entry];
            LayerLatency? modelled = ScheduleWorkloads.Of(entry) is { } workload ? latency.EvaluateLayer(workload, design) : null;
            int fill = ZooForgeLatencyModel.ComputePipelineDepth(entry.Kind == KernelKinds.Depthwise ? 1 : design.Conv.Tn);
            return new EntryAgreement(entry, counted, modelled, counted.ComputeTrips + counted.Steps * fill);
        }).ToArray();
    }
}
