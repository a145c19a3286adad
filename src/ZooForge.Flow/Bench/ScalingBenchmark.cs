using ZooForge.Flow.Report.Plots;
using System.Diagnostics;
using ZooForge.Flow.Search;
using ZooForge.Search.Benchmarks;
using ZooForge.Search.Engine;
using ZooForge.Search.Engine.Distributed;
using ZooForge.Search.Store;
using ZooForge.Search.Store.Postgres;

namespace ZooForge.Flow.Bench;

/// <summary>One scaling run: <paramref name="Workers"/> worker processes on a fresh EDP study.</summary>
/// <param name="Workers">Worker processes.</param>
/// <param name="EvaluationMs">The simulated evaluation time per trial (0: the EDP model's own microseconds).</param>
/// <param name="Trials">Trials stored (the budget).</param>
/// <param name="WallSeconds">From starting the workers to the last one's exit, start-up included.</param>
/// <param name="BusySeconds">From the first claim to the last completion, server time.</param>
/// <param name="EvaluationSeconds">Time spent evaluating, summed over trials.</param>
public sealed record ScalingRun(int Workers, double EvaluationMs, int Trials, double WallSeconds, double BusySeconds, double EvaluationSeconds)
{
    /// <summary>Trials per minute while the workers were busy.</summary>
    public double TrialsPerMinute => BusySeconds > 0 ? 60 * Trials / BusySeconds : 0;

    /// <summary>Trials per minute including the workers' start-up.</summary>
    public double TrialsPerMinuteWall => WallSeconds > 0 ? 60 * Trials / WallSeconds : 0;

    /// <summary>Milliseconds per trial not spent evaluating, per worker: the coordination's cost (stale check, replay and proposal, claim, completion).</summary>
    public double CoordinationMsPerTrial => Trials == 0 ? 0 : 1000 * (BusySeconds * Workers - EvaluationSeconds) / Trials;
}

/// <summary>What committing one trial costs in each store, milliseconds.</summary>
/// <param name="SqliteAddMs">SQLite <c>Add</c> (synchronous = FULL).</param>
/// <param name="PostgresAddMs">PostgreSQL <c>Add</c> (the sequential engine's path).</param>
/// <param name="Samples">Trials added to each store.</param>
public sealed record StoreOverhead(double SqliteAddMs, double PostgresAddMs, int Samples);

/// <summary>
/// The distributed search's scaling figure: trials per minute of 1, 2 and 4 <c>zooforge
/// worker</c> processes on one PostgreSQL study of the hardware-only EDP problem, with and
/// without a simulated evaluation time, and the store overhead per trial of SQLite and
/// PostgreSQL. It uses the server at <c>--storage</c> (one fresh study per run) or starts a
/// throw-away cluster (<see cref="ScratchPostgres"/>, fsync off).
/// </summary>
public static class ScalingBenchmark
{
    /// <summary>Runs every (evaluation time, worker count) pair in turn, then measures the stores.</summary>
    public static (List<ScalingRun> Runs, StoreOverhead Overhead) Run(string? storage, IReadOnlyList<int> workers, IReadOnlyList<(double Ms, int Budget)> settings,
        string folder, Action<string> say)
    {
        using var own = storage is null ? ScratchPostgres.Start() : null;
        var runs = new List<ScalingRun>();
        foreach (var (ms, budget) in settings)
        foreach (int count in workers)
        {
            string url = own?.CreateDatabase() ?? storage!;
            string study = $"bench-scaling-{count}w-{ms:0}ms-{DateTime.UtcNow:yyyyMMddHHmmssfff}";
            using var store = PostgresTrialStore.Open(url, study);
            StudyWorkers.CreateEdp(store, "random", 1, budget, TimeSpan.FromMilliseconds(ms), WorkerSettings.Default);
            var errors = new List<string>();
            var clock = Stopwatch.StartNew();
            var codes = LocalWorkers.Run(url, study, folder, count, null, (k, line) =>
            {
                if (line.Contains("error", StringComparison.Ordinal)) lock (errors) errors.Add($"worker {k}: {line}");
            });
            clock.Stop();
            var outcomes = StudyReplay.Outcomes(store.StudyTrials());
            if (codes.Any(c => c != 0) || outcomes.Count != budget)
                throw new InvalidOperationException($"scaling: {count} workers on {study} stopped with exit codes {string.Join(", ", codes)} and {outcomes.Count} of {budget} trials: {string.Join("; ", errors)}");
            var run = new ScalingRun(count, ms, outcomes.Count, clock.Elapsed.TotalSeconds, store.BusySpan()?.TotalSeconds ?? 0, outcomes.Sum(o => o.FastSeconds));
            say($"scaling: {count} worker(s), {ms:0} ms per evaluation: {run.Trials} trials, {run.TrialsPerMinute:0} per minute busy ({run.TrialsPerMinuteWall:0} with start-up), {run.CoordinationMsPerTrial:0.0} ms coordination per trial");
            runs.Add(run);
        }
        var overhead = MeasureStores(own?.CreateDatabase() ?? storage!, folder);
        say($"store overhead: SQLite {overhead.SqliteAddMs:0.00} ms, PostgreSQL {overhead.PostgresAddMs:0.00} ms per added trial ({overhead.Samples} trials)");
        return (runs, overhead);
    }

