using ZooForge.Search.Expressions;
using System.Globalization;
using System.Text;
using ZooForge.Search.Store;

namespace ZooForge.Search.HwSw;

/// <summary>A finished <c>hwsw-edp</c> search, as its outputs describe it.</summary>
/// <param name="Name">Run name.</param>
/// <param name="Strategy">Outer strategy.</param>
/// <param name="Seed">Search seed.</param>
/// <param name="Problem">The nested problem.</param>
/// <param name="Trials">Every trial in order.</param>
/// <param name="Eyeriss">The hand-set baseline with its best mappings.</param>
/// <param name="NewTrials">Trials evaluated by this invocation (the rest were replayed).</param>
/// <param name="Elapsed">Wall time of this invocation.</param>
public sealed record HwSwSummary(string Name, string Strategy, long Seed, NestedHwSwProblem Problem, IReadOnlyList<TrialRecord> Trials,
    HwSwMeasurement Eyeriss, int NewTrials, TimeSpan Elapsed)
{
    /// <summary>The best feasible trial, or null.</summary>
    public TrialRecord? Best => HwSwSearch.Best(Trials);

    /// <summary>1 − best EDP / Eyeriss's EDP (the paper's "% EDP improvement"), or null.</summary>
    public double? ImprovementOverEyeriss => Best is { } b && Eyeriss.Edp is { } e ? 1 - b.Objective / e : null;

    /// <summary>Feasible trials not dominated in (EDP ↓, area ↓), by EDP.</summary>
    public List<TrialRecord> Pareto()
    {
        var feasible = Trials.Where(t => t.Status == TrialStatus.Feasible).GroupBy(t => t.Key).Select(g => g.First()).ToList();
        return feasible.Where(t => !feasible.Any(o => o != t && o.Objective <= t.Objective && o.Metrics[AsicMetrics.AreaMm2] <= t.Metrics[AsicMetrics.AreaMm2]
                && (o.Objective < t.Objective || o.Metrics[AsicMetrics.AreaMm2] < t.Metrics[AsicMetrics.AreaMm2])))
            .OrderBy(t => t.Objective).ToList();
    }

    /// <summary>Trials with <paramref name="status"/>.</summary>
    public int Count(TrialStatus status) => Trials.Count(t => t.Status == status);
}

/// <summary>Writes <c>report.md</c>, <c>pareto.csv</c> and the best design's <c>hardware.yaml</c> into a run folder, each whole or not at all.</summary>
public static class HwSwOutputs
{
    /// <summary>Writes every output; returns the paths written.</summary>
    public static List<string> Write(string folder, HwSwSummary s)
    {
        var files = new Results.RunFiles(folder);
        var Save = files.Save;
        Save("report.md", Report(s));
        Save("pareto.csv", ParetoCsv(s));
        if (s.Best is { } best)
        {
            var hw = s.Problem.Point(s.Problem.Space.Create(best.Choices)).ToAccelerator(s.Problem.Hardware.Base, $"{s.Name.Replace('_', '-').ToLowerInvariant()}-t{best.Index}");
            Save("hardware.yaml", HwSwHardwareYaml.Write(hw, hw.Name, $"hwsw-edp search {s.Name}, trial {best.Index}, EDP {F(best.Objective)} mJ·ms"));
        }
        return files.Written;
    }

    private static string ParetoCsv(HwSwSummary s)
    {
        var csv = new StringBuilder("trial,key,edp_mj_ms,area_mm2,pes,latency_ms\n");
        foreach (var t in s.Pareto())
            csv.Append(CultureInfo.InvariantCulture, $"{t.Index},{t.Key},{F(t.Objective)},{F(t.Metrics[AsicMetrics.AreaMm2])},{t.Metrics[AsicMetrics.Pes]},{F(t.LatencyMs)}\n");
        return csv.ToString();
    }

