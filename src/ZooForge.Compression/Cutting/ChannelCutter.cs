using ZooForge.Core.Errors;
using ZooForge.Graph.Layers;
using ZooForge.Graph.Model;

namespace ZooForge.Compression.Cutting;

/// <summary>
/// A set of tensors whose channels must stay identical because they meet at residual additions
/// (or pass through channel-preserving layers: batch-norm, activations, pooling, depthwise
/// convolutions). Cutting any producer cuts the whole group.
/// </summary>
/// <param name="Producers">Convolutions and linear layers whose outputs form the group, in network order.</param>
/// <param name="Channels">Channel (or feature) count of the group.</param>
/// <param name="Additions">Residual additions that tie the group together, in network order.</param>
/// <param name="Blockers">
/// Why the group cannot be cut, if it cannot: it carries the network input, the network's final
/// output, or the input or output of a grouped (non-depthwise) convolution. Empty when cuttable.
/// </param>
public sealed record ChannelGroup(IReadOnlyList<string> Producers, int Channels, IReadOnlyList<string> Additions, IReadOnlyList<string> Blockers)
{
    /// <summary>Whether the group's channels can be cut.</summary>
    public bool IsCuttable => Blockers.Count == 0 && Producers.Count > 0;
}

/// <summary>The outcome of <see cref="ChannelCutter.Cut(Network, NetworkWeights, IReadOnlyDictionary{string, int})"/>.</summary>
/// <param name="Network">The narrowed network, validated, with the original layer names.</param>
/// <param name="Weights">Its weights, validated against it.</param>
/// <param name="KeptChannels">
/// For every producer whose outputs were cut (including residual partners cut with it), the
/// original indices of the kept output channels, ascending.
/// </param>
public sealed record ChannelCutResult(Network Network, NetworkWeights Weights, IReadOnlyDictionary<string, int[]> KeptChannels)
{
    /// <summary>Deconstructs into the network and its weights.</summary>
    public void Deconstruct(out Network network, out NetworkWeights weights)
    {
        network = Network;
        weights = Weights;
    }
}

