using ZooForge.Hardware.Accelerator;

namespace ZooForge.Hardware.Performance;

/// <summary>Per-layer and total latency of a network on one design under one model.</summary>
public sealed record NetworkLatency(string ModelName, AcceleratorDesign Design, IReadOnlyList<LayerLatency> Layers)
{
    /// <summary>Sum of the layers' cycles, in layer order.</summary>
    public double TotalCycles
    {
        get
        {
            double sum = 0;
            foreach (var l in Layers) sum += l.Cycles;
            return sum;
        }
    }

    /// <summary>Latency in milliseconds at the design's clock: cycles / (f_MHz · 1000).</summary>
    public double Milliseconds => TotalCycles / (Design.ClockMhz * 1000.0);
}
