using System.Globalization;
using ZooForge.Asic.Heterogeneous;
using ZooForge.Search.Engine;

namespace ZooForge.Search.Nasaic;

/// <summary>
/// Refuses specs that no design of the space can meet, before anything is mapped or trained, by
/// bounds that hold for every design: area at least the smallest single sub-accelerator the slots
/// allow; latency at least a task's fewest MACs (its candidates at the largest cut) on all the PEs
/// at one MAC per PE per cycle; energy at least the tasks' fewest MACs, each charged the MAC and
/// its four scratchpad accesses (a weight, an input and a partial-sum read, a partial-sum write,
/// as the cost model charges every MAC).
/// </summary>
public static class NasaicFeasibility
{
    /// <summary>Checks the configuration's specs against the bounds.</summary>
    /// <exception cref="SearchInfeasibleException">A spec is below its bound; the message names the spec, the bound and why.</exception>
    public static void Check(NasaicConfig config, NasaicZoo zoo)
    {
        var hw = config.Hardware;
        var specs = config.Specs;
        var smallest = hw.Slots.Select((s, i) => (Index: i, Sub: new SubAccelerator(s.Dataflows[0], Math.Max(1, (int)Math.Floor(s.PeShares.Min() * hw.Pes + 1e-9)), 1, 1)))
            .Select(p => (p.Index, p.Sub, Area: p.Sub.ToAccelerator(hw.Base).AreaMm2)).MinBy(p => p.Area);
        if (smallest.Area > specs.AreaMm2)
            throw new SearchInfeasibleException(string.Create(CultureInfo.InvariantCulture,
                $"specs.area_mm2 {specs.AreaMm2} cannot be met: the smallest sub-accelerator the space allows (slot {smallest.Index}, {smallest.Sub.Pes} PEs on {hw.Base.Name}) takes {smallest.Area:0.###} mm²"));

        double widest = config.Widths.Max();
        var fewest = config.Tasks.Select(t => t.Candidates
            .Select(m => (Model: m, Macs: zoo.Build(new NasaicArchitecture(t.Name, m, widest)).Network.MacCount))
            .MinBy(c => c.Macs)).ToList();
        double peak = (double)hw.Pes * hw.Base.MacsPerPe * hw.Base.ClockMhz * 1000;
        for (int t = 0; t < config.Tasks.Count; t++)
        {
            double boundMs = fewest[t].Macs / peak;
            if (boundMs > specs.LatencyMs)
                throw new SearchInfeasibleException(string.Create(CultureInfo.InvariantCulture,
                    $"specs.latency_ms {specs.LatencyMs} cannot be met: {config.Tasks[t].Name}'s smallest network ({new NasaicArchitecture(config.Tasks[t].Name, fewest[t].Model, widest)}, {fewest[t].Macs:N0} MACs) needs at least {boundMs:0.######} ms on all {hw.Pes} PEs at {hw.Base.ClockMhz:0.#} MHz"));
        }
        double perMacPj = hw.Base.Energy.MacPj + 4 * hw.Base.Energy.L1Pj;
        double energyUj = fewest.Sum(f => f.Macs) * perMacPj * 1e-6;
        if (energyUj > specs.EnergyUj)
            throw new SearchInfeasibleException(string.Create(CultureInfo.InvariantCulture,
                $"specs.energy_uj {specs.EnergyUj} cannot be met: the tasks' smallest networks ({string.Join(", ", fewest.Select((f, t) => new NasaicArchitecture(config.Tasks[t].Name, f.Model, widest).Key))}) take at least {energyUj:0.###} µJ ({fewest.Sum(f => f.Macs):N0} MACs at {perMacPj:0.##} pJ each, MAC and scratchpad)"));
    }
}
