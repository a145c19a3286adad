using ZooForge.Core.Json;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ZooForge.Asic.Dataflows;
using ZooForge.Asic.Heterogeneous;
using ZooForge.Graph.Serialization;
using ZooForge.Search.Store;

namespace ZooForge.Search.Nasaic;

/// <summary>
/// Writes a NASAIC run's <c>report.md</c> (the comparison table, the chosen heterogeneous
/// accelerator and the trials), <c>trials.csv</c> and the chosen design's <c>design.json</c>, each
/// whole or not at all.
/// </summary>
public static class NasaicOutputs
{
    /// <summary>Writes every output; returns the paths written.</summary>
    public static List<string> Write(string folder, NasaicSummary s)
    {
        var written = new List<string>();
        void Save(string file, string text)
        {
            string path = Path.Combine(folder, file);
            AtomicFile.WriteAllText(path, text);
            written.Add(path);
        }
        Save("report.md", Report(s));
        Save("trials.csv", TrialsCsv(s));
        if (s.BestMeasurement is { } best) Save("design.json", JsonSerializer.Serialize(DesignJson(s.Problem, best), ZooForgeJson.Indented) + "\n");
        return written;
    }

    /// <summary>The comparison table in the paper's form (accuracy per task, latency, energy, area, specs met), Markdown.</summary>
    public static string ComparisonTable(NasaicConfig config, IReadOnlyList<NasaicRow> rows)
    {
        var r = new StringBuilder();
        var specs = config.Specs;
        r.AppendLine("| method | " + string.Join(" | ", config.Tasks.Select(t => $"accuracy {t.Name}")) + " | latency (ms) | energy (µJ) | area (mm²) | specs met |");
        r.AppendLine("|---|" + string.Concat(config.Tasks.Select(_ => "---:|")) + "---:|---:|---:|---|");
        r.AppendLine("| specs | " + string.Join(" | ", config.Tasks.Select(_ => "–")) + $" | ≤ {F(specs.LatencyMs)} | ≤ {F(specs.EnergyUj)} | ≤ {F(specs.AreaMm2)} | |");
        foreach (var row in rows)
        {
            var m = row.Measurement;
            var e = m.Estimate;
            string Cell(double? v, bool met) => v is { } x ? $"{F(x)}{(met ? "" : " ✗")}" : "–";
            r.AppendLine($"| {row.Method} | " + string.Join(" | ", row.Accuracies.Select(a => Percent(a))) +
                $" | {Cell(e?.LatencyMs, m.LatencyMet)} | {Cell(e?.EnergyUj, m.EnergyMet)} | {Cell(e?.AreaMm2, m.AreaMet)} | {Met(m)} |");
        }
        return r.ToString();
    }

    /// <summary>Which specs a design meets, e.g. <c>all</c> or <c>energy, area (misses latency)</c>.</summary>
    public static string Met(NasaicMeasurement m)
    {
        var met = new List<string>();
        var missed = new List<string>();
        (m.LatencyMet ? met : missed).Add("latency");
        (m.EnergyMet ? met : missed).Add("energy");
        (m.AreaMet ? met : missed).Add("area");
        return missed.Count == 0 ? "all" : met.Count == 0 ? "none" : $"{string.Join(", ", met)} (misses {string.Join(", ", missed)})";
    }

