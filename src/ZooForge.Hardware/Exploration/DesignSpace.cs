namespace ZooForge.Hardware.Exploration;

/// <summary>
/// A declared hardware design space: the values each template parameter may take. Tn is not
/// listed: as in HotNAS it is derived as ⌊(available MACs − Tm_d) / Tm⌋, so every point uses
/// the device's DSPs fully. Tk is the largest kernel of the network. The port lanes W_p, I_p
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
    /// <summary>Data bit-width of every point.</summary>
    public int DataBits { get; init; } = 16;

    /// <summary>Number of points before any constraint, for the given network kind.</summary>
    public long Size(bool withDepthwise) =>
        (long)Tm.Count * Tr.Count * Tc.Count * WeightLanes.Count * InputLanes.Count * OutputLanes.Count
        * (withDepthwise ? (long)DepthwiseTm.Count * DepthwiseTr.Count * DepthwiseTc.Count : 1);
}
