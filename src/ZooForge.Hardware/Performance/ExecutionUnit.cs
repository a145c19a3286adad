namespace ZooForge.Hardware.Performance;

/// <summary>Which part of the accelerator runs a layer.</summary>
public enum ExecutionUnit
{
    /// <summary>Not counted by the model.</summary>
    NotModelled,
    /// <summary>The conventional Tm×Tn engine.</summary>
    ConvEngine,
    /// <summary>The depthwise engine.</summary>
    DepthwiseEngine,
    /// <summary>The streaming unit for pooling and residual additions.</summary>
    PostProcess,
}
