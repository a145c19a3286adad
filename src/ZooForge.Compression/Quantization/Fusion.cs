using ZooForge.Graph.Layers;
using ZooForge.Graph.Model;

namespace ZooForge.Compression.Quantization;

/// <summary>
/// One operation of the quantized network and the IR layers it absorbs: a convolution or linear
/// layer with the batch-norm it feeds and the ReLU/ReLU6 after that, an addition with its ReLU,
/// or a single other layer.
/// </summary>
/// <param name="Name">
/// Name of the op and of the tensor it produces: the name of the <b>last</b> IR layer it absorbs
/// (conv → bn → relu is named after the relu).
/// </param>
/// <param name="Main">The layer that computes: conv, linear, add, pool, flatten, concat, or a lone activation.</param>
/// <param name="BatchNorm">The batch-norm folded into <paramref name="Main"/> (convolution or linear only).</param>
/// <param name="Activation">The ReLU/ReLU6 fused into <paramref name="Main"/>'s clamp (conv, linear or add only).</param>
/// <param name="Inputs">The tensors the op reads, by op name (or <see cref="Network.InputName"/>).</param>
public sealed record FusedOp(string Name, Layer Main, BatchNorm2dLayer? BatchNorm, ActivationLayer? Activation, IReadOnlyList<string> Inputs)
{
    /// <summary>The IR layers absorbed, in order (main, batch-norm, activation).</summary>
    public IReadOnlyList<string> Layers =>
        new[] { Main.Name, BatchNorm?.Name, Activation?.Name }.OfType<string>().ToArray();
}

/// <summary>
/// The fusion and naming rule of quantization, defined once for the quantizer and the fake-quant
/// modules:
/// <list type="bullet">
/// <item>A batch-norm is folded into the convolution or linear layer it reads, which must have no
/// other consumer; any other batch-norm is an error naming it.</item>
/// <item>A ReLU/ReLU6 whose input is produced by a convolution, linear layer (after folding) or
/// addition, and is that producer's only consumer, becomes the producer's clamp. Other
/// activations become standalone clamp ops.</item>
/// <item>An op is named after the last IR layer it absorbs; consumers refer to it by that name.</item>
/// </list>
/// </summary>
public static class Fusion
{
    /// <summary>Groups the layers of <paramref name="network"/> into quantized ops, in execution order.</summary>
    /// <exception cref="QuantizationException">A batch-norm cannot be folded, or a layer type is unsupported; the message names the layer.</exception>
    public static IReadOnlyList<FusedOp> Plan(Network network)
    {
        var consumers = new Dictionary<string, List<Layer>>(StringComparer.Ordinal);
        foreach (var node in network.Nodes)
            foreach (var input in node.Layer.Inputs)
            {
                if (!consumers.TryGetValue(input, out var list)) consumers[input] = list = [];
                list.Add(node.Layer);
            }
        Layer? SoleConsumer(string name) =>
            consumers.TryGetValue(name, out var list) && list.Count == 1 ? list[0] : null;

        var tensorOf = new Dictionary<string, string>(StringComparer.Ordinal) { [Network.InputName] = Network.InputName };
        var absorbed = new HashSet<string>(StringComparer.Ordinal);
        var ops = new List<FusedOp>();
        foreach (var node in network.Nodes)
        {
            var layer = node.Layer;
            if (absorbed.Contains(layer.Name)) continue;
            BatchNorm2dLayer? bn = null;
            ActivationLayer? act = null;
            switch (layer)
            {
                case Conv2dLayer or LinearLayer:
                    if (SoleConsumer(layer.Name) is BatchNorm2dLayer b) bn = b;
                    if (SoleConsumer(bn?.Name ?? layer.Name) is ActivationLayer a1) act = a1;
                    break;
                case AddLayer:
                    if (SoleConsumer(layer.Name) is ActivationLayer a2) act = a2;
                    break;
                case BatchNorm2dLayer:
                    {
                        string producer = layer.Inputs[0];
                        string why = producer == Network.InputName
                            ? "it reads the network input"
                            : network[producer].Layer is Conv2dLayer or LinearLayer
                                ? $"its input '{producer}' has other consumers ({string.Join(", ", consumers[producer].Select(c => $"'{c.Name}'"))})"
                                : $"its input '{producer}' is a {network[producer].Layer.Kind} layer, not a convolution or linear layer";
                        throw new QuantizationException($"layer '{layer.Name}' (batchnorm): cannot fold the batch-norm: {why}");
                    }
                case ActivationLayer or Pool2dLayer or AdaptiveAvgPool2dLayer or FlattenLayer or ConcatLayer:
                    break;
                default:
                    throw new QuantizationException($"layer '{layer.Name}' ({layer.Kind}): quantization does not support this layer type");
            }
            string name = act?.Name ?? bn?.Name ?? layer.Name;
            var inputs = layer.Inputs.Select(i => tensorOf[i]).ToArray();
            ops.Add(new FusedOp(name, layer, bn, act, inputs));
            foreach (var absorbedName in new[] { layer.Name, bn?.Name, act?.Name }.OfType<string>())
            {
                absorbed.Add(absorbedName);
                tensorOf[absorbedName] = name;
            }
        }
        return ops;
    }
}
