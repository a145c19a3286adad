using ZooForge.Asic.Dataflows;
using ZooForge.Asic.Description;
using ZooForge.Graph.Zoo;

namespace ZooForge.Search.Nasaic;

/// <summary>One task of a NASAIC search: a dataset with a pretrained zoo and the zoo networks the search may start from.</summary>
/// <param name="Zoo">The task (its name, architectures and zoo folder).</param>
/// <param name="Candidates">Zoo networks the architecture gene chooses among, in the configuration's order.</param>
/// <param name="Weight">β: the task's share of the accuracy term (the weights of all tasks sum to 1).</param>
public sealed record NasaicTask(ZooTask Zoo, IReadOnlyList<string> Candidates, double Weight)
{
    /// <summary>The task's name (<c>mnist</c>, <c>fashion</c>).</summary>
    public string Name => Zoo.Name;
}

/// <summary>The choices of one sub-accelerator slot.</summary>
/// <param name="Dataflows">Templates it may take (one value: fixed).</param>
/// <param name="PeShares">Shares of the total PEs it may take, in (0, 1].</param>
/// <param name="BandwidthShares">Shares of the total NoC and off-chip bandwidth it may take, in (0, 1].</param>
public sealed record SubAcceleratorSlot(IReadOnlyList<Dataflow> Dataflows, IReadOnlyList<double> PeShares, IReadOnlyList<double> BandwidthShares);

/// <summary>The resources the sub-accelerators share, and what each is built on.</summary>
/// <param name="Base">Buffers, word size, clock, energy and area tables of every sub-accelerator.</param>
/// <param name="Pes">Total PEs.</param>
/// <param name="NocBandwidth">Total NoC bandwidth, words per cycle.</param>
/// <param name="OffChipBandwidth">Total off-chip bandwidth, words per cycle.</param>
/// <param name="Slots">The sub-accelerators (1 to 3).</param>
public sealed record NasaicHardware(SpatialAccelerator Base, int Pes, int NocBandwidth, int OffChipBandwidth, IReadOnlyList<SubAcceleratorSlot> Slots)
{
    /// <summary>Most sub-accelerators a design may have.</summary>
    public const int MaxSubAccelerators = 3;
}

/// <summary>The design specs (upper bounds) and the reward's weights.</summary>
/// <param name="LatencyMs">Latency bound, ms (max over the parallel sub-accelerators).</param>
/// <param name="EnergyUj">Energy bound, µJ (sum over the networks).</param>
/// <param name="AreaMm2">Area bound, mm² (sum over the sub-accelerators).</param>
public sealed record NasaicSpecs(double LatencyMs, double EnergyUj, double AreaMm2);

/// <summary>
/// The reward of NASAIC's form: α · Σ β_t · accuracy_t + (1 − α) · Σ γ_s · (bound_s − value_s) / bound_s over
/// the specs s (latency, energy, area), for a design that meets every spec; a design that misses one gets
/// <see cref="Pruned"/> without training.
/// </summary>
/// <param name="Alpha">α, the accuracy term's weight, in [0, 1].</param>
/// <param name="Latency">γ of latency.</param>
/// <param name="Energy">γ of energy.</param>
/// <param name="Area">γ of area.</param>
public sealed record NasaicReward(double Alpha, double Latency, double Energy, double Area)
{
    /// <summary>The reward of a design that misses a spec (fast exploration prunes it; nothing is trained).</summary>
    public const double Pruned = -1;

    /// <summary>The hardware term Σ γ_s · (bound_s − value_s) / bound_s (positive when every spec is met).</summary>
    public double HardwareTerm(NasaicSpecs specs, double latencyMs, double energyUj, double areaMm2) =>
        Latency * (specs.LatencyMs - latencyMs) / specs.LatencyMs
        + Energy * (specs.EnergyUj - energyUj) / specs.EnergyUj
        + Area * (specs.AreaMm2 - areaMm2) / specs.AreaMm2;

    /// <summary>The whole reward of a design that meets every spec, from its weighted accuracy (in [0, 1]) and hardware term.</summary>
    public double Of(double weightedAccuracy, double hardwareTerm) => Alpha * weightedAccuracy + (1 - Alpha) * hardwareTerm;
}

/// <summary>Slow exploration: the hot-start fine-tune of each changed network.</summary>
/// <param name="Batches">Batch budget of one fine-tune.</param>
/// <param name="BatchSize">Images per batch.</param>
/// <param name="LearningRate">SGD learning rate.</param>
/// <param name="ValidationImages">Validation images each accuracy is measured on (the first of the task's validation split).</param>
/// <param name="Seed">Seed of every fine-tune's batch order: fixed by the configuration, not the search seed, so a network
/// scores the same in every trial and every seed of a benchmark (and is trained once per process).</param>
public sealed record NasaicFineTune(int Batches, int BatchSize, double LearningRate, int ValidationImages, long Seed);

/// <summary>A parsed <c>problem: nasaic</c> search configuration.</summary>
public sealed record NasaicConfig
{
    /// <summary>Run name (C identifier).</summary>
    public required string Name { get; init; }
    /// <summary>The tasks, in the configuration's order.</summary>
    public required IReadOnlyList<NasaicTask> Tasks { get; init; }
    /// <summary>The width gene's values: the fraction of every cuttable layer's output channels cut (0: the zoo network as trained).</summary>
    public required IReadOnlyList<double> Widths { get; init; }
    /// <summary>The shared resources and the sub-accelerator slots.</summary>
    public required NasaicHardware Hardware { get; init; }
    /// <summary>The specs.</summary>
    public required NasaicSpecs Specs { get; init; }
    /// <summary>The reward's weights.</summary>
    public required NasaicReward Reward { get; init; }
    /// <summary>Slow exploration's settings.</summary>
    public required NasaicFineTune FineTune { get; init; }
    /// <summary>Trials when the command line gives no budget.</summary>
    public required int Budget { get; init; }
    /// <summary>The YAML text it was read from (stored with the trials).</summary>
    public required string Text { get; init; }
}
