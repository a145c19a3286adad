namespace ZooForge.Search.Space;

/// <summary>What a gene controls.</summary>
public enum GeneKind
{
    /// <summary>Which zoo model to start from (hot start).</summary>
    Model,
    /// <summary>Patterns per pattern-pruned layer (P); 0 turns pattern pruning off.</summary>
    Patterns,
    /// <summary>Zeroed positions of each 3×3 kernel besides the centre (z; 9 − z non-zeros kept).</summary>
    Zeros,
    /// <summary>Quantization bit-width of weights and activations, 2..8 (default 8).</summary>
    Bits,
    /// <summary>Fraction of one layer's output channels cut.</summary>
    Cut,
    /// <summary>Kernel expansion of one layer, K×K → (K+2)×(K+2): 0 or 1.</summary>
    Expand,
    /// <summary>
    /// One parameter of the accelerator template (its name in <see cref="Gene.Layer"/>, e.g.
    /// <c>tm</c>), for hardware-only problems such as the EDP benchmark; the co-search derives
    /// hardware by DSE instead.
    /// </summary>
    Hardware,
}
