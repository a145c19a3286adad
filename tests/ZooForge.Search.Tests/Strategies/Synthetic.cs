using ZooForge.Search.Space;
using ZooForge.Search.Strategies;

namespace ZooForge.Search.Tests.Strategies;

/// <summary>
/// A synthetic objective on five 8-valued genes (32,768 points): reward −Σ(x_i − t_i)²/49 with a
/// single optimum at t, and an "unknown" constraint x0 + x1 ≤ 9 reported only after evaluation.
/// </summary>
internal static class Synthetic
{
    public static readonly int[] Target = [6, 2, 5, 1, 7];

    public static SearchSpace Space { get; } = new(["w"],
        Enumerable.Range(0, 5).Select(i => new Gene(GeneKind.Hardware, Enumerable.Range(0, 8).Select(v => (double)v).ToList(), Layer: $"x{i}")));

    public static int X(Candidate c, int i) => c.Hardware($"x{i}");

    public static double Reward(Candidate c) => -Enumerable.Range(0, 5).Sum(i => Math.Pow(X(c, i) - Target[i], 2)) / 49;

    public static bool Feasible(Candidate c) => X(c, 0) + X(c, 1) <= 9;

    public static Observation Observe(Candidate c) => new(Reward(c), Feasible(c), null);

    /// <summary>Drives a strategy; returns the proposals and the best feasible reward after each trial.</summary>
    public static (List<Candidate> Proposals, List<double> Best) Drive(ISearchStrategy strategy, int trials)
    {
        var proposals = new List<Candidate>();
        var best = new List<double>();
        double incumbent = double.NegativeInfinity;
        for (int i = 0; i < trials; i++)
        {
            var c = strategy.Propose();
            strategy.Observe(c, Observe(c));
            proposals.Add(c);
            if (Feasible(c)) incumbent = Math.Max(incumbent, Reward(c));
            best.Add(incumbent);
        }
        return (proposals, best);
    }

    public static double Median(IEnumerable<double> values)
    {
        var v = values.Order().ToList();
        return v.Count % 2 == 1 ? v[v.Count / 2] : (v[v.Count / 2 - 1] + v[v.Count / 2]) / 2;
    }
}
