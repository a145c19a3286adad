using ZooForge.Graph.Model;
using ZooForge.Search.Results;
using ZooForge.Flow.Check;
using System.Globalization;
using ZooForge.Hardware.Resources;
using ZooForge.Search.Store;

namespace ZooForge.Flow.Report;

/// <summary>Turns a <see cref="RunReport"/> into the sections a reader goes through: verdict, comparison, front, cycles, resources, check, files.</summary>
public static class RunReportDocument
{
    /// <summary>Figure file names inside the run folder's <c>figures/</c>.</summary>
    public const string ParetoFigure = "figures/pareto.png", LayersFigure = "figures/layers.png", ResourcesFigure = "figures/resources.png";

    /// <summary>The document; figures are referenced only when <paramref name="figures"/> holds them.</summary>
    public static ReportDocument Create(RunReport r, ISet<string> figures)
    {
        var s = r.Search;
        var sections = new List<ReportSection> { Verdict(r) };
        sections.Add(new ReportSection("The chosen design against the baselines",
            ["Same device, clock and latency model for every row. Accuracy is the integer network's on the search's validation digits (the uncompressed baselines: the float model on the same digits)."],
            Table: new ReportTable(["design", "network and compression", "accuracy", "latency (ms)", "DSP", "BRAM18", "accelerator", "note"],
                r.Comparison.Select(c => (IReadOnlyList<string>)[c.Label, c.Network, Percent(c.Accuracy), Ms(c.LatencyMs), $"{c.Dsp}", $"{c.Bram18}", c.Design, c.Note]).ToList())));
        sections.Add(new ReportSection($"Pareto front ({s.Pareto.Count} designs)",
            [$"Every trained trial of the search ({s.Trials.Count} trials, {s.Feasible} feasible, {s.Pruned} pruned by fast exploration without training). Non-dominated in accuracy, latency, DSP and energy."],
            figures.Contains(ParetoFigure) ? new ReportFigure(ParetoFigure, "accuracy against latency: every trained trial, the front, the chosen design and the sequential baseline") : null,
            new ReportTable(ParetoTable.Headers, ParetoTable.Rows(s.Pareto))));
        if (s.FailedTrials is { Count: > 0 } failed)
            sections.Add(new ReportSection($"Failed trials ({failed.Count})",
                ["Trials whose evaluation raised an error of their own. Each was recorded with the lowest reward and counted in the budget, and the search went on; a resumed search does not rerun them."],
                Table: new ReportTable(["trial", "candidate", "kind", "reason"],
                    failed.Select(t => (IReadOnlyList<string>)[$"{t.Index}", t.Key, t.FailureKind ?? "-", t.Note ?? "-"]).ToList())));
        if (r.ChosenLatency is { } latency)
        {
            double total = latency.TotalCycles;
            var layers = latency.Layers.Where(l => l.IsModelled).ToList();
            var worst = layers.OrderByDescending(l => l.Cycles).First();
            sections.Add(new ReportSection("Where the cycles go",
                [$"The slowest layer is {worst.Layer.Name} ({100 * worst.Cycles / total:0.0}% of {total:0} cycles), bound by {Bottleneck(worst.Bottleneck)}. "
                 + string.Join(", ", layers.GroupBy(l => l.Bottleneck).OrderByDescending(g => g.Sum(l => l.Cycles))
                     .Select(g => $"{Bottleneck(g.Key)}-bound layers take {100 * g.Sum(l => l.Cycles) / total:0.0}%")) + "."],
                figures.Contains(LayersFigure) ? new ReportFigure(LayersFigure, "cycles per layer, coloured by the term that bounds the layer") : null,
                new ReportTable(["layer", "kind", "cycles", "share", "bottleneck", "compute cycles", "load input", "load weights", "store output"],
                    layers.Select(l => (IReadOnlyList<string>)[l.Layer.Name, l.Layer.Kind.Tag(), F(l.Cycles, "0"), $"{100 * l.Cycles / total:0.0}%",
                        Bottleneck(l.Bottleneck), F(l.ComputeCycles, "0"), F(l.InputCycles, "0"), F(l.WeightCycles, "0"), F(l.OutputCycles, "0")]).ToList())));
        }
        if (r.ChosenResources is { } usage)
            sections.Add(new ReportSection($"Resources on the {r.Device.Board} ({r.Device.Part})",
                ["Resource model of the whole accelerator (engines, buffers, AXI and control). Measured Yosys figures of the datapath blocks are in the check below.", .. MeasuredPeArray(r)],
                figures.Contains(ResourcesFigure) ? new ReportFigure(ResourcesFigure, "share of the device each resource takes") : null,
                new ReportTable(["resource", "chosen design", "device", "share"], Resources(usage, r.Device).Select(x => (IReadOnlyList<string>)[x.Kind, $"{x.Used}", $"{x.Available}", $"{100.0 * x.Used / x.Available:0.0}%"]).ToList())));
        if (r.Check is { } check)
            sections.Add(new ReportSection($"Check: {(check.Passed ? "passed" : "FAILED")}",
                ["HLS emit and g++ csim bit-exact against the integer reference, Verilator lint and tile simulation, cycles against the model, Yosys synth_xilinx per block. JUnit XML: check/junit.xml."],
                Table: new ReportTable(["step", "result", "seconds", "details"],
                    check.Steps.Select(st => (IReadOnlyList<string>)[st.Name, st.Status.ToString().ToLowerInvariant(), F(st.Duration.TotalSeconds, "0.0"), st.Message]).ToList())));
        sections.Add(new ReportSection("Files", [],
            Table: new ReportTable(["what", "path"], r.Artefacts.Select(a => (IReadOnlyList<string>)[a.What, a.Path]).ToList())));
        return new ReportDocument($"ZooForge run: {s.Name}", sections);
    }

