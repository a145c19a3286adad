using System.Diagnostics;
using ZooForge.Search.Engine;
using ZooForge.Search.Space;
using ZooForge.Search.Store;

namespace ZooForge.Search.Benchmarks;

/// <summary>
/// A benchmark problem's evaluation as trials a distributed worker can store: feasible with the
/// problem's objective, violating when the candidate misses the problem's feasibility, pruned
/// when it breaks a known constraint; the reward and latency are the problem's observation, so a
/// replayed strategy learns what it learnt live. <paramref name="cost"/> holds each trial for at
/// least that long without using the CPU, standing in for an evaluation that runs elsewhere (a
/// fine-tune on a GPU): with it the scaling benchmark measures parallel evaluation, without it the
/// store's and the coordination's overhead.
/// </summary>
public sealed class ProblemTrialEvaluator(ISearchProblem problem, TimeSpan cost = default) : ITrialEvaluator
{
    /// <inheritdoc />
    public TrialRecord EvaluateWithSeed(int index, Candidate candidate, long seed)
    {
        var clock = Stopwatch.StartNew();
        var outcome = problem.Evaluate(candidate);
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        if (outcome.LatencyMs is { } latency) metrics[Expressions.Metrics.LatencyMs] = latency;
        if (outcome.Objective is { } objective) metrics["objective"] = objective;
        var status = !problem.IsValid(candidate) ? TrialStatus.Pruned : outcome.Observation.Feasible ? TrialStatus.Feasible : TrialStatus.Violates;
        if (cost > clock.Elapsed) Thread.Sleep(cost - clock.Elapsed);
        return new TrialRecord
        {
            Index = index, Key = candidate.Key, Choices = candidate.Choices, Status = status, Metrics = metrics,
            Objective = outcome.Objective ?? double.NaN, Reward = outcome.Observation.Reward, Seed = seed, FastSeconds = clock.Elapsed.TotalSeconds,
        };
    }
}
