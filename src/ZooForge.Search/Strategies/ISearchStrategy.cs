using ZooForge.Search.Space;

namespace ZooForge.Search.Strategies;

/// <summary>
/// A search strategy: proposes candidates and learns from their rewards. The engine calls
/// <see cref="Propose"/> and then <see cref="Observe"/> once per trial, in order; a strategy
/// must be deterministic given its seed and the observations it has received, which is what lets a
/// resumed search replay the stored trials and continue exactly where it stopped.
/// </summary>
public interface ISearchStrategy
{
    /// <summary>Name on the command line and in reports.</summary>
    string Name { get; }

    /// <summary>The next candidate to evaluate.</summary>
    Candidate Propose();

    /// <summary>Feedback for the candidate last proposed.</summary>
    void Observe(Candidate candidate, Observation observation);
}
