using ZooForge.Hardware.Devices;
using ZooForge.Hardware.Performance;
using ZooForge.Hardware.Resources;
using ZooForge.Flow.Check;
using ZooForge.Search.Results;

namespace ZooForge.Flow.Report;

/// <summary>One design the chosen one is compared with, on the same device and latency model.</summary>
/// <param name="Label">What the row is (chosen, sequential baseline, HotNAS's published design…).</param>
/// <param name="Network">Network and compression, as the search's candidate key or a description.</param>
/// <param name="Accuracy">Validation accuracy (fraction), NaN when not measured.</param>
/// <param name="LatencyMs">Modelled latency per image.</param>
/// <param name="Dsp">DSP48 slices of the design (resource model).</param>
/// <param name="Bram18">18 Kb block RAMs of the design (resource model).</param>
/// <param name="Design">Accelerator design, as text.</param>
/// <param name="Note">Why the row is there or what it misses.</param>
public sealed record ComparisonRow(string Label, string Network, double Accuracy, double LatencyMs, int Dsp, int Bram18, string Design, string Note);

/// <summary>Everything the report of a <c>zooforge run</c> shows.</summary>
public sealed record RunReport
{
    /// <summary>The finished search.</summary>
    public required SearchSummary Search { get; init; }
    /// <summary>The device the search targeted.</summary>
    public required Device Device { get; init; }
    /// <summary>Per-layer latency of the chosen network on the chosen design; null when nothing was chosen.</summary>
    public NetworkLatency? ChosenLatency { get; init; }
    /// <summary>Resource model of the chosen design; null when nothing was chosen.</summary>
    public ResourceUsage? ChosenResources { get; init; }
    /// <summary>The chosen design against the baselines.</summary>
    public required IReadOnlyList<ComparisonRow> Comparison { get; init; }
    /// <summary>The check of the chosen design; null when it did not run.</summary>
    public CheckReport? Check { get; init; }
    /// <summary>Run-folder-relative paths of the search, design, HLS project, RTL and JUnit outputs.</summary>
    public required IReadOnlyList<(string What, string Path)> Artefacts { get; init; }
}
