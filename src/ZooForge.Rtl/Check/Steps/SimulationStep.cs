using ZooForge.Rtl.Simulation;

namespace ZooForge.Rtl.Check.Steps;

/// <summary>
/// <c>rtl.sim.tile</c>: the Verilator simulation of the tile must reproduce every output of the
/// integer reference bit for bit.
/// </summary>
public sealed class SimulationStep : ICheckStep
{
    /// <inheritdoc />
    public string Name => "rtl.sim.tile";

    /// <inheritdoc />
    public IReadOnlyList<string> Prerequisites => ["rtl.render"];

    /// <inheritdoc />
    public CheckOutcome Run(CheckContext context)
    {
        var result = TileSimulation.Run(context.RequireProject(), Path.Combine(context.OutFolder, "sim"), context.Trace);
        context.MeasuredComputeCycles = result.ComputeCycles;
        var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal)
        {
            ["errors"] = result.Errors, ["checked"] = result.Checked,
            ["compute_cycles"] = result.ComputeCycles, ["requant_cycles"] = result.RequantCycles,
            ["build_seconds"] = Math.Round(result.BuildTime.TotalSeconds, 1),
        };
        string summary = $"{result.Checked} outputs checked, {result.Errors} mismatch(es); {result.ComputeCycles} compute + {result.RequantCycles} requantize cycles";
        return result.Passed
            ? CheckOutcome.Pass("bit-exact: " + summary, metrics)
            : CheckOutcome.Fail(summary + (result.Mismatches.Count > 0 ? "; " + result.Mismatches[0] : ""), metrics);
    }
}
