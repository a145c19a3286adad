namespace ZooForge.Flow.Check.RtlSteps;

/// <summary>
/// <c>rtl.cycles.tile</c>: the simulated compute cycles of the tile against the performance
/// model's compute term for the same tile (<see cref="ZooForge.Rtl.Model.RtlTile.ModelComputeCycles"/>); more
/// than <see cref="Tolerance"/> apart fails.
/// </summary>
public sealed class CycleStep : ICheckStep
{
    /// <summary>Largest accepted relative difference.</summary>
    public const double Tolerance = 0.05;

    /// <inheritdoc />
    public string Name => "rtl.cycles.tile";

    /// <inheritdoc />
    public IReadOnlyList<Type> Prerequisites => [typeof(SimulationStep)];

    /// <inheritdoc />
    public CheckOutcome Run(CheckContext context)
    {
        long measured = context.MeasuredComputeCycles ?? throw new InvalidOperationException("no simulation result");
        long model = context.Tile!.ModelComputeCycles(context.Design.Accelerator);
        double difference = Math.Abs(measured - model) / (double)model;
        var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal)
        {
            ["measured_cycles"] = measured, ["model_cycles"] = model, ["difference_percent"] = Math.Round(100 * difference, 3),
        };
        string text = $"measured {measured} vs model {model} compute cycles ({100 * difference:0.00}%, limit {100 * Tolerance:0}%)";
        return difference <= Tolerance ? CheckOutcome.Pass(text, metrics) : CheckOutcome.Fail(text, metrics);
    }
}
