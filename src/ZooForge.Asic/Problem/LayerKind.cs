namespace ZooForge.Asic.Problem;

/// <summary>What a layer computes, which decides how its tensors couple to the loop dimensions.</summary>
public enum LayerKind
{
    /// <summary>Convolution: weights K·C·R·S, inputs C·rows·columns, outputs K·P·Q.</summary>
    Conv,
    /// <summary>Depthwise convolution: K = 1; weights C·R·S, outputs C·P·Q (each channel is its own filter).</summary>
    Depthwise,
    /// <summary>Fully connected: a 1×1 convolution on a 1×1 map.</summary>
    FullyConnected,
}