    /// <summary>The heterogeneous accelerator of a design as a Markdown table: sub-accelerators, dataflows, PE and bandwidth split, which network runs where.</summary>
    public static string AcceleratorTable(NasaicProblem problem, NasaicMeasurement m)
    {
        var hw = problem.Config.Hardware;
        var r = new StringBuilder();
        r.AppendLine("| sub-accelerator | template | PEs (share) | NoC w/c | off-chip w/c (share) | area (mm²) | networks (latency ms, energy µJ) |");
        r.AppendLine("|---|---|---:|---:|---:|---:|---|");
        var design = m.Design;
        foreach (int j in design.Built)
        {
            var sub = design.SubAccelerators[j];
            var nets = m.Estimate?.Networks.Where(n => n.SubAccelerator == j).Select(n => $"{n.Network} ({F(n.Cost.LatencyMs)}, {F(n.Cost.EnergyUj)})")
                ?? design.Architectures.Where((_, t) => design.Assignment[t] == j).Select(a => $"{a.Task}:{a.Key}");
            r.AppendLine($"| {j} | {sub.Dataflow.ShortName()} ({SubAccelerator.TemplateName(sub.Dataflow)}) | {sub.Pes} ({Percent(design.PeShares[j])}) | {sub.NocBandwidth} | {sub.OffChipBandwidth} ({Percent(design.BandwidthShares[j])}) | {F(sub.ToAccelerator(hw.Base).AreaMm2)} | {string.Join(", ", nets)} |");
        }
        r.AppendLine($"| total | | {design.Built.Sum(j => design.SubAccelerators[j].Pes)} of {hw.Pes} | | {design.Built.Sum(j => design.SubAccelerators[j].OffChipBandwidth)} of {hw.OffChipBandwidth} | {(m.Estimate is { } e ? F(e.AreaMm2) : "–")} | |");
        return r.ToString();
    }

    /// <summary>A design as plain data (for <c>design.json</c> and <c>--json</c>).</summary>
    public static object DesignJson(NasaicProblem problem, NasaicMeasurement m) => new
    {
        @base = problem.Config.Hardware.Base.Name,
        latency_ms = m.Estimate?.LatencyMs, energy_uj = m.Estimate?.EnergyUj, area_mm2 = m.Estimate?.AreaMm2, meets_specs = m.MeetsSpecs,
        sub_accelerators = m.Design.Built.Select(j => new
        {
            index = j, dataflow = m.Design.SubAccelerators[j].Dataflow.ShortName(), template = SubAccelerator.TemplateName(m.Design.SubAccelerators[j].Dataflow),
            pes = m.Design.SubAccelerators[j].Pes, pe_share = m.Design.PeShares[j],
            noc_bandwidth = m.Design.SubAccelerators[j].NocBandwidth, off_chip_bandwidth = m.Design.SubAccelerators[j].OffChipBandwidth,
            bandwidth_share = m.Design.BandwidthShares[j],
        }).ToList(),
        networks = m.Design.Architectures.Select((a, t) => new
        {
            task = a.Task, model = a.Model, cut = a.Width, sub_accelerator = m.Design.Assignment[t],
            latency_ms = m.Estimate?.Networks[t].Cost.LatencyMs, energy_uj = m.Estimate?.Networks[t].Cost.EnergyUj,
        }).ToList(),
    };

    private static string TrialsCsv(NasaicSummary s)
    {
        var tasks = s.Problem.Config.Tasks;
        var csv = new StringBuilder("trial,status,design,reward," + string.Join(",", tasks.Select(t => $"accuracy_{t.Name}")) + ",latency_ms,energy_uj,area_mm2,note\n");
        foreach (var t in s.Trials)
        {
            string M(string key) => t.Metrics.TryGetValue(key, out double v) ? F(v) : "";
            csv.Append(CultureInfo.InvariantCulture, $"{t.Index},{t.Status.ToString().ToLowerInvariant()},{Csv(s.Problem.Design(s.Problem.Space.Create(t.Choices)).CanonicalKey)},{F(t.Reward)},");
            csv.Append(string.Join(",", tasks.Select(k => M(NasaicSearch.TaskAccuracy(k.Name)))));
            csv.Append(CultureInfo.InvariantCulture, $",{M(Expressions.Metrics.LatencyMs)},{M(NasaicSearch.EnergyUj)},{M(NasaicSearch.AreaMm2)},{Csv(t.Note ?? "")}\n");
        }
        return csv.ToString();
    }