/// <summary>
/// Channel cutting by filter L2 norm (HotNAS): removes the output channels of convolutions (and
/// linear layers) with the smallest L2 norm and shrinks every consumer consistently.
/// </summary>
/// <remarks>
/// <para>
/// <b>Propagation.</b> A cut producer's channels are removed from its batch-norm (weight, bias,
/// running mean and variance), from activations and pooling, from a depthwise convolution that
/// reads them (its channels are cut identically, and then its own consumers), from the input
/// channels of every following convolution (weight dimension N), from concatenations (at the
/// input's channel offset) and, after a flatten of C×H×W, from the input columns of a linear
/// layer (channel c owns the H·W consecutive features c·H·W … c·H·W + H·W − 1).
/// </para>
/// <para>
/// <b>Residual groups.</b> All tensors meeting at an addition must keep the same channel set, so
/// they form one <see cref="ChannelGroup"/>: for a ResNet block, the block's <c>conv2</c>/<c>bn2</c>,
/// its <c>downsample</c> conv/bn or the identity path back to the previous block's producers. A
/// request on any producer cuts the whole group; the kept channels are the top-k by the sum,
/// over the group's producers, of each producer's filter L2 norm. Several requests on one
/// group must agree on the number of channels cut. A group that carries the network input, the
/// network's final output (the classifier), or the input or output of a grouped convolution
/// cannot be cut.
/// </para>
/// <para>
/// <b>Amounts.</b> A ratio r cuts round(r·C) channels with midpoint rounding away from zero
/// (6 channels at 25 % → 1.5 → 2 cut); a count is the number of channels to cut. Cutting all
/// channels (or more) is an error. Kept channels are the top (C − cut) by norm, ties broken
/// toward the lower index, and stay in ascending index order.
/// </para>
/// </remarks>
public static class ChannelCutter
{
    /// <summary>Cuts <c>ratios[layer]</c> (in [0, 1)) of each named layer's output channels.</summary>
    /// <exception cref="ArgumentException">
    /// An unknown layer, a layer that cannot be cut, a ratio outside [0, 1) or one that would cut
    /// every channel, or disagreeing requests on one residual group; the message names the layer.
    /// </exception>
    public static ChannelCutResult Cut(Network network, NetworkWeights weights, IReadOnlyDictionary<string, double> ratios)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (layer, ratio) in ratios)
        {
            int channels = ProducerChannels(network, layer);
            if (!(ratio >= 0 && ratio < 1))
                throw new InvalidInputException($"channel cut: layer '{layer}': ratio must be in [0, 1), got {ratio} (it has {channels} channels)", nameof(ratios));
            counts[layer] = ChannelsToCut(ratio, channels);
        }
        return Cut(network, weights, counts);
    }

    /// <summary>Cuts <c>counts[layer]</c> output channels of each named layer.</summary>
    /// <exception cref="ArgumentException">
    /// An unknown layer, a layer that cannot be cut, a negative count or one that would cut
    /// every channel, or disagreeing requests on one residual group; the message names the layer.
    /// </exception>
    /// <exception cref="GraphException">The weights do not match the network.</exception>
    public static ChannelCutResult Cut(Network network, NetworkWeights weights, IReadOnlyDictionary<string, int> counts)
    {
        weights.Validate(network);
        var a = new Analysis(network);

        // Resolve requests to groups.
        var cutByRoot = new Dictionary<int, (int Cut, string Layer)>();
        foreach (var (layer, cut) in counts.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            int channels = ProducerChannels(network, layer);
            if (cut < 0)
                throw new InvalidInputException($"channel cut: layer '{layer}': cannot cut a negative number of channels ({cut})", nameof(counts));
            if (cut >= channels)
                throw new InvalidInputException(
                    $"channel cut: layer '{layer}' has {channels} output channels; cutting {cut} would leave {channels - cut} (at least one must remain)",
                    nameof(counts));
            int root = a.Find(a.SpaceOf[layer]);
            var group = a.Group(root);
            if (!group.IsCuttable)
                throw new InvalidInputException($"channel cut: cannot cut layer '{layer}': {Describe(group, layer)}", nameof(counts));
            if (cutByRoot.TryGetValue(root, out var other) && other.Cut != cut)
                throw new InvalidInputException(
                    $"channel cut: layers '{other.Layer}' and '{layer}' share residual channels ({string.Join(", ", group.Producers)}) and must be cut alike, but cut {other.Cut} and {cut} of {channels}",
                    nameof(counts));
            if (cut > 0) cutByRoot[root] = (cut, layer);
        }

        // Choose the kept channels of every cut group.
        var keptByRoot = new Dictionary<int, int[]>();
        var keptChannels = new Dictionary<string, int[]>(StringComparer.Ordinal);
        foreach (var (root, (cut, _)) in cutByRoot)
        {
            var group = a.Group(root);
            var norms = new double[group.Channels];
            foreach (var producer in group.Producers)
            {
                var w = weights.Get($"{producer}.weight");
                int inner = w.Length / group.Channels;
                for (int c = 0; c < group.Channels; c++)
                {
                    double sum = 0;
                    foreach (float v in w.Data.AsSpan(c * inner, inner)) sum += (double)v * v;
                    norms[c] += Math.Sqrt(sum);
                }
            }
            var kept = TopK(norms, group.Channels - cut);
            keptByRoot[root] = kept;
            foreach (var producer in group.Producers) keptChannels[producer] = kept;
        }

        // Rebuild layers and weights.
        var layers = new List<Layer>();
        var result = new NetworkWeights();
        foreach (var node in network.Nodes)
        {
            var layer = node.Layer;
            int[]? inKept = layer.Inputs.Count == 1 ? a.Kept(layer.Inputs[0], keptByRoot) : null;
            switch (layer)
            {
                case Conv2dLayer c when c.Groups == 1:
                {
                    int[]? outKept = a.Kept(c.Name, keptByRoot);
                    layers.Add(new Conv2dLayer(c.Name, c.Inputs[0], inKept?.Length ?? c.InChannels, outKept?.Length ?? c.OutChannels,
                        c.Kernel, c.Stride, c.Padding, 1, c.HasBias));
                    CopySliced(weights, result, $"{c.Name}.weight", outKept, inKept);
                    if (c.HasBias) CopySliced(weights, result, $"{c.Name}.bias", outKept, null);
                    break;
                }
                case Conv2dLayer c when c.IsDepthwise:
                {
                    int n = inKept?.Length ?? c.InChannels;
                    layers.Add(new Conv2dLayer(c.Name, c.Inputs[0], n, n, c.Kernel, c.Stride, c.Padding, n, c.HasBias));
                    CopySliced(weights, result, $"{c.Name}.weight", inKept, null);
                    if (c.HasBias) CopySliced(weights, result, $"{c.Name}.bias", inKept, null);
                    break;
                }
                case Conv2dLayer c:
                    // Grouped: its input and output groups are blocked, so nothing changes.
                    layers.Add(c);
                    CopySliced(weights, result, $"{c.Name}.weight", null, null);
                    if (c.HasBias) CopySliced(weights, result, $"{c.Name}.bias", null, null);
                    break;
                case LinearLayer l:
                {
                    int[]? outKept = a.Kept(l.Name, keptByRoot);
                    layers.Add(new LinearLayer(l.Name, l.Inputs[0], inKept?.Length ?? l.InFeatures, outKept?.Length ?? l.OutFeatures, l.HasBias));
                    CopySliced(weights, result, $"{l.Name}.weight", outKept, inKept);
                    if (l.HasBias) CopySliced(weights, result, $"{l.Name}.bias", outKept, null);
                    break;
                }
                case BatchNorm2dLayer b:
                    layers.Add(new BatchNorm2dLayer(b.Name, b.Inputs[0], inKept?.Length ?? b.Channels));
                    foreach (var suffix in new[] { "weight", "bias", "running_mean", "running_var" })
                        CopySliced(weights, result, $"{b.Name}.{suffix}", inKept, null);
                    break;
                default:
                    // Activations, pooling, add, concat and flatten carry no channel counts.
                    layers.Add(layer);
                    break;
            }
        }
        var cutNetwork = new Network(network.Name, network.InputShape, layers, network.Batch);
        result.Validate(cutNetwork);
        return new ChannelCutResult(cutNetwork, result, keptChannels);
    }

    /// <summary>Channels a ratio cuts: round(<paramref name="ratio"/> · <paramref name="channels"/>), midpoint away from zero.</summary>
    public static int ChannelsToCut(double ratio, int channels) =>
        (int)Math.Round(ratio * channels, MidpointRounding.AwayFromZero);

    /// <summary>The channel groups of <paramref name="network"/>, ordered by their first producer.</summary>
    public static IReadOnlyList<ChannelGroup> Groups(Network network)
    {
        var a = new Analysis(network);
        return a.Roots().Select(a.Group).Where(g => g.Producers.Count > 0)
            .OrderBy(g => a.Order[g.Producers[0]]).ToList();
    }

    /// <summary>Convolutions and linear layers whose output channels can be cut, in network order.</summary>
    public static IReadOnlyList<string> CuttableLayers(Network network) =>
        Groups(network).Where(g => g.IsCuttable).SelectMany(g => g.Producers)
            .OrderBy(name => IndexOf(network, name)).ToList();

    private static int IndexOf(Network network, string name)
    {
        for (int i = 0; i < network.Nodes.Count; i++)
            if (network.Nodes[i].Layer.Name == name) return i;
        return -1;
    }

    /// <summary>Output channels of a layer that may be named in a cut request; throws naming it otherwise.</summary>
    private static int ProducerChannels(Network network, string layer)
    {
        if (!network.Contains(layer))
            throw new InvalidInputException($"channel cut: network '{network.Name}' has no layer '{layer}'", nameof(layer));
        return network[layer].Layer switch
        {
            Conv2dLayer { Groups: 1 } c => c.OutChannels,
            LinearLayer l => l.OutFeatures,
            Conv2dLayer { IsDepthwise: true } c => throw new InvalidInputException(
                $"channel cut: layer '{layer}' is a depthwise convolution; its channels follow its input '{c.Inputs[0]}', cut the producer instead",
                nameof(layer)),
            Conv2dLayer c => throw new InvalidInputException(
                $"channel cut: layer '{layer}' is a grouped convolution (groups={c.Groups}); grouped convolutions cannot be cut",
                nameof(layer)),
            var other => throw new InvalidInputException(
                $"channel cut: layer '{layer}' is a {other.Kind}; only convolutions and linear layers can be cut", nameof(layer)),
        };
    }

    private static string Describe(ChannelGroup group, string layer)
    {
        var partners = group.Producers.Where(p => p != layer).ToList();
        string tied = group.Additions.Count == 0
            ? "its output channels"
            : $"its output channels are tied through {string.Join(", ", group.Additions.Select(x => $"'{x}'"))}"
              + (partners.Count > 0 ? $" to {string.Join(", ", partners.Select(x => $"'{x}'"))}" : "")
              + " and";
        return $"{tied} carry {string.Join("; ", group.Blockers)}";
    }

    /// <summary>Indices of the <paramref name="k"/> largest norms (ties: lower index), ascending.</summary>
    private static int[] TopK(double[] norms, int k) =>
        Enumerable.Range(0, norms.Length).OrderByDescending(i => norms[i]).ThenBy(i => i).Take(k).Order().ToArray();

    /// <summary>
    /// Copies tensor <paramref name="key"/> keeping dimension-0 indices <paramref name="rows"/> and
    /// dimension-1 indices <paramref name="cols"/> (null: all).
    /// </summary>
    private static void CopySliced(NetworkWeights source, NetworkWeights target, string key, int[]? rows, int[]? cols)
    {
        var t = source.Get(key);
        int d0 = t.Shape[0];
        int d1 = t.Shape.Length > 1 ? t.Shape[1] : 1;
        int inner = d0 * d1 == 0 ? 0 : t.Length / (d0 * d1);
        rows ??= Enumerable.Range(0, d0).ToArray();
        if (t.Shape.Length == 1 && cols is not null)
            throw new InvalidOperationException($"tensor '{key}' has one dimension; cannot slice dimension 1");
        cols ??= Enumerable.Range(0, d1).ToArray();
        var data = new float[rows.Length * cols.Length * inner];
        int o = 0;
        foreach (int r in rows)
            foreach (int c in cols)
            {
                Array.Copy(t.Data, (r * d1 + c) * inner, data, o, inner);
                o += inner;
            }
        var shape = (int[])t.Shape.Clone();
        shape[0] = rows.Length;
        if (shape.Length > 1) shape[1] = cols.Length;
        target.Set(key, new WeightTensor(shape, data));
    }

    /// <summary>A run of a tensor's channels that come from one channel space, each space channel owning <c>Repeat</c> consecutive tensor channels.</summary>
    private readonly record struct Segment(int Space, int Channels, int Repeat);

    /// <summary>Channel-space analysis: which tensors share channels, who produces them, what blocks cutting them.</summary>
    private sealed class Analysis
    {
        private readonly List<int> _parent = [];
        private readonly List<int> _channels = [];
        private readonly List<List<string>> _producers = [];
        private readonly List<List<string>> _additions = [];
        private readonly List<List<string>> _blockers = [];
        private readonly Dictionary<string, Segment[]> _segments = new(StringComparer.Ordinal);

        public Dictionary<string, int> SpaceOf { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, int> Order { get; } = new(StringComparer.Ordinal);

        public Analysis(Network network)
        {
            _segments[Network.InputName] = [new Segment(NewSpace(network.InputShape.Channels, null, "the network input"), network.InputShape.Channels, 1)];
            for (int i = 0; i < network.Nodes.Count; i++)
            {
                var node = network.Nodes[i];
                var layer = node.Layer;
                Order[layer.Name] = i;
                var inputs = layer.Inputs.Select(n => _segments[n]).ToArray();
                Segment[] output;
                switch (layer)
                {
                    case Conv2dLayer { Groups: 1 } c:
                        output = [new Segment(SpaceOf[c.Name] = NewSpace(c.OutChannels, c.Name, null), c.OutChannels, 1)];
                        break;
                    case LinearLayer l:
                        output = [new Segment(SpaceOf[l.Name] = NewSpace(l.OutFeatures, l.Name, null), l.OutFeatures, 1)];
                        break;
                    case Conv2dLayer { IsDepthwise: true }:
                        output = inputs[0];
                        break;
                    case Conv2dLayer c:
                        foreach (var s in inputs[0]) Block(s.Space, $"the input of grouped convolution '{c.Name}'");
                        output = [new Segment(NewSpace(c.OutChannels, null, $"the output of grouped convolution '{c.Name}'"), c.OutChannels, 1)];
                        break;
                    case FlattenLayer:
                    {
                        int hw = node.InputShapes[0].Height * node.InputShapes[0].Width;
                        output = inputs[0].Select(s => s with { Repeat = s.Repeat * hw }).ToArray();
                        break;
                    }
                    case ConcatLayer:
                        output = inputs.SelectMany(s => s).ToArray();
                        break;
                    case AddLayer add:
                        output = inputs[0];
                        bool aligned = inputs.All(x => x.Length == output.Length
                            && x.Zip(output).All(p => p.First.Channels == p.Second.Channels && p.First.Repeat == p.Second.Repeat));
                        if (aligned)
                        {
                            foreach (var x in inputs.Skip(1))
                                for (int s = 0; s < x.Length; s++) Union(output[s].Space, x[s].Space);
                            foreach (var s in output) _additions[Find(s.Space)].Add(add.Name);
                        }
                        else
                        {
                            foreach (var s in inputs.SelectMany(x => x))
                                Block(s.Space, $"the input of addition '{add.Name}', whose inputs have differing channel layouts");
                        }
                        break;
                    default:
                        // batch-norm, activation, pooling: channels pass through.
                        output = inputs[0];
                        break;
                }
                _segments[layer.Name] = output;
            }
            var last = network.Nodes[^1].Layer.Name;
            foreach (var s in _segments[last]) Block(s.Space, $"the network's final output ('{last}')");
        }

        public int Find(int space)
        {
            while (_parent[space] != space)
            {
                _parent[space] = _parent[_parent[space]];
                space = _parent[space];
            }
            return space;
        }

        public IEnumerable<int> Roots() => Enumerable.Range(0, _parent.Count).Where(s => Find(s) == s);

        public ChannelGroup Group(int root)
        {
            root = Find(root);
            return new ChannelGroup(
                _producers[root].OrderBy(p => Order[p]).ToList(), _channels[root],
                _additions[root].Distinct().OrderBy(p => Order[p]).ToList(), _blockers[root].Distinct().ToList());
        }

        /// <summary>Kept channel indices of tensor <paramref name="tensor"/>, or null when none of its channels are cut.</summary>
        public int[]? Kept(string tensor, Dictionary<int, int[]> keptByRoot)
        {
            var segments = _segments[tensor];
            if (!segments.Any(s => keptByRoot.ContainsKey(Find(s.Space)))) return null;
            var list = new List<int>();
            int offset = 0;
            foreach (var s in segments)
            {
                if (keptByRoot.TryGetValue(Find(s.Space), out var kept))
                {
                    foreach (int k in kept)
                        for (int j = 0; j < s.Repeat; j++) list.Add(offset + k * s.Repeat + j);
                }
                else
                {
                    for (int j = 0; j < s.Channels * s.Repeat; j++) list.Add(offset + j);
                }
                offset += s.Channels * s.Repeat;
            }
            return [.. list];
        }

        private int NewSpace(int channels, string? producer, string? blocker)
        {
            _parent.Add(_parent.Count);
            _channels.Add(channels);
            _producers.Add(producer is null ? [] : [producer]);
            _additions.Add([]);
            _blockers.Add(blocker is null ? [] : [blocker]);
            return _parent.Count - 1;
        }

        private void Block(int space, string reason) => _blockers[Find(space)].Add(reason);

        private void Union(int a, int b)
        {
            a = Find(a);
            b = Find(b);
            if (a == b) return;
            if (b < a) (a, b) = (b, a);
            _parent[b] = a;
            _producers[a].AddRange(_producers[b]);
            _additions[a].AddRange(_additions[b]);
            _blockers[a].AddRange(_blockers[b]);
        }
    }
}
