using ZooForge.Search.Engine;
using ZooForge.Search.Space;

namespace ZooForge.Search.Nasaic;

/// <summary>The sequential baseline's outcome: the most accurate networks, then the best hardware for them.</summary>
/// <param name="Accuracies">Per task (configuration order), correct and total validation images.</param>
/// <param name="Measurement">The chosen hardware with those networks.</param>
/// <param name="Candidate">The same design as a point of the space.</param>
/// <param name="HardwareDesigns">Hardware designs the ASIC step compared.</param>
public sealed record NasaicBaselineResult(IReadOnlyList<(int Correct, int Total)> Accuracies, NasaicMeasurement Measurement, Candidate Candidate, int HardwareDesigns);

/// <summary>
/// NAS followed by ASIC design, in the same run as the co-search: first each task's most accurate
/// network among its zoo candidates (unchanged: a cut network fine-tuned for a short batch budget is
/// not more accurate than the network it was cut from; ties go to the earlier candidate), then
/// every hardware design of the space for those networks (templates, shares and assignment,
/// exhaustively: the networks are fixed and each network's cost per sub-accelerator is cached),
/// keeping the one that meets every spec with the largest hardware term of the reward, or — when
/// none meets them all, which is the baseline's failure mode — the one of least spec excess
/// (Σ max(0, value / bound − 1)).
/// </summary>
public static class NasaicBaseline
{
    /// <summary>Runs the baseline.</summary>
    /// <param name="problem">The problem (its cost cache is shared with the co-search).</param>
    /// <param name="accuracy">Slow exploration (for width 0 it measures the checkpoint as trained).</param>
    /// <returns>The baseline's networks and hardware.</returns>
    public static NasaicBaselineResult Run(NasaicProblem problem, INasaicAccuracy accuracy)
    {
        var config = problem.Config;
        long seed = config.FineTune.Seed;
        var space = problem.Space;
        var fixedChoices = new int[space.Genes.Count];
        var free = new List<int>();
        var accuracies = new List<(int Correct, int Total)>();
        int widthZero = config.Widths.ToList().IndexOf(0);
        foreach (var task in config.Tasks)
        {
            var best = task.Candidates.Select((model, i) => (Index: i, Score: accuracy.Accuracy(new NasaicArchitecture(task.Name, model, 0), seed)))
                .OrderByDescending(c => (double)c.Score.Correct / c.Score.Total).ThenBy(c => c.Index).First();
            fixedChoices[GeneIndex(space, $"{task.Name}.model")] = best.Index;
            // Without width 0 in the space the baseline takes the least cut width the space allows.
            fixedChoices[GeneIndex(space, $"{task.Name}.width")] = Math.Max(0, widthZero);
            accuracies.Add(best.Score);
        }
        var fixedGenes = config.Tasks.SelectMany(t => new[] { GeneIndex(space, $"{t.Name}.model"), GeneIndex(space, $"{t.Name}.width") }).ToHashSet();
        for (int g = 1; g < space.Genes.Count; g++)
            if (!fixedGenes.Contains(g)) free.Add(g);

        Candidate? chosen = null;
        NasaicMeasurement? best2 = null;
        double bestTerm = double.NegativeInfinity;
        int designs = 0;
        var choices = (int[])fixedChoices.Clone();
        while (true)
        {
            var candidate = space.Create(choices);
            var design = problem.Design(candidate);
            if (NasaicProblem.InputViolation(design) is null)
            {
                designs++;
                var m = problem.Measure(design);
                if (m.Estimate is { } e)
                {
                    double term = config.Reward.HardwareTerm(config.Specs, e.LatencyMs, e.EnergyUj, e.AreaMm2);
                    if (best2 is null || Better(m, term, best2, bestTerm)) (chosen, best2, bestTerm) = (candidate, m, term);
                }
            }
            int k = free.Count - 1;
            while (k >= 0 && ++choices[free[k]] == space.Genes[free[k]].Values.Count) choices[free[k--]] = 0;
            if (k < 0) break;
        }
        if (best2 is null || chosen is null)
            throw new SearchInfeasibleException("the sequential baseline found no hardware design on which every layer of its networks maps");
        return new NasaicBaselineResult(accuracies, best2, chosen, designs);
    }

    // Meeting every spec beats missing one; among designs that meet them, the larger hardware term;
    // among designs that miss, the smaller excess (then the larger term). Strict, so the first found wins ties.
    private static bool Better(NasaicMeasurement m, double term, NasaicMeasurement best, double bestTerm)
    {
        if (m.MeetsSpecs != best.MeetsSpecs) return m.MeetsSpecs;
        if (!m.MeetsSpecs && m.Excess != best.Excess) return m.Excess < best.Excess;
        return term > bestTerm;
    }

    private static int GeneIndex(SearchSpace space, string name)
    {
        for (int i = 0; i < space.Genes.Count; i++)
            if (space.Genes[i].Layer == name) return i;
        throw new KeyNotFoundException($"the NASAIC space has no gene '{name}'");
    }
}
