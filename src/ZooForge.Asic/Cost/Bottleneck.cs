namespace ZooForge.Asic.Cost;

/// <summary>What bounds most of a layer's cycles at the top level of its loop nest.</summary>
public enum Bottleneck
{
    /// <summary>The PE array (its MACs and the sub-levels' own transfers).</summary>
    Compute,
    /// <summary>Delivering inputs and weights from the shared buffer over the NoC.</summary>
    NocIngress,
    /// <summary>Collecting outputs over the NoC.</summary>
    NocEgress,
    /// <summary>Filling the shared buffer from off-chip memory, or draining it.</summary>
    OffChip,
}
