namespace ZooForge.Hardware.Exploration;

/// <summary>
/// A declared hardware design space: the values each template parameter may take. Tn is not
/// listed: as in HotNAS it is derived as ⌊(available MACs − Tm_d) / Tm⌋, so every point uses
/// the device's DSPs fully. Tk is the largest kernel of the network or one of <see cref="Tk"/>. The port lanes W_p, I_p
/// and O_p are limited together by the device's AXI port bits.
/// </summary>
public sealed record DesignSpace
{
    /// <summary>Name shown in reports.</summary>
    public required string Name { get; init; }
    /// <summary>Conv engine Tm values.</summary>
    public required IReadOnlyList<int> Tm { get; init; }
    /// <summary>Conv engine Tr values.</summary>
    public required IReadOnlyList<int> Tr { get; init; }
    /// <summary>Conv engine Tc values.</summary>
    public required IReadOnlyList<int> Tc { get; init; }
    /// <summary>W_p values.</summary>
    public required IReadOnlyList<int> WeightLanes { get; init; }
    /// <summary>I_p values.</summary>
    public required IReadOnlyList<int> InputLanes { get; init; }
    /// <summary>O_p values.</summary>
    public required IReadOnlyList<int> OutputLanes { get; init; }
    /// <summary>Depthwise engine Tm_d values (used only for networks with depthwise layers).</summary>
    public IReadOnlyList<int> DepthwiseTm { get; init; } = [];
    /// <summary>Depthwise engine Tr values.</summary>
    public IReadOnlyList<int> DepthwiseTr { get; init; } = [];
    /// <summary>Depthwise engine Tc values.</summary>
    public IReadOnlyList<int> DepthwiseTc { get; init; } = [];
    /// <summary>
    /// Kernel windows Tk the engines may take besides the network's largest kernel (always
    /// tried); a value at or above the largest kernel is that kernel. A smaller Tk runs larger
    /// kernels as several passes (<see cref="Accelerator.KernelDecomposition"/>).
    /// </summary>
    public IReadOnlyList<int> Tk { get; init; } = [];
    /// <summary>Engine kinds tried: false for the patterned engine, true for the dense one (<see cref="Accelerator.AcceleratorDesign.Dense"/>).</summary>
    public IReadOnlyList<bool> Dense { get; init; } = [false];
    /// <summary>Data bit-width of every point.</summary>
    public int DataBits { get; init; } = 16;

    /// <summary>Number of points before any constraint, for the given network kind, per choice of the engines' Tk.</summary>
    public long Size(bool withDepthwise) =>
        (long)Dense.Count * Tm.Count * Tr.Count * Tc.Count * WeightLanes.Count * InputLanes.Count * OutputLanes.Count
        * (withDepthwise ? (long)DepthwiseTm.Count * DepthwiseTr.Count * DepthwiseTc.Count : 1);

    /// <summary>The Tk values an engine whose largest kernel is <paramref name="largestKernel"/> takes, ascending.</summary>
    public IReadOnlyList<int> KernelTiles(int largestKernel) =>
        Tk.Select(t => Math.Min(t, largestKernel)).Append(largestKernel).Distinct().Order().ToArray();
}
