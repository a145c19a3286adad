using ZooForge.Asic.Problem;

namespace ZooForge.Asic.Cost;

/// <summary>What one mapping of one layer costs on one accelerator.</summary>
public sealed record LayerCost
{
    /// <summary>The layer.</summary>
    public required AsicLayer Layer { get; init; }
    /// <summary>Cycles, all repeats included.</summary>
    public required long Cycles { get; init; }
    /// <summary>Multiply-accumulates.</summary>
    public required long Macs { get; init; }
    /// <summary>Accesses per level and tensor.</summary>
    public required AccessCounts Accesses { get; init; }
    /// <summary>Energy of the MACs, pJ.</summary>
    public required double MacEnergyPj { get; init; }
    /// <summary>Energy of the storage accesses and NoC transfers, pJ.</summary>
    public required double AccessEnergyPj { get; init; }
    /// <summary>Area of the accelerator, mm².</summary>
    public required double AreaMm2 { get; init; }
    /// <summary>MACs over the array's peak MACs in those cycles.</summary>
    public required double Utilisation { get; init; }
    /// <summary>What bounds most cycles.</summary>
    public required Bottleneck Bottleneck { get; init; }
    /// <summary>Scratchpad per PE the mapping needs (double-buffered), bytes.</summary>
    public required long L1BytesNeeded { get; init; }
    /// <summary>Shared buffer the mapping needs (double-buffered), bytes.</summary>
    public required long L2BytesNeeded { get; init; }
    /// <summary>Clock the cycles run at, MHz.</summary>
    public required double ClockMhz { get; init; }

    /// <summary>Total energy, pJ.</summary>
    public double EnergyPj => MacEnergyPj + AccessEnergyPj;

    /// <summary>Energy-delay product, pJ·cycles.</summary>
    public double Edp => EnergyPj * Cycles;

    /// <summary>Runtime in microseconds at <see cref="ClockMhz"/>.</summary>
    public double Microseconds => Cycles / ClockMhz;
}
