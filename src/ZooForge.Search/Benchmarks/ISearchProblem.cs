using ZooForge.Search.Space;
using ZooForge.Search.Strategies;

namespace ZooForge.Search.Benchmarks;

/// <summary>What one evaluation of a benchmark problem produced.</summary>
/// <param name="Observation">What the strategy is told.</param>
/// <param name="Objective">The problem's objective when the candidate is feasible, else null.</param>
/// <param name="Accuracy">Accuracy when the problem measures one and the candidate is feasible (for the hypervolume), else null.</param>
/// <param name="LatencyMs">Latency of its hardware, or null.</param>
public sealed record ProblemOutcome(Observation Observation, double? Objective, double? Accuracy, double? LatencyMs);

/// <summary>
/// A problem every strategy can be benchmarked on: a space of genes, the known constraints
/// (cheap to check before evaluating), and an evaluation.
/// </summary>
public interface ISearchProblem
{
    /// <summary>Short name used on the command line (<c>edp</c>, <c>cosearch</c>).</summary>
    string Name { get; }

    /// <summary>What the objective is, for tables and plots (e.g. <c>EDP (mJ·ms)</c>).</summary>
    string ObjectiveName { get; }

    /// <summary>True when a larger objective is better.</summary>
    bool Maximise { get; }

    /// <summary>The genes strategies search.</summary>
    SearchSpace Space { get; }

    /// <summary>Known constraints: whether a candidate is worth evaluating at all.</summary>
    bool IsValid(Candidate candidate);

    /// <summary>Evaluates one candidate (deterministic: the same candidate gives the same outcome).</summary>
    ProblemOutcome Evaluate(Candidate candidate);
}
