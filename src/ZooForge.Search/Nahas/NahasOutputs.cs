using ZooForge.Search.Expressions;
using System.Globalization;
using System.Text;
using ZooForge.Search.HwSw;
using ZooForge.Search.Store;

namespace ZooForge.Search.Nahas;

/// <summary>One half of a finished <c>nahas</c> run: the co-search or the fixed-hardware baseline.</summary>
/// <param name="Problem">The problem searched.</param>
/// <param name="Trials">Every trial in order.</param>
/// <param name="NewTrials">Trials evaluated by this invocation (the rest were replayed).</param>
public sealed record NahasHalf(NahasProblem Problem, IReadOnlyList<TrialRecord> Trials, int NewTrials)
{
    /// <summary>The most accurate feasible trial, or null.</summary>
    public TrialRecord? Best => NahasSearch.Best(Trials);

    /// <summary>Trials with <paramref name="status"/>.</summary>
    public int Count(TrialStatus status) => Trials.Count(t => t.Status == status);

    /// <summary>Feasible trials not dominated in (accuracy ↑, latency ↓, energy ↓), most accurate first.</summary>
    public List<TrialRecord> Pareto()
    {
        var feasible = Trials.Where(t => t.Status == TrialStatus.Feasible).GroupBy(t => t.Key).Select(g => g.First()).ToList();
        static bool Dominates(TrialRecord a, TrialRecord b) =>
            a.Objective >= b.Objective && a.LatencyMs <= b.LatencyMs && a.Metrics[AsicMetrics.EnergyUj] <= b.Metrics[AsicMetrics.EnergyUj]
            && (a.Objective > b.Objective || a.LatencyMs < b.LatencyMs || a.Metrics[AsicMetrics.EnergyUj] < b.Metrics[AsicMetrics.EnergyUj]);
        return feasible.Where(t => !feasible.Any(o => Dominates(o, t))).OrderByDescending(t => t.Objective).ThenBy(t => t.LatencyMs).ToList();
    }
}

/// <summary>A finished <c>nahas</c> run: the co-search and its fixed-hardware baseline at the same targets.</summary>
/// <param name="Name">Run name.</param>
/// <param name="Strategy">Strategy of both searches.</param>
/// <param name="Seed">Search seed.</param>
/// <param name="Config">The configuration.</param>
/// <param name="CoSearch">The co-search.</param>
/// <param name="Fixed">The fixed-hardware baseline.</param>
/// <param name="Trained">Architectures fine-tuned by this invocation.</param>
/// <param name="Elapsed">Wall time of this invocation.</param>
public sealed record NahasSummary(string Name, string Strategy, long Seed, NahasConfig Config, NahasHalf CoSearch, NahasHalf Fixed, int Trained, TimeSpan Elapsed)
{
    /// <summary>The per-seed comparison of the two halves' feasible designs.</summary>
    public NahasSeedComparison Comparison() => NahasBenchmark.Compare(Seed, Feasible(CoSearch), Feasible(Fixed));

    private static List<NahasMeasurement> Feasible(NahasHalf h) =>
        h.Trials.Where(t => t.Status == TrialStatus.Feasible).Select(t => h.Problem.Measured(t)).ToList();
}

/// <summary>Writes <c>report.md</c>, <c>pareto.csv</c> and the co-search's best <c>hardware.yaml</c> into a run folder, each whole or not at all.</summary>
public static class NahasOutputs
{
    /// <summary>Writes every output; returns the paths written.</summary>
    public static List<string> Write(string folder, NahasSummary s)
    {
        var files = new Results.RunFiles(folder);
        var Save = files.Save;
        Save("report.md", Report(s));
        Save("pareto.csv", ParetoCsv(s));
        if (s.CoSearch.Best is { } best)
        {
            var p = s.CoSearch.Problem;
            var c = p.Space.Create(best.Choices);
            string name = $"{s.Name.Replace('_', '-').ToLowerInvariant()}-t{best.Index}";
            var hw = p.Point(c).ToAccelerator(name);
            Save("hardware.yaml", HwSwHardwareYaml.Write(hw, name, $"nahas search {s.Name}, trial {best.Index}, architecture {p.Architecture(c)}, accuracy {F(100 * best.Objective)}%, {F(best.LatencyMs)} ms"));
        }
        return files.Written;
    }

    private static string ParetoCsv(NahasSummary s)
    {
        var csv = new StringBuilder("search,trial,architecture,hardware,accuracy,latency_ms,energy_uj,area_mm2\n");
        foreach (var (label, half) in new[] { ("co-search", s.CoSearch), ("fixed-hw", s.Fixed) })
        foreach (var t in half.Pareto())
        {
            var m = half.Problem.Measured(t);
            csv.Append(CultureInfo.InvariantCulture, $"{label},{t.Index},{m.Architecture},\"{m.Hardware}\",{F(t.Objective)},{F(t.LatencyMs)},{F(t.Metrics[AsicMetrics.EnergyUj])},{F(t.Metrics[AsicMetrics.AreaMm2])}\n");
        }
        return csv.ToString();
    }

