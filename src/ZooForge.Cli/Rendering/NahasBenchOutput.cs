using System.Globalization;
using Spectre.Console;
using ZooForge.Cli.App;
using ZooForge.Search.Nahas;

namespace ZooForge.Cli.Rendering;

/// <summary>The <c>nahas</c> benchmark's table: per strategy and seed, the co-search against the fixed-hardware baseline.</summary>
internal static class NahasBenchOutput
{
    /// <summary>The benchmark's table: per strategy, co-search against the baseline per seed.</summary>
    public static void Print(CliOutput o, NahasBenchResult b)
    {
        var table = new Table().Title(Markup.Escape($"nahas: {b.Result.Budget} trials per run, {b.Comparisons.Values.FirstOrDefault()?.Count ?? 0} seeds, targets {b.Config.Constraints}"))
            .AddColumns("strategy", "seed", "co-search best", "fixed-hw best", "accuracy gain (points)", "latency at ≥ baseline accuracy", "energy at ≥ baseline accuracy");
        foreach (var (strategy, seeds) in b.Comparisons)
        foreach (var c in seeds)
        {
            table.AddPlainRow(strategy, c.Seed.ToString(CultureInfo.InvariantCulture), Design(c.CoSearch), Design(c.Fixed), Points(c.AccuracyGain),
                Reduction(c.LatencyReduction, c.AtBaselineAccuracy?.LatencyMs, "ms"), Reduction(c.EnergyReduction, c.AtBaselineAccuracy?.EnergyUj, "µJ"));
        }
        o.Console_.Write(table);
        foreach (var (strategy, seeds) in b.Comparisons)
        {
            string Median(Func<NahasSeedComparison, double?> f) => seeds.Select(f).OfType<double>().ToList() is { Count: > 0 } v
                ? (100 * v.Order().ElementAt(v.Count / 2)).ToString("0.00", CultureInfo.InvariantCulture) : "-";
            o.Writer.WriteLine($"nahas {strategy}: median accuracy gain {Median(c => c.AccuracyGain)} points; at the baseline's accuracy median {Median(c => c.LatencyReduction)}% lower latency, {Median(c => c.EnergyReduction)}% lower energy");
        }
        o.Writer.WriteLine($"nahas: {b.ValidPoints:N0} hardware points meet the area target; {b.Trained} architectures fine-tuned ({b.Config.FineTuneBatches} batches each, {b.Config.ValidationImages} validation digits); {b.Elapsed.TotalMinutes:0.0} min");
    }

    /// <summary>The benchmark as the object <c>bench.json</c> and <c>--json</c> hold.</summary>
    private static string Design(NahasMeasurement? m) => m is null ? "none feasible"
        : string.Create(CultureInfo.InvariantCulture, $"{100 * m.Accuracy:0.00}%, {m.Cost.LatencyMs:0.####} ms, {m.Cost.EnergyUj:0.#} µJ");

    private static string Points(double? v) => v is { } x ? (100 * x).ToString("+0.00;-0.00;0.00", CultureInfo.InvariantCulture) : "-";

    private static string Reduction(double? r, double? value, string unit) => r is { } x && value is { } v
        ? string.Create(CultureInfo.InvariantCulture, $"{v:0.####} {unit} ({100 * x:0.0}% lower)") : "-";
}
