using ZooForge.Hardware.Workloads;

namespace ZooForge.Hardware.Performance;

/// <summary>
/// A layer's latency in cycles with HotNAS's breakdown: the cycles spent loading inputs,
/// loading weights, storing outputs and computing, each summed over the whole layer. These
/// overlap, so they do not add up to <see cref="Cycles"/>.
/// </summary>
public readonly record struct LayerLatency(
    LayerWorkload Layer,
    ExecutionUnit Unit,
    double Cycles,
    Bottleneck Bottleneck,
    double InputCycles,
    double WeightCycles,
    double OutputCycles,
    double ComputeCycles)
{
    /// <summary>Whether the model counts this layer at all.</summary>
    public bool IsModelled => Unit != ExecutionUnit.NotModelled;

    /// <summary>The largest of the four terms and its name, following "the bottleneck is whichever term is largest".</summary>
    public static Bottleneck Largest(double input, double weight, double output, double compute)
    {
        var best = Bottleneck.LoadInput;
        double max = input;
        if (weight > max) { max = weight; best = Bottleneck.LoadWeight; }
        if (compute > max) { max = compute; best = Bottleneck.Compute; }
        if (output > max) best = Bottleneck.StoreOutput;
        return best;
    }
}
