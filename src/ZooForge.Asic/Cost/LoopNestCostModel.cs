using ZooForge.Asic.Description;
using ZooForge.Asic.Mapping;
using ZooForge.Asic.Problem;

namespace ZooForge.Asic.Cost;

/// <summary>
/// The analytical cost model of a loop-nest mapping on a spatial accelerator.
/// <para>
/// Each level of the nest runs its loops over the tile its parent hands it. Every iteration of a
/// level delivers the new part of its input and weight tiles to its sub-units over the NoC
/// (ingress), lets them compute (the sub-level's own runtime, or the PE's MACs at the last level)
/// and collects a finished output tile (egress). With double buffering the three overlap, so an
/// iteration takes the longest of them; only the first iteration of a run exposes its ingress,
/// as the pipeline fills. The top level also waits for the shared buffer: every step streams its
/// whole input and weight tile in from off-chip and its output tile out, at the off-chip bandwidth.
/// </para>
/// <para>
/// Iterations are not enumerated one by one. They fall into classes by which loop advanced (the
/// loops inside it reset) and which outer loops sit on a partial last tile; each class has a
/// closed-form count, so a layer costs a few dozen class evaluations however large it is.
/// </para>
/// </summary>
public static class LoopNestCostModel
{
    /// <summary>Costs <paramref name="mapping"/> of <paramref name="layer"/> on <paramref name="hardware"/>.</summary>
    /// <exception cref="MappingException">The mapping is malformed, needs more PEs than there are, or its tiles exceed L1, L2 or the register file.</exception>
    public static LayerCost Evaluate(in AsicLayer layer, SpatialAccelerator hardware, LoopNest mapping)
    {
        layer.Validate();
        mapping.Validate(hardware.Pes);
        var evaluator = new CostEvaluator();
        if (!evaluator.TryEvaluate(layer, hardware, mapping, out var cost, out var refusal))
            throw new MappingException($"mapping '{mapping.Name}' of layer '{layer.Name}' {refusal}");
        return cost!;
    }

    /// <summary>NoC delay of <paramref name="words"/>: the head pays the hops, the rest follow one beat of <paramref name="bandwidth"/> words per cycle; nothing to move costs nothing.</summary>
    public static long NocDelay(long words, int bandwidth, int hops, int hopLatency) =>
        words <= 0 ? 0 : (long)hops * hopLatency + (words + bandwidth - 1) / bandwidth - 1;
}
