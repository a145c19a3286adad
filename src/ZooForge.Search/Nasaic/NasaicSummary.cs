using ZooForge.Search.Store;

namespace ZooForge.Search.Nasaic;

/// <summary>One row of the comparison table (the paper's form): a method's networks and hardware.</summary>
/// <param name="Method">The method's name.</param>
/// <param name="Accuracies">Per task (configuration order), the accuracy in [0, 1].</param>
/// <param name="Measurement">Its design's specs.</param>
public sealed record NasaicRow(string Method, IReadOnlyList<double> Accuracies, NasaicMeasurement Measurement);

/// <summary>A finished NASAIC search and its baseline, as the outputs describe them.</summary>
/// <param name="Name">Run name.</param>
/// <param name="Strategy">Strategy.</param>
/// <param name="Seed">Search seed.</param>
/// <param name="Problem">The problem.</param>
/// <param name="Trials">Every trial in order.</param>
/// <param name="Baseline">The sequential baseline (NAS, then ASIC design).</param>
/// <param name="NewTrials">Trials evaluated by this invocation (the rest were replayed).</param>
/// <param name="Elapsed">Wall time of this invocation.</param>
public sealed record NasaicSummary(string Name, string Strategy, long Seed, NasaicProblem Problem, IReadOnlyList<TrialRecord> Trials,
    NasaicBaselineResult Baseline, int NewTrials, TimeSpan Elapsed)
{
    /// <summary>Name of the co-search's row.</summary>
    public const string CoSearchMethod = "NASAIC co-search";

    /// <summary>Name of the baseline's row.</summary>
    public const string BaselineMethod = "NAS → ASIC (sequential)";

    /// <summary>The feasible trial of highest reward, or null.</summary>
    public TrialRecord? Best => NasaicSearch.Best(Trials);

    /// <summary>The best trial's design and specs, or null.</summary>
    public NasaicMeasurement? BestMeasurement => Best is { } b ? Problem.Measure(Problem.Space.Create(b.Choices)) : null;

    /// <summary>Trials with <paramref name="status"/>.</summary>
    public int Count(TrialStatus status) => Trials.Count(t => t.Status == status);

    /// <summary>The comparison table's rows: the baseline, then the co-search when it found a design.</summary>
    public IReadOnlyList<NasaicRow> Rows()
    {
        var rows = new List<NasaicRow>
        {
            new(BaselineMethod, Baseline.Accuracies.Select(a => (double)a.Correct / a.Total).ToList(), Baseline.Measurement),
        };
        if (Best is { } b && BestMeasurement is { } m)
            rows.Add(new(CoSearchMethod, Problem.Config.Tasks.Select(t => b.Metrics[NasaicSearch.TaskAccuracy(t.Name)]).ToList(), m));
        return rows;
    }
}
