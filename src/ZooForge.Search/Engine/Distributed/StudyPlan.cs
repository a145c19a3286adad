using ZooForge.Search.Space;
using ZooForge.Search.Strategies;

namespace ZooForge.Search.Engine.Distributed;

/// <summary>
/// What a coordinating <see cref="StudyWorker"/> proposes from: the study's genes, a factory of
/// its strategy (a fresh one per proposal, replayed over the stored trials), the budget in
/// proposals, and the evaluation seed of a candidate (the sequential engine's
/// <see cref="SearchEngine.CandidateSeed"/>, so a distributed trial evaluates as a sequential one).
/// </summary>
/// <param name="Space">The genes.</param>
/// <param name="CreateStrategy">A new strategy with the search's seed; disposed after use when it is <see cref="IDisposable"/>.</param>
/// <param name="Budget">Proposals in total (retries of stale trials not counted).</param>
/// <param name="SeedOf">The evaluation seed of a candidate key.</param>
public sealed record StudyPlan(SearchSpace Space, Func<ISearchStrategy> CreateStrategy, int Budget, Func<string, long> SeedOf);
