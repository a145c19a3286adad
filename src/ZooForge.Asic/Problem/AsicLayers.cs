using ZooForge.Core.Errors;
using ZooForge.Graph.Model;
using ZooForge.Hardware.Workloads;

namespace ZooForge.Asic.Problem;

/// <summary>The layers of a network that run on a spatial accelerator: convolutions, depthwise convolutions and fully connected layers.</summary>
public static class AsicLayers
{
    /// <summary>
    /// Extracts them with the true shapes <see cref="WorkloadExtractor"/> infers. Pooling and
    /// additions are left to the host (they have no MACs for the PE array).
    /// </summary>
    public static AsicLayer[] FromNetwork(Network network) =>
        WorkloadExtractor.Extract(network)
            .Where(w => w.Kind.IsConvolution() || w.Kind == OpKind.Linear)
            .Select(FromWorkload)
            .ToArray();

    /// <summary>Converts one workload (conv, depthwise or linear).</summary>
    /// <exception cref="ArgumentException">The workload is pooling or an addition.</exception>
    public static AsicLayer FromWorkload(LayerWorkload w) => w.Kind switch
    {
        OpKind.Conv or OpKind.GroupedConv => new AsicLayer
        {
            Name = w.Name, Kind = LayerKind.Conv, K = w.M, C = w.N, R = w.K, S = w.K, P = w.R, Q = w.C,
            Stride = w.S, Repeats = Math.Max(1, w.B) * Math.Max(1, w.Groups),
            InputHeight = w.H + 2 * w.P, InputWidth = w.W + 2 * w.P,
        },
        OpKind.DepthwiseConv => new AsicLayer
        {
            Name = w.Name, Kind = LayerKind.Depthwise, K = 1, C = w.M, R = w.K, S = w.K, P = w.R, Q = w.C,
            Stride = w.S, Repeats = Math.Max(1, w.B),
            InputHeight = w.H + 2 * w.P, InputWidth = w.W + 2 * w.P,
        },
        OpKind.Linear => new AsicLayer
        {
            Name = w.Name, Kind = LayerKind.FullyConnected, K = w.M, C = w.N, R = 1, S = 1, P = 1, Q = 1,
            Stride = 1, Repeats = Math.Max(1, w.B),
        },
        _ => throw new InvalidInputException($"layer '{w.Name}' ({w.Kind}) has no MACs for the PE array"),
    };
}
