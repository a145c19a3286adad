using ZooForge.Graph.Model;
using ZooForge.Hardware.Workloads;

namespace ZooForge.Emit.Model;

/// <summary>
/// The schedule entries as the performance models see them: the workload each entry runs, built
/// from the emitted fields themselves, so a model evaluated on it costs exactly what the kernels
/// are asked to do.
/// </summary>
public static class ScheduleWorkloads
{
    /// <summary>
    /// The workload of <paramref name="entry"/>, or null for entries the models do not cost
    /// (a concatenation part and a standalone clamp, addressing and fused work in the models).
    /// </summary>
    public static LayerWorkload? Of(EmitLayer entry) => entry.Kind switch
    {
        KernelKinds.Conv => Convolution(entry, entry.H == 1 && entry.W == 1 && entry.K == 1 ? OpKind.Linear : OpKind.Conv, entry.N),
        KernelKinds.Depthwise => Convolution(entry, OpKind.DepthwiseConv, entry.M),
        KernelKinds.MaxPool => Streaming(entry, OpKind.MaxPool, 1),
        KernelKinds.AvgPool => Streaming(entry, OpKind.AvgPool, 1),
        KernelKinds.Adaptive => Streaming(entry, OpKind.AdaptiveAvgPool, 1),
        KernelKinds.Add => Streaming(entry, OpKind.Add, 2),
        _ => null,
    };

    private static LayerWorkload Convolution(EmitLayer e, OpKind kind, int inputs) => new()
    {
        Name = e.Name, Kind = kind, B = 1, M = e.M, N = inputs, R = e.Oh, C = e.Ow, H = e.H, W = e.W,
        K = e.K, S = e.S, P = e.P, Groups = 1, PatternOnes = e.Taps, IsPatternPruned = e.Ids != 0, InputCount = 1,
    };

    private static LayerWorkload Streaming(EmitLayer e, OpKind kind, int inputCount) => new()
    {
        Name = e.Name, Kind = kind, B = 1, M = e.M, N = e.N, R = e.Oh, C = e.Ow, H = e.H, W = e.W,
        K = e.K, S = e.S, P = e.P, Groups = 1, PatternOnes = 1, InputCount = inputCount,
    };
}
