using ZooForge.Search.Space;

namespace ZooForge.Search.Strategies;

/// <summary>Uniform random sampling of the genes (rewards are ignored).</summary>
public sealed class RandomStrategy(SearchSpace space, long seed) : ISearchStrategy
{
    private readonly Random _random = new(unchecked((int)seed ^ (int)(seed >> 32)));

    /// <inheritdoc />
    public string Name => "random";

    /// <inheritdoc />
    public Candidate Propose() => space.Sample(_random);

    /// <inheritdoc />
    public void Observe(Candidate candidate, Observation observation) { }
}
