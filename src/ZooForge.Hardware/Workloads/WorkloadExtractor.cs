using ZooForge.Graph.Layers;
using ZooForge.Graph.Model;

namespace ZooForge.Hardware.Workloads;

/// <summary>
/// Turns a shape-inferred network into the layer workloads the performance models evaluate,
/// using true layer shapes (every convolution sees the tensor it really reads) and applying a
/// compression plan. Layers that cost nothing on the accelerator — batch-norm (folded), ReLU
/// (fused into the output stage), flatten and concat (addressing only) — produce no workload.
/// </summary>
public static class WorkloadExtractor
{
    /// <summary>The ops that become workloads; every other layer is folded or free (batch norm, activations, flatten, concat).</summary>
    public static IReadOnlyList<OpKind> Ops { get; } =
        [OpKind.Conv, OpKind.GroupedConv, OpKind.DepthwiseConv, OpKind.Linear, OpKind.MaxPool, OpKind.AvgPool, OpKind.AdaptiveAvgPool, OpKind.Add];

    /// <summary>Extracts workloads in the network's topological order.</summary>
    /// <exception cref="WorkloadException">A compression rule is impossible for the layer it names.</exception>
    public static LayerWorkload[] Extract(Network network, CompressionPlan? plan = null)
    {
        plan ??= CompressionPlan.None;
        var result = new List<LayerWorkload>();
        foreach (var node in network.Nodes)
        {
            var workload = node.Layer switch
            {
                Conv2dLayer conv => FromConv(network, node, conv, plan.For(conv.Name)),
                LinearLayer linear => FromLinear(network, node, linear, plan.For(linear.Name)),
                Pool2dLayer or AdaptiveAvgPool2dLayer or AddLayer => FromStreaming(network, node),
                _ => (LayerWorkload?)null,
            };
            if (workload is { } w) result.Add(w);
        }
        return [.. result];
    }

    private static LayerWorkload FromConv(Network network, LayerNode node, Conv2dLayer conv, LayerCompression c)
    {
        int k2 = conv.Kernel * conv.Kernel;
        if (c.PatternOnes is { } ones && (ones < 1 || ones > k2))
            throw new WorkloadException($"layer '{conv.Name}': pattern non-zeros {ones} is outside 1..{k2} for a {conv.Kernel}x{conv.Kernel} kernel");
        CheckBits(conv.Name, c);
        var input = node.InputShapes[0];
        bool depthwise = conv.IsDepthwise;
        return new LayerWorkload
        {
            Name = conv.Name,
            Kind = conv.Op,
            B = network.Batch,
            M = depthwise ? conv.OutChannels : conv.OutChannels / conv.Groups,
            N = depthwise ? conv.InChannels : conv.InChannels / conv.Groups,
            R = node.OutputShape.Height,
            C = node.OutputShape.Width,
            H = input.Height,
            W = input.Width,
            K = conv.Kernel,
            S = conv.Stride,
            P = conv.Padding,
            Groups = depthwise ? 1 : conv.Groups,
            PatternOnes = c.PatternOnes ?? k2,
            IsPatternPruned = c.PatternOnes is not null,
            WeightBits = c.WeightBits ?? 0,
            InputCount = 1,
        };
    }

    private static LayerWorkload FromLinear(Network network, LayerNode node, LinearLayer linear, LayerCompression c)
    {
        if (c.PatternOnes is not null)
            throw new WorkloadException($"layer '{linear.Name}': pattern pruning applies to convolution kernels, not to a linear layer");
        CheckBits(linear.Name, c);
        return new LayerWorkload
        {
            Name = linear.Name, Kind = OpKind.Linear, B = network.Batch,
            M = linear.OutFeatures, N = linear.InFeatures, R = 1, C = 1, H = 1, W = 1, K = 1, S = 1, P = 0,
            Groups = 1, PatternOnes = 1, WeightBits = c.WeightBits ?? 0, InputCount = 1,
        };
    }

    private static LayerWorkload FromStreaming(Network network, LayerNode node)
    {
        var input = node.InputShapes[0];
        return new LayerWorkload
        {
            Name = node.Layer.Name, Kind = node.Layer.Op, B = network.Batch,
            M = node.OutputShape.Channels, N = input.Channels,
            R = node.OutputShape.Height, C = node.OutputShape.Width, H = input.Height, W = input.Width,
            K = 1, S = 1, P = 0, Groups = 1, PatternOnes = 1, InputCount = node.InputShapes.Count,
        };
    }

    private static void CheckBits(string layer, LayerCompression c)
    {
        if (c.WeightBits is { } bits && (bits < 2 || bits > 16))
            throw new WorkloadException($"layer '{layer}': weight bits {bits} is outside 2..16");
    }
}
