using ZooForge.Compression.Quantization;

namespace ZooForge.Rtl.Model;

/// <summary>Which layer of a network the RTL tile is cut from.</summary>
public static class LayerChoice
{
    /// <summary>
    /// <paramref name="name"/> when given (it must be a pattern-pruned, ungrouped convolution);
    /// otherwise the pattern-pruned, ungrouped convolution with the most effective MACs
    /// (M·N·R·C·non-zeros; the first in execution order on a tie): the layer the datapath spends
    /// most of its time on.
    /// </summary>
    /// <exception cref="ArgumentException">No such layer, or none qualifies.</exception>
    public static QConv Choose(QuantizedNetwork network, string? name = null)
    {
        var candidates = network.Ops.OfType<QConv>().Where(c => c.Groups == 1 && c.Patterns is not null && c.PatternIds is not null).ToList();
        if (name is not null)
        {
            if (network.Ops.FirstOrDefault(o => o.Name == name) is not QConv conv)
                throw new ArgumentException($"network '{network.Name}' has no convolution named '{name}'");
            return candidates.Contains(conv) ? conv
                : throw new ArgumentException($"layer '{name}' of network '{network.Name}' is not a pattern-pruned, ungrouped convolution");
        }
        if (candidates.Count == 0)
            throw new ArgumentException($"network '{network.Name}' has no pattern-pruned, ungrouped convolution for the RTL datapath (compress it with --patterns)");
        return candidates.MaxBy(c =>
        {
            var shape = network.Tensors[c.Name].Shape;
            return (long)c.OutChannels * c.InChannels * shape.Height * shape.Width * c.Patterns!.MaxNonZeros;
        })!;
    }
}
