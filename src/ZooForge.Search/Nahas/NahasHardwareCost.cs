using ZooForge.Asic.Cost;
using ZooForge.Asic.Dataflows;
using ZooForge.Asic.EdgeTpu;
using ZooForge.Asic.Mapping;
using ZooForge.Asic.Problem;
using ZooForge.Search.HwSw;

namespace ZooForge.Search.Nahas;

/// <summary>What the Edge-TPU-like array costs one architecture: latency, energy and area, or why it cannot run it.</summary>
/// <param name="LatencyMs">Sum of the layers' runtimes, ms (batch 1).</param>
/// <param name="EnergyUj">Sum of the layers' energies, µJ.</param>
/// <param name="AreaMm2">The array's area.</param>
/// <param name="Cycles">Sum of the layers' cycles.</param>
/// <param name="Refusal">The first layer no mapping fits, or null.</param>
public sealed record NahasHardwareCost(double LatencyMs, double EnergyUj, double AreaMm2, long Cycles, string? Refusal);

/// <summary>
/// Costs an architecture on a point of the Edge-TPU-like template with the project's ASIC cost
/// model: every conv, depthwise and FC layer mapped by the mapper under the <c>tpu</c> template
/// (lowest layer EDP, <see cref="MapperInnerSearch"/>). Layer costs are cached per (shape, hardware
/// point), so architectures sharing blocks, and the co-search and its fixed-hardware baseline, map
/// each once.
/// </summary>
public sealed class NahasCostModel
{
    /// <summary>
    /// The mapper's limits per layer: spaces up to 256 points exhaustive, larger ones 200 evaluations of
    /// its heuristic. The nested co-search costs some fifty points per architecture, so the full default
    /// (1,500) would make the hardware search slower than fine-tuning; on the zoo network at the default
    /// point the two budgets' latencies are compared in the tests.
    /// </summary>
    public static MapperOptions Options { get; } = new() { Objective = Objective.Edp, ExhaustiveLimit = 256, Budget = 200 };

    private readonly MapperInnerSearch _mapper;

    /// <summary>Creates the model with the mapper limits <paramref name="options"/> (default <see cref="Options"/>).</summary>
    public NahasCostModel(MapperOptions? options = null) => _mapper = new([Dataflow.EdgeTpu], options ?? Options);
    private readonly Dictionary<(AsicLayer, EdgeTpuConfig), LayerCost?> _layers = new();
    private readonly Dictionary<string, string> _refusals = new(StringComparer.Ordinal);

    /// <summary>Distinct (layer shape, hardware point) pairs mapped so far.</summary>
    public int LayersMapped => _layers.Count;

    /// <summary>The cost of <paramref name="architecture"/> on <paramref name="hardware"/>.</summary>
    public NahasHardwareCost Cost(MnasNetArchitecture architecture, EdgeTpuConfig hardware)
    {
        var hw = hardware.ToAccelerator();
        long cycles = 0;
        double energyPj = 0, microseconds = 0;
        foreach (var layer in AsicLayers.FromNetwork(architecture.Build()))
        {
            var shape = layer with { Name = "" };
            if (!_layers.TryGetValue((shape, hardware), out var cost))
            {
                var result = _mapper.Map(layer, hw);
                _layers[(shape, hardware)] = cost = result.Cost;
                if (cost is null) _refusals[$"{shape}|{hardware}"] = result.Refusal ?? "no mapping fits";
            }
            if (cost is null)
                return new NahasHardwareCost(double.NaN, double.NaN, hw.AreaMm2, 0, $"layer '{layer.Name}' has no mapping on {hardware}: {_refusals[$"{shape}|{hardware}"]}");
            cycles += cost.Cycles;
            energyPj += cost.EnergyPj;
            microseconds += cost.Microseconds;
        }
        return new NahasHardwareCost(microseconds / 1000, energyPj / 1e6, hw.AreaMm2, cycles, null);
    }
}
