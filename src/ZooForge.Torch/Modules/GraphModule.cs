using TorchSharp;
using TorchSharp.Modules;
using ZooForge.Graph.Layers;
using ZooForge.Graph.Model;
using ZooForge.Torch.Training;
using static TorchSharp.torch;

namespace ZooForge.Torch.Modules;

/// <summary>
/// A TorchSharp module that executes an IR <see cref="Network"/> node by node, so that any IR
/// network can be trained, fine-tuned and evaluated. Layers with parameters become torch
/// modules registered as <c>l&lt;index&gt;</c> (torch module names cannot contain the dots
/// of IR names); parameterless layers are torch functionals. Weights move in and out as
/// <see cref="NetworkWeights"/>, keyed by IR names, so IR → torch → IR is lossless.
/// </summary>
public sealed class GraphModule : nn.Module<Tensor, Tensor>
{
    private readonly Network _network;
    private readonly Dictionary<string, nn.Module> _modules = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _lastUse = new(StringComparer.Ordinal);

    /// <summary>Builds the modules of <paramref name="network"/> with torch's default initialisation.</summary>
    public GraphModule(Network network) : base(network.Name)
    {
        TorchRuntime.EnsureCorrectKernels();
        _network = network;
        for (int i = 0; i < network.Nodes.Count; i++)
        {
            var layer = network.Nodes[i].Layer;
            nn.Module? module = layer switch
            {
                Conv2dLayer c => nn.Conv2d(c.InChannels, c.OutChannels, c.Kernel, c.Stride, c.Padding, groups: c.Groups, bias: c.HasBias),
                LinearLayer l => nn.Linear(l.InFeatures, l.OutFeatures, l.HasBias),
                BatchNorm2dLayer b => new BatchNorm2dModule(b.Channels),
                _ => null,
            };
            if (module is null) continue;
            register_module($"l{i}", module);
            _modules[layer.Name] = module;
        }
        // Free each activation after its last reader, so deep networks fit in memory at inference.
        for (int i = 0; i < network.Nodes.Count; i++)
            foreach (var input in network.Nodes[i].Layer.Inputs)
                _lastUse[input] = i;
    }

    /// <summary>The network this module executes.</summary>
    public Network Network => _network;

    /// <inheritdoc />
    public override Tensor forward(Tensor input)
    {
        var values = new Dictionary<string, Tensor>(StringComparer.Ordinal) { [Network.InputName] = input };
        Tensor? last = null;
        for (int i = 0; i < _network.Nodes.Count; i++)
        {
            var layer = _network.Nodes[i].Layer;
            var inputs = layer.Inputs.Select(n => values[n]).ToArray();
            last = Apply(layer, inputs);
            values[layer.Name] = last;
            if (!training)
            {
                foreach (var name in layer.Inputs.Distinct())
                    if (_lastUse[name] == i && name != Network.InputName && values.Remove(name, out var dead)) dead.Dispose();
            }
        }
        return last!;
    }

    private Tensor Apply(Layer layer, Tensor[] x) => layer switch
    {
        Conv2dLayer or LinearLayer or BatchNorm2dLayer => ((nn.Module<Tensor, Tensor>)_modules[layer.Name]).call(x[0]),
        ActivationLayer { Function: ActivationFunction.Relu } => nn.functional.relu(x[0]),
        ActivationLayer => nn.functional.relu6(x[0]),
        Pool2dLayer { Mode: PoolMode.Max } p => nn.functional.max_pool2d(x[0], p.Kernel, p.Stride, p.Padding, ceil_mode: p.CeilMode),
        Pool2dLayer p => nn.functional.avg_pool2d(x[0], p.Kernel, p.Stride, p.Padding, ceil_mode: p.CeilMode),
        AdaptiveAvgPool2dLayer a => nn.functional.adaptive_avg_pool2d(x[0], new long[] { a.OutputHeight, a.OutputWidth }),
        AddLayer => x.Skip(1).Aggregate(x[0], (sum, t) => sum + t),
        ConcatLayer => cat(x, 1),
        FlattenLayer => x[0].flatten(1),
        _ => throw new NotSupportedException($"layer '{layer.Name}': {layer.Kind} has no TorchSharp form"),
    };

    /// <summary>Copies <paramref name="weights"/> into the modules (validated against the network first).</summary>
    public void LoadWeights(NetworkWeights weights)
    {
        weights.Validate(_network);
        using var noGrad = no_grad();
        foreach (var (key, tensor) in Tensors())
        {
            // Held and disposed here: an unreferenced temporary may be finalised by the GC while
            // copy_ still reads it (suspected cause of a libc10 segfault seen once in CI under load).
            using var source = torch.tensor(weights.Get(key).Data, weights.Get(key).Shape.Select(d => (long)d).ToArray());
            tensor.copy_(source);
        }
    }

    /// <summary>Multiplies the named weights by their 0/1 masks in place (no gradient).</summary>
    public void ApplyMasks(IReadOnlyDictionary<string, float[]> masks)
    {
        using var noGrad = no_grad();
        foreach (var (key, tensor) in Tensors())
        {
            if (!masks.TryGetValue(key, out var mask)) continue;
            using var m = torch.tensor(mask, tensor.shape);
            tensor.mul_(m);
        }
    }

    /// <summary>
    /// Copies of every batch-norm running statistic, to put back with <see cref="RestoreStatistics"/>
    /// (the copies belong to the caller's dispose scope). Empty for a network without batch-norm.
    /// </summary>
    public IReadOnlyList<(Tensor Live, Tensor Copy)> SnapshotStatistics()
    {
        var list = new List<(Tensor, Tensor)>();
        foreach (var module in _modules.Values.OfType<BatchNorm2dModule>())
        {
            list.Add((module.running_mean, module.running_mean.clone()));
            list.Add((module.running_var, module.running_var.clone()));
        }
        return list;
    }

    /// <summary>Puts back the statistics of a <see cref="SnapshotStatistics"/>.</summary>
    public static void RestoreStatistics(IReadOnlyList<(Tensor Live, Tensor Copy)> snapshot)
    {
        using var noGrad = no_grad();
        foreach (var (live, copy) in snapshot) live.copy_(copy);
    }

    /// <summary>Reads every parameter and batch-norm statistic back into IR weights.</summary>
    public NetworkWeights ExportWeights()
    {
        var weights = new NetworkWeights();
        foreach (var (key, tensor) in Tensors())
        {
            using var cpu = tensor.detach().cpu().contiguous();
            weights.Set(key, new WeightTensor(cpu.shape.Select(d => (int)d).ToArray(), cpu.data<float>().ToArray()));
        }
        return weights;
    }

    /// <summary>The torch tensors behind each IR weight key.</summary>
    private IEnumerable<(string Key, Tensor Tensor)> Tensors()
    {
        foreach (var node in _network.Nodes)
        {
            if (!_modules.TryGetValue(node.Layer.Name, out var module)) continue;
            string n = node.Layer.Name;
            switch (module)
            {
                case Conv2d c:
                    yield return ($"{n}.weight", c.weight!);
                    if (c.bias is not null) yield return ($"{n}.bias", c.bias);
                    break;
                case Linear l:
                    yield return ($"{n}.weight", l.weight!);
                    if (l.bias is not null) yield return ($"{n}.bias", l.bias);
                    break;
                case BatchNorm2dModule b:
                    yield return ($"{n}.weight", b.weight);
                    yield return ($"{n}.bias", b.bias);
                    yield return ($"{n}.running_mean", b.running_mean);
                    yield return ($"{n}.running_var", b.running_var);
                    break;
            }
        }
    }
}
