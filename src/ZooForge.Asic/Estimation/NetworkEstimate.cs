using ZooForge.Asic.Dataflows;
using ZooForge.Asic.Description;
using ZooForge.Asic.Mapping;

namespace ZooForge.Asic.Estimation;

/// <summary>Every layer of a network on one accelerator under one dataflow, each with its chosen mapping.</summary>
public sealed record NetworkEstimate
{
    /// <summary>Network name.</summary>
    public required string Network { get; init; }
    /// <summary>The accelerator.</summary>
    public required SpatialAccelerator Hardware { get; init; }
    /// <summary>The dataflow.</summary>
    public required Dataflow Dataflow { get; init; }
    /// <summary>How each mapping was chosen: the objective, or null for the template's defaults.</summary>
    public required Objective? Objective { get; init; }
    /// <summary>The layers in network order.</summary>
    public required IReadOnlyList<MappingResult> Layers { get; init; }

    /// <summary>Cycles of all layers, run one after another.</summary>
    public long TotalCycles => Layers.Sum(l => l.Cost.Cycles);
    /// <summary>Energy of all layers, pJ.</summary>
    public double TotalEnergyPj => Layers.Sum(l => l.Cost.EnergyPj);
    /// <summary>Energy-delay product of the whole network, pJ·cycles.</summary>
    public double Edp => TotalEnergyPj * TotalCycles;
    /// <summary>MACs of all layers.</summary>
    public long TotalMacs => Layers.Sum(l => l.Cost.Macs);
    /// <summary>MACs over peak MACs in the total cycles.</summary>
    public double Utilisation => TotalCycles == 0 ? 0 : TotalMacs / ((double)TotalCycles * Hardware.Pes * Hardware.MacsPerPe);
}