    private static string Report(NasaicSummary s)
    {
        var p = s.Problem;
        var c = p.Config;
        var r = new StringBuilder();
        r.AppendLine($"# nasaic search `{s.Name}`").AppendLine();
        r.AppendLine($"- Strategy `{s.Strategy}`, seed {s.Seed}, {s.Trials.Count} trials ({s.NewTrials} evaluated in this run, {s.Elapsed.TotalSeconds:0.0} s).");
        r.AppendLine($"- Tasks: {string.Join("; ", c.Tasks.Select(t => $"{t.Name} (weight {F(t.Weight)}; {string.Join(", ", t.Candidates)})"))}; widths (cut fractions) {string.Join(", ", c.Widths.Select(F))}.");
        r.AppendLine($"- Hardware: {c.Hardware.Slots.Count} sub-accelerator slots on `{c.Hardware.Base.Name}` sharing {c.Hardware.Pes} PEs, NoC {c.Hardware.NocBandwidth} and off-chip {c.Hardware.OffChipBandwidth} words/cycle; each network costed with the mapper (lowest-EDP mapping per layer).");
        r.AppendLine($"- Reward: {F(c.Reward.Alpha)} · Σ weight · accuracy + {F(1 - c.Reward.Alpha)} · ({F(c.Reward.Latency)}·latency + {F(c.Reward.Energy)}·energy + {F(c.Reward.Area)}·area slack, each (bound − value) / bound); {F(NasaicReward.Pruned)} for a design that misses a spec.");
        r.AppendLine($"- Slow exploration: {c.FineTune.Batches} batches of {c.FineTune.BatchSize} at learning rate {F(c.FineTune.LearningRate)} per changed network, accuracy on the first {c.FineTune.ValidationImages} validation images of its task.");
        int shares = s.Trials.Count(t => t.Status == TrialStatus.Pruned && t.Metrics.Count == 0);
        r.AppendLine($"- Trials: {s.Count(TrialStatus.Feasible)} met every spec and were trained, {s.Count(TrialStatus.Pruned) - shares} missed a spec (pruned by the cost model, not trained), {shares} broke a share total (never costed), {s.Count(TrialStatus.Failed)} failed.").AppendLine();

        r.AppendLine("## Comparison (the paper's table)").AppendLine();
        r.Append(ComparisonTable(c, s.Rows())).AppendLine();
        if (s.Best is null) r.AppendLine("The co-search found no design that meets every spec.").AppendLine();

        if (s.BestMeasurement is { } best)
        {
            r.AppendLine($"## Chosen heterogeneous accelerator (trial {s.Best!.Index}, reward {F(s.Best.Reward)})").AppendLine();
            r.Append(AcceleratorTable(p, best)).AppendLine();
        }
        r.AppendLine($"## Sequential baseline's accelerator (best of {s.Baseline.HardwareDesigns:N0} hardware designs for its networks)").AppendLine();
        r.Append(AcceleratorTable(p, s.Baseline.Measurement)).AppendLine();
        if (s.Baseline.Measurement.Violation is { } v) r.AppendLine($"The baseline's {v}.").AppendLine();

        var failed = s.Trials.Where(t => t.Status == TrialStatus.Failed).ToList();
        if (failed.Count > 0)
        {
            r.AppendLine("## Failed trials").AppendLine();
            foreach (var f in failed) r.AppendLine($"- trial {f.Index} `{f.Key}`: {f.FailureKind}: {f.Note}");
            r.AppendLine();
        }
        r.AppendLine("## Trials met every spec, by reward").AppendLine();
        r.AppendLine("| trial | design | reward | " + string.Join(" | ", c.Tasks.Select(t => $"accuracy {t.Name}")) + " | latency (ms) | energy (µJ) | area (mm²) |");
        r.AppendLine("|---:|---|---:|" + string.Concat(c.Tasks.Select(_ => "---:|")) + "---:|---:|---:|");
        foreach (var t in s.Trials.Where(t => t.Status == TrialStatus.Feasible).GroupBy(t => t.Key).Select(g => g.First()).OrderByDescending(t => t.Reward).ThenBy(t => t.Index))
            r.AppendLine($"| {t.Index} | `{p.Design(p.Space.Create(t.Choices)).CanonicalKey}` | {F(t.Reward)} | " + string.Join(" | ", c.Tasks.Select(k => Percent(t.Metrics[NasaicSearch.TaskAccuracy(k.Name)]))) +
                $" | {F(t.LatencyMs)} | {F(t.Metrics[NasaicSearch.EnergyUj])} | {F(t.Metrics[NasaicSearch.AreaMm2])} |");
        return r.ToString();
    }

    private static string Csv(string text) => text.Contains(',') || text.Contains('"') ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;

    private static string Percent(double v) => (100 * v).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    private static string F(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
}
