using System.Diagnostics;
using ZooForge.Search.Strategies;

namespace ZooForge.Search.Benchmarks;

/// <summary>One strategy's run on one problem with one seed, trial by trial.</summary>
/// <param name="Strategy">Strategy name.</param>
/// <param name="Seed">Search seed.</param>
/// <param name="Best">Best feasible objective after each trial (null until one is feasible).</param>
/// <param name="Hypervolume">Normalised hypervolume of the feasible (accuracy, latency) points after each trial; empty when the problem has no accuracy.</param>
/// <param name="Keys">Candidate proposed at each trial.</param>
/// <param name="Feasible">Feasible trials.</param>
/// <param name="Invalid">Trials that violated a known constraint (not worth evaluating).</param>
/// <param name="Elapsed">Wall time, including evaluations not served from a cache.</param>
public sealed record StrategyRun(string Strategy, long Seed, IReadOnlyList<double?> Best, IReadOnlyList<double> Hypervolume,
    IReadOnlyList<string> Keys, int Feasible, int Invalid, TimeSpan Elapsed);

/// <summary>Runs strategies on a problem at equal budgets: the same loop for every strategy (propose, evaluate, observe).</summary>
public static class StrategyBenchmark
{
    /// <summary>Runs <paramref name="strategy"/> for <paramref name="budget"/> trials; <paramref name="hypervolume"/> is null when the problem has no accuracy.</summary>
    public static StrategyRun Run(ISearchProblem problem, ISearchStrategy strategy, long seed, int budget, Hypervolume? hypervolume = null)
    {
        var clock = Stopwatch.StartNew();
        var best = new List<double?>(budget);
        var volume = new List<double>();
        var keys = new List<string>(budget);
        var front = new List<(double, double)>();
        double? incumbent = null;
        int feasible = 0, invalid = 0;
        for (int i = 0; i < budget; i++)
        {
            var candidate = strategy.Propose();
            var outcome = problem.Evaluate(candidate);
            strategy.Observe(candidate, outcome.Observation);
            keys.Add(candidate.Key);
            if (outcome.Observation.Feasible) feasible++;
            if (!problem.IsValid(candidate)) invalid++;
            if (outcome.Objective is { } objective && (incumbent is null || (problem.Maximise ? objective > incumbent : objective < incumbent)))
                incumbent = objective;
            best.Add(incumbent);
            if (hypervolume is null) continue;
            if (outcome.Accuracy is { } a && outcome.LatencyMs is { } l) front.Add((a, l));
            volume.Add(hypervolume.Of(front));
        }
        return new StrategyRun(strategy.Name, seed, best, volume, keys, feasible, invalid, clock.Elapsed);
    }
}
