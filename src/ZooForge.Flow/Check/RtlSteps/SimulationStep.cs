using ZooForge.Rtl.Simulation;

namespace ZooForge.Flow.Check.RtlSteps;

/// <summary>
/// <c>rtl.sim.tile</c>: the Verilator simulation of the tile must reproduce every output of the
/// integer reference bit for bit. The engine is simulated with a slice of the design's lanes
/// (<see cref="ZooForge.Rtl.Model.RtlTemplateModel.SimulatedLanes"/>) run once per lane group, so every active
/// output channel of the tile is checked.
/// </summary>
public sealed class SimulationStep : ICheckStep
{
    /// <inheritdoc />
    public string Name => "rtl.sim.tile";

    /// <inheritdoc />
    public IReadOnlyList<Type> Prerequisites => [typeof(RenderStep)];

    /// <inheritdoc />
    public CheckOutcome Run(CheckContext context)
    {
        var result = TileSimulation.Run(context.RequireProject(), Path.Combine(context.OutFolder, "sim"), context.Trace);
        context.MeasuredComputeCycles = result.ComputeCycles;
        var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal)
        {
            ["errors"] = result.Errors, ["checked"] = result.Checked,
            ["compute_cycles"] = result.ComputeCycles, ["requant_cycles"] = result.RequantCycles,
            ["build_seconds"] = Math.Round(result.BuildTime.TotalSeconds, 1), ["run_seconds"] = Math.Round(result.RunTime.TotalSeconds, 1),
            ["lanes"] = result.Lanes, ["lane_groups"] = result.LaneGroups,
        };
        int tm = context.Design.Accelerator.Conv.Tm;
        string slice = result.Lanes < tm ? $" ({result.LaneGroups} run(s) of a {result.Lanes}-lane slice of Tm={tm})" : "";
        string summary = $"{result.Checked} outputs checked{slice}, {result.Errors} mismatch(es); {result.ComputeCycles} compute + {result.RequantCycles} requantize cycles per run";
        return result.Passed
            ? CheckOutcome.Pass("bit-exact: " + summary, metrics)
            : CheckOutcome.Fail(summary + (result.Mismatches.Count > 0 ? "; " + result.Mismatches[0] : ""), metrics);
    }
}