    // The sequential engine's cost per trial: one committed Add of a realistic EDP trial.
    private static StoreOverhead MeasureStores(string url, string folder)
    {
        const int samples = 100;
        var problem = EdpProblem.ResNet18OnZcu102();
        var candidate = problem.Space.Create(Enumerable.Repeat(0, problem.Space.Genes.Count).ToArray());
        var trial = new ProblemTrialEvaluator(problem).EvaluateWithSeed(0, candidate, 1);
        string sqliteFolder = Path.Combine(folder, "store-overhead");
        Directory.CreateDirectory(sqliteFolder);
        string sqlitePath = Path.Combine(sqliteFolder, TrialStore.FileName);
        File.Delete(sqlitePath);
        try
        {
            using var sqlite = TrialStore.Open(sqlitePath);
            using var postgres = PostgresTrialStore.Open(url, $"bench-overhead-{DateTime.UtcNow:yyyyMMddHHmmssfff}");
            double PerAdd(ITrialStore store)
            {
                var clock = Stopwatch.StartNew();
                for (int i = 0; i < samples; i++) store.Add(trial with { Index = i });
                return clock.Elapsed.TotalMilliseconds / samples;
            }
            return new StoreOverhead(PerAdd(sqlite), PerAdd(postgres), samples);
        }
        finally
        {
            Directory.Delete(sqliteFolder, recursive: true);
        }
    }

    /// <summary>Trials per minute (busy) against worker count, one line per evaluation time, to <paramref name="path"/>.</summary>
    public static void Plot(string path, IReadOnlyList<ScalingRun> runs)
    {
        var plot = new ScottPlot.Plot();
        ScottPlot.Color[] colors = [ScottPlot.Colors.SteelBlue, ScottPlot.Colors.Red, ScottPlot.Colors.Green, ScottPlot.Colors.Orange];
        int colour = 0;
        foreach (var group in runs.GroupBy(r => r.EvaluationMs))
        {
            var line = plot.Add.Scatter(group.Select(r => (double)r.Workers).ToArray(), group.Select(r => r.TrialsPerMinute).ToArray());
            line.LegendText = group.Key == 0 ? "EDP model only (store-bound)" : $"{group.Key:0} ms per evaluation";
            line.Color = colors[colour++ % colors.Length];
        }
        PlotFile.Save(plot, path, "distributed search: trials per minute against worker processes (one PostgreSQL study)", "workers", "trials per minute");
    }
}