    private static string Report(HwSwSummary s)
    {
        var p = s.Problem;
        var r = new StringBuilder();
        r.AppendLine($"# hwsw-edp search `{s.Name}`").AppendLine();
        r.AppendLine($"- Strategy `{s.Strategy}`, seed {s.Seed}, {s.Trials.Count} hardware points ({s.NewTrials} evaluated in this run, {s.Elapsed.TotalSeconds:0.0} s).");
        r.AppendLine($"- Workloads: {string.Join(", ", p.Workloads.Select(w => $"{w.Name} ({w.Layers} layers, {w.Shapes.Count} distinct)"))}; objective: geometric mean of their EDPs.");
        r.AppendLine($"- Hardware space `{p.Hardware.Name}` on `{p.Hardware.Base.Name}`: {string.Join(", ", p.Hardware.Knobs.Select(k => $"{k.Name} {k.Values[0]}..{k.Values[^1]} ({k.Values.Count})"))}; {p.Hardware.Size:N0} points.");
        r.AppendLine($"- Constraints: {p.Constraints}.");
        r.AppendLine($"- Inner search per layer: the mapper under {string.Join(", ", p.Dataflows.Select(d => Asic.Dataflows.DataflowNames.ShortName(d)))} (rs exhaustive, ws/os 1,500 evaluations), lowest layer EDP kept.");
        r.AppendLine($"- Trials: {s.Count(TrialStatus.Feasible)} feasible, {s.Count(TrialStatus.Violates)} missed an output constraint, {s.Count(TrialStatus.Pruned)} missed an input constraint (never mapped), {s.Count(TrialStatus.Failed)} failed.").AppendLine();
        r.AppendLine("## Result").AppendLine();
        r.AppendLine("| design | EDP (mJ·ms) | " + string.Join(" | ", p.Workloads.Select(w => $"{w.Name} EDP / latency")) + " | area mm² | PEs |");
        r.AppendLine("|---|---:|" + string.Concat(p.Workloads.Select(_ => "---:|")) + "---:|---:|");
        if (s.Best is { } b)
            r.AppendLine($"| best: trial {b.Index}, {p.Point(p.Space.Create(b.Choices))} | {F(b.Objective)} | " + string.Join(" | ", p.Workloads.Select(w => $"{F(b.Metrics[AsicMetrics.Of(AsicMetrics.EdpMjMs, w.Name)])} / {F(b.Metrics[AsicMetrics.Of(Metrics.LatencyMs, w.Name)])} ms")) + $" | {F(b.Metrics[AsicMetrics.AreaMm2])} | {b.Metrics[AsicMetrics.Pes]} |");
        var e = s.Eyeriss;
        r.AppendLine($"| {EyerissBaseline.AcceleratorName} (hand-set, best mappings) | {(e.Edp is { } ee ? F(ee) : "no mapping")} | " + string.Join(" | ", e.Workloads.Select(w => $"{F(w.EdpMjMs)} / {F(w.LatencyMs)} ms")) + $" | {F(e.Hardware.AreaMm2)} | {e.Hardware.Pes} |");
        r.AppendLine();
        r.AppendLine(s.ImprovementOverEyeriss is { } gain
            ? string.Create(CultureInfo.InvariantCulture, $"EDP improvement over {EyerissBaseline.AcceleratorName}: {100 * gain:0.0}%{(e.Violation is { } v ? $" (the baseline itself misses: {v})" : "")}.")
            : "No feasible design was found.");
        var failed = s.Trials.Where(t => t.Status == TrialStatus.Failed).ToList();
        if (failed.Count > 0)
        {
            r.AppendLine().AppendLine("## Failed trials").AppendLine();
            foreach (var f in failed) r.AppendLine($"- trial {f.Index} `{f.Key}`: {f.FailureKind}: {f.Note}");
        }
        r.AppendLine().AppendLine("## Pareto front (EDP ↓, area ↓)").AppendLine().AppendLine("| trial | design | EDP (mJ·ms) | area mm² |").AppendLine("|---:|---|---:|---:|");
        foreach (var t in s.Pareto()) r.AppendLine($"| {t.Index} | {p.Point(p.Space.Create(t.Choices))} | {F(t.Objective)} | {F(t.Metrics[AsicMetrics.AreaMm2])} |");
        return r.ToString();
    }

    private static string F(double v) => v.ToString("0.###", CultureInfo.InvariantCulture);
}