    private static string Report(NahasSummary s)
    {
        var c = s.Config;
        var r = new StringBuilder();
        r.AppendLine($"# nahas search `{s.Name}`").AppendLine();
        r.AppendLine($"- Strategy `{s.Strategy}`, seed {s.Seed}, {s.CoSearch.Trials.Count} trials for the co-search and {s.Fixed.Trials.Count} for the fixed-hardware baseline ({s.CoSearch.NewTrials + s.Fixed.NewTrials} evaluated in this run, {s.Trained} architectures fine-tuned, {s.Elapsed.TotalSeconds:0.0} s).");
        r.AppendLine($"- Architectures: the zoo's mnist_mnasnet family, {c.Blocks}; {c.Blocks.Size:N0} architectures, hot-started from the checkpoint, {c.FineTuneBatches} fine-tuning batches of 32, scored on {c.ValidationImages} validation digits.");
        r.AppendLine($"- Hardware space `{c.HardwareSpace.Name}`: {string.Join(", ", c.HardwareSpace.Knobs.Select(k => $"{k.Name} {{{string.Join(", ", k.Values)}}}"))}; {c.HardwareSpace.Size:N0} points. Baseline hardware (the default point): {c.BaselineHardware}.");
        r.AppendLine($"- Targets: {c.Constraints}. Latency, energy and area from the ASIC cost model (the mapper under the tpu template, every layer).");
        foreach (var (label, h) in new[] { ("co-search", s.CoSearch), ("fixed-hw", s.Fixed) })
            r.AppendLine($"- {label}: {h.Count(TrialStatus.Feasible)} feasible, {h.Count(TrialStatus.Violates)} above the latency target (not trained), {h.Count(TrialStatus.Pruned)} above the area target (never costed), {h.Count(TrialStatus.Failed)} failed.");
        r.AppendLine().AppendLine("## Result").AppendLine();
        r.AppendLine("| search | trial | architecture | hardware | accuracy | latency ms | energy µJ | area mm² |").AppendLine("|---|---:|---|---|---:|---:|---:|---:|");
        foreach (var (label, h) in new[] { ("co-search", s.CoSearch), ("fixed-hw", s.Fixed) })
        {
            if (h.Best is not { } b) { r.AppendLine($"| {label} | – | nothing feasible | | | | | |"); continue; }
            var m = h.Problem.Measured(b);
            r.AppendLine($"| {label} | {b.Index} | {m.Architecture} | {m.Hardware} | {F(100 * b.Objective)}% | {F(b.LatencyMs)} | {F(b.Metrics[AsicMetrics.EnergyUj])} | {F(b.Metrics[AsicMetrics.AreaMm2])} |");
        }
        var cmp = s.Comparison();
        r.AppendLine();
        r.AppendLine(cmp.AccuracyGain is { } gain ? $"At the latency target the co-search's best is {F(100 * gain)} points of accuracy {(gain >= 0 ? "above" : "below")} the baseline's." : "No comparison: one of the searches found nothing feasible.");
        if (cmp.LatencyReduction is { } lr && cmp.EnergyReduction is { } er)
            r.AppendLine($"At the baseline's accuracy or better, the co-search's fastest design is {F(100 * lr)}% faster and its most frugal {F(100 * er)}% lower in energy than the baseline's best.");
        foreach (var (label, h) in new[] { ("co-search", s.CoSearch), ("fixed-hw", s.Fixed) })
        {
            var failed = h.Trials.Where(t => t.Status == TrialStatus.Failed).ToList();
            if (failed.Count == 0) continue;
            r.AppendLine().AppendLine($"## Failed trials ({label})").AppendLine();
            foreach (var f in failed) r.AppendLine($"- trial {f.Index} `{f.Key}`: {f.FailureKind}: {f.Note}");
        }
        r.AppendLine().AppendLine("## Pareto fronts (accuracy ↑, latency ↓, energy ↓)").AppendLine().AppendLine("| search | trial | architecture | accuracy | latency ms | energy µJ |").AppendLine("|---|---:|---|---:|---:|---:|");
        foreach (var (label, h) in new[] { ("co-search", s.CoSearch), ("fixed-hw", s.Fixed) })
        foreach (var t in h.Pareto())
            r.AppendLine($"| {label} | {t.Index} | {h.Problem.Measured(t).Architecture} | {F(100 * t.Objective)}% | {F(t.LatencyMs)} | {F(t.Metrics[AsicMetrics.EnergyUj])} |");
        return r.ToString();
    }

    private static string F(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
}
