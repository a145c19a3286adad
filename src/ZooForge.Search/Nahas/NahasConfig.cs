using ZooForge.Asic.EdgeTpu;

namespace ZooForge.Search.Nahas;

/// <summary>A parsed <c>problem: nahas</c> search configuration.</summary>
public sealed record NahasConfig
{
    /// <summary>Run name (C identifier).</summary>
    public required string Name { get; init; }
    /// <summary>The hardware knobs.</summary>
    public required EdgeTpuSpace HardwareSpace { get; init; }
    /// <summary>The architecture genes.</summary>
    public required NahasBlockSpace Blocks { get; init; }
    /// <summary>Latency and area targets.</summary>
    public required NahasConstraints Constraints { get; init; }
    /// <summary>Fine-tuning batch budget per trained architecture.</summary>
    public required int FineTuneBatches { get; init; }
    /// <summary>Validation digits each architecture is scored on.</summary>
    public required int ValidationImages { get; init; }
    /// <summary>True: the hardware is searched per architecture (<see cref="NahasHardwareSearch"/>); false: its knobs are genes of the one joint search.</summary>
    public required bool NestedHardware { get; init; }
    /// <summary>Trials when the command line gives no budget.</summary>
    public required int Budget { get; init; }
    /// <summary>The YAML text it was read from (stored with the trials).</summary>
    public required string Text { get; init; }

    /// <summary>The fixed-hardware baseline's point: the template's default (the middle of every knob's range).</summary>
    public EdgeTpuConfig BaselineHardware => HardwareSpace.Default();

    /// <summary>The co-search problem, on <paramref name="costs"/> and <paramref name="accuracy"/> (shared with the baseline).</summary>
    public NahasProblem CoSearch(NahasCostModel costs, NahasAccuracyCache accuracy) =>
        new(Blocks, HardwareSpace, Constraints, costs, accuracy, inner: NestedHardware ? new NahasHardwareSearch(HardwareSpace, Constraints, costs) : null);

    /// <summary>The fixed-hardware NAS baseline: the same block space on <see cref="BaselineHardware"/>.</summary>
    public NahasProblem FixedHardware(NahasCostModel costs, NahasAccuracyCache accuracy) => new(Blocks, HardwareSpace, Constraints, costs, accuracy, BaselineHardware);
}