    /// <summary>Used and available DSP, BRAM18, LUT and FF.</summary>
    public static IReadOnlyList<(string Kind, int Used, int Available)> Resources(ResourceUsage usage, Hardware.Devices.Device device) =>
        [("DSP", usage.Dsp, device.Dsp), ("BRAM18", usage.Bram18, device.Bram18), ("LUT", usage.Lut, device.Lut), ("FF", usage.Ff, device.Ff)];

    /// <summary>
    /// Yosys's LUTs for the PE array against the resource model's figure for it and against the
    /// device: the model is calibrated on such syntheses, and the measured figure is the one to trust.
    /// </summary>
    private static IEnumerable<string> MeasuredPeArray(RunReport r)
    {
        var step = r.Check?.Steps.FirstOrDefault(st => st.Name == "synth.zf_pe_array");
        if (step is null || !step.Metrics.TryGetValue("lut", out double lut)) yield break;
        double share = 100 * lut / r.Device.Lut;
        string model = step.Metrics.TryGetValue("model_lut", out double modelLut)
            ? $" The resource model charges it {modelLut:0} LUT ({Signed(100 * (modelLut - lut) / lut)}% against Yosys)."
            : "";
        yield return $"Measured: Yosys maps the PE array alone to {lut:0} LUT ({share:0.0}% of the {r.Device.Board}'s {r.Device.Lut}).{model}"
            + (share > 100 ? " That exceeds the device: this design does not fit as generated." : "");
    }

    private static ReportSection Verdict(RunReport r)
    {
        var s = r.Search;
        var lines = new List<string>
        {
            $"Target: {s.Target}. Objective (maximised): {s.Objective}. Constraints: {(s.Constraints.Count == 0 ? "none" : string.Join(", ", s.Constraints))}.",
            $"Search: {s.Strategy}, seed {s.Seed}, {s.Trials.Count} trials ({s.Feasible} feasible, {100 * s.PrunedShare:0.0}% pruned by fast exploration, {s.FailedTrials.Count} failed).",
        };
        if (s.Chosen is { } c)
        {
            lines.Add($"Chosen: trial {c.Index}, {c.Key}: accuracy {Percent(c.Accuracy)}, {Ms(c.LatencyMs)} ms per image on {c.Design}.");
            if (s.BestBaseline is { } b)
                lines.Add($"Against the best uncompressed zoo model that meets the constraints ({b.Key}): {Signed(100 * (c.Accuracy - b.Accuracy))} accuracy points, {b.LatencyMs / c.LatencyMs:0.00}x its speed.");
            if (r.Check is { } check)
                lines.Add(check.Passed ? "Check: every step passed (bit-exact csim and RTL simulation, cycles within 5% of the model, the PE array's DSPs equal to the model's; synthesis baselines are compared only where the design has one)." : $"Check: FAILED in {string.Join(", ", check.Steps.Where(x => x.Status != CheckStatus.Passed).Select(x => x.Name))}.");
        }
        else lines.Add((s.EveryTrialFailed is { } failure ? $"The search failed: {failure}. " : "No trial met every constraint. ") + "No design was emitted or checked.");
        return new ReportSection("Verdict", lines);
    }

    private static string Bottleneck(Hardware.Performance.Bottleneck b) => b switch
    {
        Hardware.Performance.Bottleneck.LoadInput => "input loading",
        Hardware.Performance.Bottleneck.LoadWeight => "weight loading",
        Hardware.Performance.Bottleneck.StoreOutput => "output storing",
        _ => "compute",
    };

    private static string Percent(double fraction) => double.IsNaN(fraction) ? "-" : F(100 * fraction, "0.00") + "%";
    private static string Ms(double ms) => double.IsNaN(ms) ? "-" : F(ms, "0.#####");
    private static string Signed(double value) => (value >= 0 ? "+" : "") + F(value, "0.00");
    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
