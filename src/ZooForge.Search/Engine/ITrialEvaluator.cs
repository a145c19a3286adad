using ZooForge.Search.Space;
using ZooForge.Search.Store;

namespace ZooForge.Search.Engine;

/// <summary>
/// Evaluates one trial of a search with a given seed: what a distributed worker runs on a claimed
/// trial. <see cref="SearchEngine"/> is the co-search's; benchmark problems have their own.
/// </summary>
public interface ITrialEvaluator
{
    /// <summary>The outcome of <paramref name="candidate"/> as trial <paramref name="index"/>, evaluated with <paramref name="seed"/>.</summary>
    TrialRecord EvaluateWithSeed(int index, Candidate candidate, long seed);
}
