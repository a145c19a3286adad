using System.Diagnostics;
using System.Globalization;
using System.Text;
using ZooForge.Graph.Serialization;
using ZooForge.Search.Space;
using ZooForge.Search.Store;
using ZooForge.Search.Strategies;

namespace ZooForge.Search.Nasaic;

/// <summary>One co-search run of the benchmark.</summary>
/// <param name="Strategy">Strategy.</param>
/// <param name="Seed">Search seed.</param>
/// <param name="Summary">The run, its baseline included.</param>
/// <param name="Elapsed">Its wall time (the shared caches make later runs cheaper).</param>
public sealed record NasaicBenchRun(string Strategy, long Seed, NasaicSummary Summary, TimeSpan Elapsed);

/// <summary>
/// <c>zooforge bench-search --problems nasaic</c>: the co-search of a configuration for each
/// strategy and seed 1..N, each in its own folder (<c>&lt;strategy&gt;-seed&lt;k&gt;/</c> with
/// <c>trials.db</c> and the report), with the sequential baseline beside it. The cost cache and the
/// slow exploration's accuracies are shared by every run (the fine-tune seed is the
/// configuration's), so a network is trained once per benchmark.
/// </summary>
public static class NasaicBenchmark
{
    /// <summary>Runs the benchmark; a folder left by an earlier benchmark run is replaced.</summary>
    public static List<NasaicBenchRun> Run(NasaicConfig config, NasaicZoo zoo, INasaicAccuracy accuracy, IReadOnlyList<string> strategies, int seeds, int budget,
        Func<string, SearchSpace, long, Func<Candidate, bool>, ISearchStrategy> create, string folder, Action<string>? log = null)
    {
        NasaicFeasibility.Check(config, zoo);
        var cache = new NasaicAccuracyCache(accuracy);
        var problem = new NasaicProblem(config, zoo);
        var baselineClock = Stopwatch.StartNew();
        var baseline = NasaicBaseline.Run(problem, cache);
        log?.Invoke($"nasaic: sequential baseline in {baselineClock.Elapsed.TotalSeconds:0.0} s: {NasaicOutputs.Met(baseline.Measurement)} specs met");
        var runs = new List<NasaicBenchRun>();
        for (long seed = 1; seed <= seeds; seed++)
        {
            foreach (var name in strategies)
            {
                string runFolder = Path.Combine(folder, $"{name}-seed{seed}");
                if (Directory.Exists(runFolder)) Directory.Delete(runFolder, recursive: true);
                Directory.CreateDirectory(runFolder);
                var clock = Stopwatch.StartNew();
                var strategy = create(name, problem.Space, seed, problem.IsValid);
                List<TrialRecord> trials;
                using (var store = TrialStore.Open(Path.Combine(runFolder, TrialStore.FileName)))
                {
                    try { trials = new NasaicSearch(problem, cache, store).Run(strategy, budget); }
                    finally { (strategy as IDisposable)?.Dispose(); }
                }
                var summary = new NasaicSummary(config.Name, name, seed, problem, trials, baseline, trials.Count, clock.Elapsed);
                NasaicOutputs.Write(runFolder, summary);
                runs.Add(new NasaicBenchRun(name, seed, summary, clock.Elapsed));
                log?.Invoke(string.Create(CultureInfo.InvariantCulture,
                    $"nasaic: {name} seed {seed}: {(summary.BestMeasurement is { } m ? $"{NasaicOutputs.Met(m)} specs met, reward {summary.Best!.Reward:0.####}" : "no design met every spec")}, {clock.Elapsed.TotalSeconds:0.0} s"));
            }
        }
        AtomicFile.WriteAllText(Path.Combine(folder, "nasaic.md"), Table(config, baseline, runs));
        return runs;
    }

    /// <summary>The benchmark's table: the baseline, then every run, in the paper's form.</summary>
    public static string Table(NasaicConfig config, NasaicBaselineResult baseline, IReadOnlyList<NasaicBenchRun> runs)
    {
        var rows = new List<NasaicRow>();
        if (runs.Count > 0) rows.Add(runs[0].Summary.Rows()[0]);
        foreach (var run in runs)
        {
            var best = run.Summary.Rows().Skip(1).FirstOrDefault();
            if (best is not null) rows.Add(best with { Method = $"{best.Method} ({run.Strategy}, seed {run.Seed}, {run.Elapsed.TotalMinutes:0.0} min)" });
        }
        var r = new StringBuilder();
        r.AppendLine($"# nasaic benchmark `{config.Name}`").AppendLine();
        r.Append(NasaicOutputs.ComparisonTable(config, rows)).AppendLine();
        foreach (var run in runs.Where(r => r.Summary.Best is null))
            r.AppendLine($"- {run.Strategy}, seed {run.Seed}: no design met every spec in {run.Summary.Trials.Count} trials.");
        return r.ToString();
    }
}
