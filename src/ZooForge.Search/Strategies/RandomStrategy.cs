using ZooForge.Search.Space;

namespace ZooForge.Search.Strategies;

/// <summary>
/// Uniform random sampling of the genes (rewards are ignored). Given the known constraints it
/// samples among the candidates they accept (rejection sampling), as a random search that knows
/// the input constraints would; without, it samples the whole space.
/// </summary>
public sealed class RandomStrategy(SearchSpace space, long seed, Func<Candidate, bool>? isValid = null) : ISearchStrategy
{
    private const int MaxRejections = 100_000;
    private readonly Random _random = new(unchecked((int)seed ^ (int)(seed >> 32)));

    /// <inheritdoc />
    public string Name => "random";

    /// <inheritdoc />
    public Candidate Propose()
    {
        var candidate = space.Sample(_random);
        // A space with almost no valid point falls back to an invalid one rather than spinning.
        for (int i = 0; isValid is not null && i < MaxRejections && !isValid(candidate); i++) candidate = space.Sample(_random);
        return candidate;
    }

    /// <inheritdoc />
    public void Observe(Candidate candidate, Observation observation) { }
}
