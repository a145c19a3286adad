using ZooForge.Asic.Description;

namespace ZooForge.Asic.Heterogeneous;

/// <summary>A network placed on one sub-accelerator, with its cost there.</summary>
/// <param name="Network">Its name in reports (e.g. the task and architecture).</param>
/// <param name="SubAccelerator">Index of the sub-accelerator it runs on.</param>
/// <param name="Cost">Its cost there.</param>
public sealed record PlacedNetwork(string Network, int SubAccelerator, NetworkCost Cost);

/// <summary>
/// The specs of a heterogeneous accelerator running its networks: sub-accelerators run in
/// parallel, the networks placed on one sub-accelerator one after another. Latency is the maximum
/// over the sub-accelerators of their networks' summed latency, energy the sum over all networks,
/// area the sum over the sub-accelerators that run a network (one that runs nothing is not built).
/// </summary>
public sealed record HeterogeneousEstimate
{
    /// <summary>The sub-accelerators that run at least one network, in index order.</summary>
    public required IReadOnlyList<(int Index, SubAccelerator Sub)> Built { get; init; }

    /// <summary>Every network with its placement and cost.</summary>
    public required IReadOnlyList<PlacedNetwork> Networks { get; init; }

    /// <summary>Latency, ms: max over sub-accelerators of the sum over their networks.</summary>
    public required double LatencyMs { get; init; }

    /// <summary>Energy, µJ: the sum over networks.</summary>
    public required double EnergyUj { get; init; }

    /// <summary>Area, mm²: the sum over built sub-accelerators.</summary>
    public required double AreaMm2 { get; init; }

    /// <summary>Combines per-network costs into the design's specs.</summary>
    /// <param name="subs">All sub-accelerators of the design (some may run nothing).</param>
    /// <param name="networks">The networks and where they run.</param>
    /// <param name="baseHardware">The base the sub-accelerators are built on (area per PE and per KB).</param>
    /// <returns>The estimate.</returns>
    public static HeterogeneousEstimate Combine(IReadOnlyList<SubAccelerator> subs, IReadOnlyList<PlacedNetwork> networks, SpatialAccelerator baseHardware)
    {
        var built = subs.Select((s, i) => (Index: i, Sub: s)).Where(p => networks.Any(n => n.SubAccelerator == p.Index)).ToList();
        double latency = built.Max(b => networks.Where(n => n.SubAccelerator == b.Index).Sum(n => n.Cost.LatencyMs));
        return new HeterogeneousEstimate
        {
            Built = built, Networks = networks, LatencyMs = latency,
            EnergyUj = networks.Sum(n => n.Cost.EnergyUj),
            AreaMm2 = built.Sum(b => b.Sub.ToAccelerator(baseHardware).AreaMm2),
        };
    }
}
