namespace ZooForge.Search.Strategies.Evolution;

/// <summary>Settings of <see cref="EvolutionStrategy"/>.</summary>
/// <param name="PopulationSize">Random candidates evaluated before breeding, and the number of best distinct candidates parents are drawn from.</param>
/// <param name="TournamentSize">Candidates drawn per tournament; the fittest becomes a parent.</param>
/// <param name="CrossoverRate">Probability that a child mixes two parents gene by gene (otherwise it copies one).</param>
/// <param name="ShrinkEvery">Progressive shrinking runs after every this many trials (0: never).</param>
/// <param name="ShrinkEvidence">Candidates an option value must appear in, all of them in the worse half, before it is dropped.</param>
/// <param name="LatencyTargetMs">Target of dynamic channel scaling; null turns it off.</param>
/// <param name="ScalingSlack">A parent faster than target × (1 − slack) gets its channels widened.</param>
public sealed record EvolutionSettings(
    int PopulationSize = 6,
    int TournamentSize = 3,
    double CrossoverRate = 0.5,
    int ShrinkEvery = 8,
    int ShrinkEvidence = 2,
    double? LatencyTargetMs = null,
    double ScalingSlack = 0.15);

/// <summary>One option value removed by progressive shrinking.</summary>
/// <param name="Trial">Trials observed when it was dropped.</param>
/// <param name="Gene">The gene's name.</param>
/// <param name="Value">The dropped value.</param>
/// <param name="Candidates">Evaluated candidates that used it (all in the worse half).</param>
public sealed record ShrinkEvent(int Trial, string Gene, double Value, int Candidates);
