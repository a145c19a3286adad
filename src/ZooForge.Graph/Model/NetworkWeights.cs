using ZooForge.Graph.Layers;

namespace ZooForge.Graph.Model;

/// <summary>
/// The parameters and buffers of a network, keyed like a PyTorch <c>state_dict</c>:
/// <c>&lt;layer name&gt;.weight</c>, <c>.bias</c>, and for batch-norm <c>.running_mean</c> and
/// <c>.running_var</c>. Built-in architectures use torchvision's module names, so a torchvision
/// state_dict maps onto them key for key.
/// </summary>
public sealed class NetworkWeights
{
    private readonly SortedDictionary<string, WeightTensor> _tensors = new(StringComparer.Ordinal);

    /// <summary>Entries in ordinal key order (deterministic).</summary>
    public IEnumerable<KeyValuePair<string, WeightTensor>> Entries => _tensors;

    /// <summary>Number of tensors.</summary>
    public int Count => _tensors.Count;

    /// <summary>Sets or replaces a tensor.</summary>
    public void Set(string key, WeightTensor tensor) => _tensors[key] = tensor;

    /// <summary>Gets a tensor; throws naming the key if absent.</summary>
    public WeightTensor Get(string key) =>
        _tensors.TryGetValue(key, out var t) ? t : throw new GraphException($"no weight tensor '{key}'");

    /// <summary>Looks a tensor up.</summary>
    public bool TryGet(string key, out WeightTensor tensor) => _tensors.TryGetValue(key, out tensor!);

    /// <summary>
    /// The tensors a network needs, with their shapes: for every layer with parameters, its
    /// weight and bias, and batch-norm statistics.
    /// </summary>
    public static IReadOnlyList<(string Key, int[] Shape)> Expected(Network network)
    {
        var list = new List<(string, int[])>();
        foreach (var node in network.Nodes)
        {
            switch (node.Layer)
            {
                case Conv2dLayer c:
                    list.Add(($"{c.Name}.weight", [c.OutChannels, c.InChannels / c.Groups, c.Kernel, c.Kernel]));
                    if (c.HasBias) list.Add(($"{c.Name}.bias", [c.OutChannels]));
                    break;
                case LinearLayer l:
                    list.Add(($"{l.Name}.weight", [l.OutFeatures, l.InFeatures]));
                    if (l.HasBias) list.Add(($"{l.Name}.bias", [l.OutFeatures]));
                    break;
                case BatchNorm2dLayer b:
                    list.Add(($"{b.Name}.weight", [b.Channels]));
                    list.Add(($"{b.Name}.bias", [b.Channels]));
                    list.Add(($"{b.Name}.running_mean", [b.Channels]));
                    list.Add(($"{b.Name}.running_var", [b.Channels]));
                    break;
            }
        }
        return list;
    }

    /// <summary>
    /// Throws a <see cref="GraphException"/> naming the first tensor that is missing, has the
    /// wrong shape, holds a NaN or infinity (a <see cref="NonFiniteValueException"/>), or belongs to no layer of <paramref name="network"/>.
    /// </summary>
    public void Validate(Network network)
    {
        var expected = Expected(network);
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, shape) in expected)
        {
            known.Add(key);
            if (!_tensors.TryGetValue(key, out var t))
                throw new GraphException($"weights: missing tensor '{key}' (shape [{string.Join(",", shape)}]) for network '{network.Name}'");
            if (!t.Shape.AsSpan().SequenceEqual(shape))
                throw new GraphException($"weights: tensor '{key}' has shape {t.ShapeText}, layer expects [{string.Join(",", shape)}]");
            foreach (float v in t.Data)
                if (!float.IsFinite(v))
                    throw new NonFiniteValueException($"weights: tensor '{key}' holds a non-finite value ({v})");
        }
        foreach (var key in _tensors.Keys)
            if (!known.Contains(key))
                throw new GraphException($"weights: tensor '{key}' belongs to no layer of network '{network.Name}'");
    }
}
