using ZooForge.Data.Mnist;
using ZooForge.Search.Space;
using ZooForge.Search.Strategies;
using ZooForge.Search.Strategies.Bayesian;
using ZooForge.Search.Strategies.Evolution;
using ZooForge.Torch.Search;

namespace ZooForge.Flow.Search;

/// <summary>The strategies <c>--strategy</c> accepts, built one way for <c>search</c> and <c>bench-search</c>.</summary>
public static class SearchStrategies
{
    /// <summary>Names in presentation order; the first is the default of <c>zooforge search</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["rl", "random", "evolution", "bo"];

    /// <summary>Throws the usual bad-input error for an unknown name.</summary>
    public static void Require(string name, string option = "--strategy")
    {
        if (!Names.Contains(name)) throw new UserInputException($"{option}: unknown strategy '{name}' (known: {string.Join(", ", Names)})");
    }

    /// <summary>
    /// Creates a strategy. <paramref name="isValid"/> are the known constraints (BO samples only
    /// within them); <paramref name="latencyTargetMs"/> is evolution's channel-scaling target.
    /// </summary>
    public static ISearchStrategy Create(string name, SearchSpace space, long seed, Func<Candidate, bool> isValid, double? latencyTargetMs) => name switch
    {
        "random" => new RandomStrategy(space, seed),
        "rl" => new ReinforceStrategy(space, seed),
        "evolution" => new EvolutionStrategy(space, seed, new EvolutionSettings(LatencyTargetMs: latencyTargetMs)),
        "bo" => new BayesianStrategy(space, seed, isValid),
        _ => throw new UserInputException($"--strategy: unknown strategy '{name}' (known: {string.Join(", ", Names)})"),
    };
}
