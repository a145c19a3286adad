using ZooForge.Core.Errors;
using ZooForge.Graph.Layers;
using ZooForge.Graph.Model;

namespace ZooForge.Search.Nahas;

/// <summary>
/// Hot start of a member of a network family from a checkpoint of another member with the same
/// layer names: every tensor the target needs is taken from the source tensor of the same key,
/// index by index.
/// <list type="bullet">
/// <item><description>Equal shapes are copied.</description></item>
/// <item><description>Channels (a conv's output and input channels, a batch-norm's vectors, a linear layer's
/// features): a narrower target keeps the first channels (slicing); a wider one repeats them cyclically,
/// channel <c>t</c> taking source channel <c>t mod n</c> (tiling). Where a layer's <em>input</em> channels are
/// tiled, each copy of a source channel is divided by the number of its copies, so a layer fed by tiled
/// activations computes what the source computed (exactly for the tiling that expansion 3 → 6 gives).</description></item>
/// <item><description>Kernels: a larger kernel embeds the source's in its centre with zeros around it (3×3 → 5×5
/// computes the same convolution); a smaller one keeps the source's centre (5×5 → 3×3, an approximation that
/// fine-tuning corrects).</description></item>
/// </list>
/// The result is what fine-tuning starts from; nothing of the source is modified.
/// </summary>
public static class WeightTransfer
{
    /// <summary>Weights for <paramref name="target"/> from <paramref name="sourceWeights"/>.</summary>
    /// <exception cref="ArgumentException">The source has no tensor for a key the target needs, or ranks differ.</exception>
    public static NetworkWeights Transfer(NetworkWeights sourceWeights, Network target)
    {
        var inputDim = InputChannelDims(target);
        var result = new NetworkWeights();
        foreach (var (key, shape) in NetworkWeights.Expected(target))
        {
            if (!sourceWeights.TryGet(key, out var source))
                throw new InvalidInputException($"weight transfer: the source has no tensor '{key}' (shape [{string.Join(",", shape)}])");
            if (source.Shape.Length != shape.Length)
                throw new InvalidInputException($"weight transfer: tensor '{key}' has rank {source.Shape.Length} in the source, {shape.Length} in the target");
            result.Set(key, source.Shape.AsSpan().SequenceEqual(shape) ? new WeightTensor(shape, (float[])source.Data.Clone())
                : Resize(source, shape, spatialFrom: shape.Length == 4 ? 2 : shape.Length, inputDim.TryGetValue(key, out int d) ? d : -1));
        }
        return result;
    }

    // Dimension 1 of a dense conv's or linear layer's weight is the input channels (a depthwise conv's is 1).
    private static Dictionary<string, int> InputChannelDims(Network network)
    {
        var dims = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var node in network.Nodes)
        {
            if (node.Layer is Conv2dLayer { Groups: 1 } c) dims[$"{c.Name}.weight"] = 1;
            if (node.Layer is LinearLayer l) dims[$"{l.Name}.weight"] = 1;
        }
        return dims;
    }

    private static WeightTensor Resize(WeightTensor source, int[] shape, int spatialFrom, int inputDim)
    {
        int rank = shape.Length;
        var data = new float[shape.Aggregate(1, (p, d) => p * d)];
        var srcStrides = Strides(source.Shape);
        var index = new int[rank];
        for (int flat = 0; flat < data.Length; flat++)
        {
            int rest = flat;
            for (int d = rank - 1; d >= 0; d--)
            {
                index[d] = rest % shape[d];
                rest /= shape[d];
            }
            int srcFlat = 0;
            float scale = 1;
            bool inside = true;
            for (int d = 0; d < rank && inside; d++)
            {
                int n = source.Shape[d], t = shape[d], s;
                if (d >= spatialFrom)
                {
                    // Centre-aligned: a larger kernel pads the source with zeros, a smaller one crops it.
                    s = index[d] + (n - t) / 2;
                    inside = s >= 0 && s < n;
                }
                else
                {
                    s = index[d] % n;
                    if (d == inputDim && t > n) scale /= Copies(s, n, t);
                }
                srcFlat += s * srcStrides[d];
            }
            data[flat] = inside ? source.Data[srcFlat] * scale : 0f;
        }
        return new WeightTensor(shape, data);
    }

    // How many of t cyclically tiled channels are copies of source channel s (of n).
    private static int Copies(int s, int n, int t) => t / n + (s < t % n ? 1 : 0);

    private static int[] Strides(int[] shape)
    {
        var strides = new int[shape.Length];
        int stride = 1;
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            strides[d] = stride;
            stride *= shape[d];
        }
        return strides;
    }
}
