using ZooForge.Hardware.Devices;
using ZooForge.Hardware.Exploration;

namespace ZooForge.Cli.Rendering;

/// <summary>JSON shape of one design on the front.</summary>
internal sealed record DesignPointJson(DesignJson Design, double Cycles, double LatencyMs, ResourcesJson Resources)
{
    public static DesignPointJson From(DesignEvaluation e, Device d) =>
        new(DesignJson.From(e.Design), e.Cycles, e.Milliseconds, ResourcesJson.From(e.Resources, d));
}

/// <summary>JSON shape of <c>zooforge dse</c>.</summary>
internal sealed record DseJson(string Model, string Device, string PerfModel, string Space, DesignPointJson? Best,
    string? InfeasibleReason, IReadOnlyList<DesignPointJson> Pareto, long SpaceSize, long RejectedByPortBits,
    long PrunedByPortDominance, long RejectedByResources, long RejectedAsIncompatible, long PrunedByBound,
    long Evaluated, long LayerEvaluations, double WallMs)
{
    public static DseJson From(string model, Device device, string perfModel, string space, DseResult r) => new(
        model, device.Name, perfModel, space, r.Best is null ? null : DesignPointJson.From(r.Best, device), r.InfeasibleReason,
        r.Pareto.Select(p => DesignPointJson.From(p, device)).ToList(), r.SpaceSize, r.RejectedByPortBits,
        r.PrunedByPortDominance, r.RejectedByResources, r.RejectedAsIncompatible, r.PrunedByBound, r.Evaluated,
        r.LayerEvaluations, r.Elapsed.TotalMilliseconds);
}
