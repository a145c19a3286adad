using ZooForge.Search.Expressions;
using System.Globalization;
using ZooForge.Flow.Search;
using ZooForge.Hardware.Accelerator;
using ZooForge.Hardware.Performance;
using ZooForge.Hardware.Resources;
using ZooForge.Hardware.Workloads;
using ZooForge.Flow.Check;
using ZooForge.Search.Exploration;
using ZooForge.Search.Results;
using ZooForge.Search.Store;

namespace ZooForge.Flow.Report;

/// <summary>Collects a run's figures: the chosen design's per-layer latency and resources, and the comparison rows.</summary>
public static class RunReportBuilder
{
    /// <summary>
    /// HotNAS's published best ZCU102 design for torchvision resnet18,
    /// [Tm,Tn,Tr,Tc,Tk,W_p,I_p,O_p] = [70,36,64,64,7,18,6,6]: the chosen network is also timed on
    /// it, so the searched hardware can be judged against a design a person would have copied.
    /// </summary>
    public static AcceleratorDesign HotNasPublished(int dataBits, double clockMhz) => new()
    {
        Conv = new EngineTiling(70, 36, 64, 64, 7), Ports = new PortWidths(18, 6, 6), DataBits = dataBits, ClockMhz = clockMhz,
    };

    /// <summary>Builds the report of a run whose search produced <paramref name="summary"/>.</summary>
    public static RunReport Build(SearchSession session, SearchSummary summary, CheckReport? check, IReadOnlyList<(string, string)> artefacts)
    {
        var device = session.Config.Device;
        var rows = new List<ComparisonRow>();
        NetworkLatency? latency = null;
        ResourceUsage? resources = null;
        if (summary.Chosen is { Design: { } design } chosen)
        {
            var explorer = session.Explorer();
            var workloads = explorer.Workloads(session.Config.Space.Create(chosen.Choices));
            var model = session.Config.PerfModel;
            latency = model.Evaluate(workloads, design);
            resources = ResourceModel.Estimate(design);
            rows.Add(Row("chosen (co-search)", chosen, "meets every constraint"));
            rows.Add(OnHotNasDesign(chosen, workloads, model, device, design.DataBits, design.ClockMhz));
        }
        if (summary.BestBaseline is { } best)
            rows.Add(Row("best uncompressed zoo model meeting the constraints, on its best hardware", best, "sequential baseline: zoo model, then hardware DSE"));
        else
            rows.Add(new ComparisonRow("best uncompressed zoo model meeting the constraints", "-", double.NaN, double.NaN, 0, 0, "-", "no uncompressed zoo model meets the constraints"));
        if (summary.MostAccurateBaseline is { } most && !ReferenceEquals(most, summary.BestBaseline))
            rows.Add(Row("most accurate uncompressed zoo model, on its best hardware", most,
                most.Status == TrialStatus.Feasible ? "meets the constraints" : "misses the constraints"));
        return new RunReport
        {
            Search = summary, Device = device, ChosenLatency = latency, ChosenResources = resources, Comparison = rows, Check = check, Artefacts = artefacts,
        };
    }

    private static ComparisonRow Row(string label, TrialRecord t, string note) =>
        new(label, t.Key, t.Accuracy, t.LatencyMs, (int)t.Metrics.GetValueOrDefault(Metrics.Dsp), (int)t.Metrics.GetValueOrDefault(Metrics.Bram18), t.Design?.ToString() ?? "-", note);

    private static ComparisonRow OnHotNasDesign(TrialRecord chosen, IReadOnlyList<LayerWorkload> workloads, LatencyModel model,
        Hardware.Devices.Device device, int bits, double clockMhz)
    {
        var design = HotNasPublished(bits, clockMhz);
        var usage = ResourceModel.Estimate(design);
        const string label = "chosen network on HotNAS's published ZCU102 design";
        string? problem = workloads.Select(w => model.Incompatibility(w, design)).FirstOrDefault(p => p is not null);
        var overflows = ResourceModel.Overflows(usage, device, constrainLogic: false);
        if (overflows.Count > 0) problem ??= $"does not fit {device.Board}: {string.Join("; ", overflows)}";
        if (problem is not null)
            return new ComparisonRow(label, chosen.Key, chosen.Accuracy, double.NaN, usage.Dsp, usage.Bram18, design.ToString(), problem);
        double ms = model.Evaluate(workloads, design).Milliseconds;
        // HotNAS held its designs to DSP, BRAM and ports; say what ZooForge's PE array would need.
        string logic = ResourceModel.Overflows(usage, device).Count > 0
            ? string.Create(CultureInfo.InvariantCulture, $"; it fits HotNAS's constraints (DSP, BRAM, ports) but ZooForge's PE array would need {usage.Lut:N0} LUT, {100.0 * usage.Lut / device.Lut:0}% of the {device.Board}")
            : "";
        return new ComparisonRow(label, chosen.Key, chosen.Accuracy, ms, usage.Dsp, usage.Bram18, design.ToString(),
            string.Create(CultureInfo.InvariantCulture, $"HotNAS's resnet18 design [70,36,64,64,7,18,6,6] at {bits} bits; the searched hardware is {ms / chosen.LatencyMs:0.00}x faster{logic}"));
    }
}
