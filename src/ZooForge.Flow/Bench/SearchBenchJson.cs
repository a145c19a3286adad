using ZooForge.Search.Benchmarks;
using ZooForge.Search.HwSw;
using ZooForge.Search.Nahas;

namespace ZooForge.Flow.Bench;

/// <summary>The <c>bench-search</c> results as the plain objects <c>bench.json</c>, <c>scaling.json</c> and <c>--json</c> hold.</summary>
public static class SearchBenchJson
{
    /// <summary>One problem's entry of <c>bench.json</c>.</summary>
    public static object Problem(ProblemBench problem) => problem switch
    {
        HwSwBench { HwSw: var h } => new { problem = h.Result.Problem, objective = h.Result.ObjectiveName, budget = h.Result.Budget, hwsw = HwSw(h), runs = Runs(h.Result) },
        NahasBench { Nahas: var n } => new { problem = n.Result.Problem, objective = n.Result.ObjectiveName, budget = n.Result.Budget, nahas = Nahas(n), runs = Runs(n.Result) },
        StrategyBench { Result: var r } => Strategies(r),
        _ => throw new ArgumentException($"{problem.GetType().Name} has no bench.json entry", nameof(problem)),
    };

    /// <summary>The scaling figure.</summary>
    public static object Scaling(ScalingBench s) => new
    {
        runs = s.Runs.Select(r => new
        {
            workers = r.Workers, evaluation_ms = r.EvaluationMs, trials = r.Trials, wall_seconds = r.WallSeconds, busy_seconds = r.BusySeconds,
            trials_per_minute = r.TrialsPerMinute, trials_per_minute_wall = r.TrialsPerMinuteWall, coordination_ms_per_trial = r.CoordinationMsPerTrial,
        }),
        store_overhead_ms = new { sqlite_add = s.Overhead.SqliteAddMs, postgres_add = s.Overhead.PostgresAddMs, samples = s.Overhead.Samples },
        plot = s.Plot,
    };

    private static object Strategies(ProblemResult r) => new
    {
        problem = r.Problem,
        objective = r.ObjectiveName,
        maximise = r.Maximise,
        budget = r.Budget,
        optimum = r.Optimum,
        optimum_candidate = r.OptimumKey,
        exhaustive_evaluations = r.ExhaustiveEvaluations,
        hypervolume_reference = r.Reference is { } h ? new { accuracy = h.Accuracy, latency_ms = h.LatencyMs } : null,
        strategies = r.Summaries(),
        runs = r.Runs.Select(run => new
        {
            strategy = run.Strategy, seed = run.Seed, best = run.Best, hypervolume = run.Hypervolume, candidates = run.Keys,
            feasible = run.Feasible, invalid = run.Invalid, seconds = run.Elapsed.TotalSeconds, trials_to_optimum = r.TrialsToOptimum(run),
        }),
    };

    private static object Runs(ProblemResult r) => r.Runs.Select(run => new
    {
        strategy = run.Strategy, seed = run.Seed, best = run.Best, candidates = run.Keys, feasible = run.Feasible, invalid = run.Invalid, seconds = run.Elapsed.TotalSeconds,
    });

    private static object HwSw(HwSwBenchResult h) => new
    {
        valid_points = h.ValidPoints,
        mappings_per_point = h.MappingsPerPoint,
        eyeriss = new
        {
            edp = h.Eyeriss.Edp, feasible = h.Eyeriss.Feasible, violation = h.Eyeriss.Violation ?? h.EyerissInputViolation,
            workloads = h.Eyeriss.Workloads.Select(w => new { workload = w.Workload, edp = w.EdpMjMs, latency_ms = w.LatencyMs, energy_mj = w.EnergyMj }),
        },
        methods = h.Methods().Select(m => new
        {
            method = m.Method, median_edp = m.MedianEdp, per_seed = m.PerSeed, improvement_over_eyeriss = m.ImprovementOverEyeriss,
            nested_improvement = m.NestedImprovement, median_feasible = m.MedianFeasible, median_invalid = m.MedianInvalid,
        }),
    };

    private static object Nahas(NahasBenchResult b) => new
    {
        valid_points = b.ValidPoints, trained = b.Trained, minutes = b.Elapsed.TotalMinutes,
        latency_ms_max = b.Config.Constraints.LatencyMsMax, area_mm2_max = b.Config.Constraints.AreaMm2Max,
        comparisons = b.Comparisons.Select(p => new
        {
            strategy = p.Key,
            seeds = p.Value.Select(c => new
            {
                seed = c.Seed, co_search = Measurement(c.CoSearch), fixed_hardware = Measurement(c.Fixed), accuracy_gain = c.AccuracyGain,
                latency_reduction = c.LatencyReduction, energy_reduction = c.EnergyReduction,
            }),
        }),
    };

    private static object? Measurement(NahasMeasurement? m) => m is null ? null : new
    {
        architecture = m.Architecture.Key, hardware = m.Hardware.ToString(), accuracy = m.Accuracy, latency_ms = m.Cost.LatencyMs, energy_uj = m.Cost.EnergyUj, area_mm2 = m.Cost.AreaMm2,
    };
}
