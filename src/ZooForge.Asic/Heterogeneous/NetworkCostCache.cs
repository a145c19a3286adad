using System.Collections.Concurrent;
using ZooForge.Asic.Description;
using ZooForge.Asic.Estimation;
using ZooForge.Asic.Mapping;
using ZooForge.Graph.Model;

namespace ZooForge.Asic.Heterogeneous;

/// <summary>
/// Costs networks on sub-accelerators with the mapper (each layer its best mapping for
/// <see cref="Options"/>' objective), once per network key and sub-accelerator: a search asks for
/// the same pairs again and again, and the answer is deterministic.
/// </summary>
/// <param name="baseHardware">The base every sub-accelerator is built on.</param>
/// <param name="options">The mapper's settings.</param>
public sealed class NetworkCostCache(SpatialAccelerator baseHardware, MapperOptions options)
{
    private readonly ConcurrentDictionary<(string Network, SubAccelerator Sub), (NetworkCost? Cost, string? Refusal)> _costs = new();

    /// <summary>The base accelerator.</summary>
    public SpatialAccelerator BaseHardware => baseHardware;

    /// <summary>The mapper's settings.</summary>
    public MapperOptions Options => options;

    /// <summary>Distinct (network, sub-accelerator) pairs costed so far.</summary>
    public int Count => _costs.Count;

    /// <summary>
    /// The cost of <paramref name="network"/> (known as <paramref name="key"/>; equal keys must be
    /// equal networks) on <paramref name="sub"/>, or null with the reason when a layer has no fitting mapping.
    /// </summary>
    /// <param name="key">The network's identity for the cache.</param>
    /// <param name="network">The network.</param>
    /// <param name="sub">The sub-accelerator.</param>
    /// <param name="refusal">Why no mapping fits, when the result is null.</param>
    /// <returns>The cost, or null.</returns>
    public NetworkCost? Cost(string key, Network network, SubAccelerator sub, out string? refusal)
    {
        var (cost, why) = _costs.GetOrAdd((key, sub), _ =>
        {
            var hw = sub.ToAccelerator(baseHardware);
            try
            {
                var estimate = NetworkEstimator.Estimate(network, hw, sub.Dataflow, options);
                return (new NetworkCost(estimate.TotalCycles, estimate.TotalEnergyPj, estimate.TotalCycles / (hw.ClockMhz * 1000)), null);
            }
            catch (MappingException e)
            {
                return (null, e.Message);
            }
        });
        refusal = why;
        return cost;
    }
}
