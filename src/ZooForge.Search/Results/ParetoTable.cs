using System.Globalization;
using ZooForge.Search.Expressions;
using ZooForge.Search.Store;

namespace ZooForge.Search.Results;

/// <summary>
/// The Pareto front as a table of text cells, the one layout the console, the search report and
/// the run report all print.
/// </summary>
public static class ParetoTable
{
    /// <summary>Column headings.</summary>
    public static IReadOnlyList<string> Headers { get; } = ["trial", "candidate", "accuracy", "latency (ms)", "DSP", "energy (mJ)", "design"];

    /// <summary>One row per design of <paramref name="front"/>, in its order.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Rows(IEnumerable<TrialRecord> front) =>
        front.Select(p => (IReadOnlyList<string>)
        [
            p.Index.ToString(CultureInfo.InvariantCulture), p.Key, Percent(p.Accuracy), Number(p.LatencyMs, "0.#####"),
            Number(p.Metrics.GetValueOrDefault(Metrics.Dsp), "0"), Number(p.Metrics.GetValueOrDefault(Metrics.EnergyMj), "0.#####"),
            p.Design?.ToString() ?? "-",
        ]).ToList();

    private static string Percent(double fraction) => double.IsNaN(fraction) ? "-" : Number(100 * fraction, "0.00") + "%";

    private static string Number(double value, string format) => double.IsNaN(value) ? "-" : value.ToString(format, CultureInfo.InvariantCulture);
}
