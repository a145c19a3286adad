namespace ZooForge.Hardware.Performance;

/// <summary>The term that bounds a layer's latency.</summary>
public enum Bottleneck
{
    /// <summary>The layer is not modelled (HotNAS counts convolutions only).</summary>
    None,
    /// <summary>Loading input feature maps (I_p).</summary>
    LoadInput,
    /// <summary>Loading weights (W_p).</summary>
    LoadWeight,
    /// <summary>The MAC array.</summary>
    Compute,
    /// <summary>Storing output feature maps (O_p).</summary>
    StoreOutput,
}
