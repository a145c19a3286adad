using System.Globalization;
using Spectre.Console;
using ZooForge.Cli.App;
using ZooForge.Search.HwSw;

namespace ZooForge.Cli.Rendering;

/// <summary>The <c>hwsw-edp</c> benchmark's table: EDP per method with the paper's "% EDP improvement" against each baseline.</summary>
internal static class HwSwBenchOutput
{
    public static void Print(CliOutput o, HwSwBenchResult h)
    {
        var r = h.Result;
        int seeds = r.Runs.Count / Math.Max(1, r.Strategies.Count);
        var table = new Table().Title(Markup.Escape($"{r.Problem}: {r.Budget} hardware points per run, {seeds} seeds, medians over seeds"))
            .AddColumns("method", "median best EDP (mJ·ms)", "best per seed", "vs eyeriss-like", "nested-bo lower by", "feasible", "invalid");
        foreach (var m in h.Methods())
        {
            table.AddPlainRow(m.Method, Number(m.MedianEdp), string.Join(", ", m.PerSeed.Select(v => v is { } x ? Number(x) : "none")),
                Percent(m.ImprovementOverEyeriss), m.Method == HwSwStrategies.NestedBo ? "-" : double.IsFinite(m.MedianEdp) ? Percent(m.NestedImprovement) : "none feasible to compare",
                Number(m.MedianFeasible), Number(m.MedianInvalid));
        }
        double? nested = h.Methods().FirstOrDefault(m => m.Method == HwSwStrategies.NestedBo)?.MedianEdp;
        table.AddPlainRow(EyerissBaseline.AcceleratorName, h.Eyeriss.Edp is { } e ? Number(e) : "infeasible", "-", "0.00%",
            nested is { } n && h.Eyeriss.Edp is { } eb ? Percent(1 - n / eb) : "-", h.Eyeriss.Feasible ? "1" : "0", h.EyerissInputViolation is null ? "0" : "1");
        o.Console_.Write(table);
        o.Writer.WriteLine($"{r.Problem}: {h.ValidPoints:N0} hardware points meet the input constraints; inner search: median {h.MappingsPerPoint:N0} mappings per hardware point (per distinct layer shape: rs exhaustive, ws and os the mapper's 1,500-evaluation heuristic)");
        o.Writer.WriteLine($"{r.Problem} baseline: {h.Eyeriss.Hardware}: {string.Join("; ", h.Eyeriss.Workloads.Select(w => string.Create(CultureInfo.InvariantCulture, $"{w.Workload} {w.EdpMjMs:0.###} mJ·ms ({w.LatencyMs:0.###} ms, {w.EnergyMj:0.###} mJ)")))}"
            + (h.Eyeriss.Violation is { } v ? $"; misses: {v}" : "") + (h.EyerissInputViolation is { } iv ? $"; misses: {iv}" : ""));
    }

    private static string Number(double v) => double.IsInfinity(v) ? "none" : v.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Percent(double v) => double.IsFinite(v) ? (100 * v).ToString("0.00", CultureInfo.InvariantCulture) + "%" : "-";
}
