namespace ZooForge.Hardware.Workloads;

/// <summary>How a layer maps onto the accelerator.</summary>
public enum WorkloadKind
{
    /// <summary>Conventional (or grouped) convolution on the Tm×Tn engine.</summary>
    Conv,
    /// <summary>Depthwise convolution: the depthwise engine, or the conv engine with one input channel per lane.</summary>
    Depthwise,
    /// <summary>Fully connected layer, run on the conv engine as a 1×1 convolution on a 1×1 map.</summary>
    Linear,
    /// <summary>Max/average/adaptive pooling in the streaming post-processing unit.</summary>
    Pool,
    /// <summary>Residual addition in the streaming post-processing unit.</summary>
    Add,
}
