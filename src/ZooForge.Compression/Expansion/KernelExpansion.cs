using ZooForge.Core.Errors;
using ZooForge.Graph.Layers;
using ZooForge.Graph.Model;

namespace ZooForge.Compression.Expansion;

/// <summary>
/// HotNAS's kernel expansion (<c>k_expand</c>): a K×K convolution becomes (K+2)×(K+2) so that it
/// runs on an accelerator configured for the larger kernel. The original weights sit in the
/// centre of the larger kernel, surrounded by a one-position ring of zeros, and the padding
/// grows by one, so every output element reads exactly the same input values with the same
/// weights: output size and values are unchanged (for any stride, grouped and depthwise included).
/// </summary>
public static class KernelExpansion
{
    /// <summary>
    /// Expands each named convolution by one ring of zeros (K → K+2, padding → padding+1).
    /// Other layers and tensors are copied unchanged; the input is not modified.
    /// </summary>
    /// <exception cref="ArgumentException">A name is unknown or not a convolution; the message names it.</exception>
    /// <exception cref="GraphException">The weights do not match the network.</exception>
    public static (Network Network, NetworkWeights Weights) Expand(Network network, NetworkWeights weights, IEnumerable<string> layers)
    {
        weights.Validate(network);
        var targets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in layers)
        {
            if (!network.Contains(name))
                throw new InvalidInputException($"kernel expansion: network '{network.Name}' has no layer '{name}'", nameof(layers));
            if (network[name].Layer is not Conv2dLayer)
                throw new InvalidInputException($"kernel expansion: layer '{name}' is a {network[name].Layer.Kind}, not a convolution", nameof(layers));
            targets.Add(name);
        }

        var result = new NetworkWeights();
        foreach (var (key, t) in weights.Entries)
            result.Set(key, new WeightTensor((int[])t.Shape.Clone(), (float[])t.Data.Clone()));
        var newLayers = new List<Layer>();
        foreach (var node in network.Nodes)
        {
            if (node.Layer is Conv2dLayer c && targets.Contains(c.Name))
            {
                newLayers.Add(new Conv2dLayer(c.Name, c.Inputs[0], c.InChannels, c.OutChannels, c.Kernel + 2,
                    c.Stride, c.Padding + 1, c.Groups, c.HasBias));
                string key = $"{c.Name}.weight";
                result.Set(key, PadKernel(weights.Get(key)));
            }
            else
            {
                newLayers.Add(node.Layer);
            }
        }
        var expanded = new Network(network.Name, network.InputShape, newLayers, network.Batch);
        result.Validate(expanded);
        return (expanded, result);
    }

    /// <summary>Pads a [M, N, K, K] weight tensor to [M, N, K+2, K+2] with a ring of zeros.</summary>
    public static WeightTensor PadKernel(WeightTensor weight)
    {
        if (weight.Shape.Length != 4 || weight.Shape[2] != weight.Shape[3])
            throw new ArgumentException($"expected a [M, N, K, K] convolution weight, got {weight.ShapeText}", nameof(weight));
        int k = weight.Shape[2], e = k + 2;
        int kernels = weight.Shape[0] * weight.Shape[1];
        var data = new float[kernels * e * e];
        for (int n = 0; n < kernels; n++)
            for (int r = 0; r < k; r++)
                Array.Copy(weight.Data, (n * k + r) * k, data, (n * e + r + 1) * e + 1, k);
        return new WeightTensor([weight.Shape[0], weight.Shape[1], e, e], data);
    }
}
