using ZooForge.Core.Errors;
using ZooForge.Compression.Quantization;

namespace ZooForge.Rtl.Model;

/// <summary>Which layer of a network the RTL tile is cut from.</summary>
public static class LayerChoice
{
    /// <summary>
    /// <paramref name="name"/> when given (it must be an ungrouped convolution, which the conv
    /// engine runs); otherwise the pattern-pruned, ungrouped convolution with the most effective
    /// MACs (M·N·R·C·non-zeros; the first in execution order on a tie), the layer the sparse
    /// datapath spends most time on — or, in a network without patterns, the ungrouped
    /// convolution with the most MACs.
    /// </summary>
    /// <exception cref="ArgumentException">No such layer, or none qualifies.</exception>
    public static QConv Choose(QuantizedNetwork network, string? name = null)
    {
        var ungrouped = network.Ops.OfType<QConv>().Where(c => c.Groups == 1).ToList();
        if (name is not null)
        {
            if (network.Ops.FirstOrDefault(o => o.Name == name) is not QConv conv)
                throw new InvalidInputException($"network '{network.Name}' has no convolution named '{name}'");
            return ungrouped.Contains(conv) ? conv
                : throw new InvalidInputException($"layer '{name}' of network '{network.Name}' is a grouped convolution; the RTL tile is the conv engine's");
        }
        var patterned = ungrouped.Where(c => c.PatternIds is not null).ToList();
        var candidates = patterned.Count > 0 ? patterned : ungrouped;
        if (candidates.Count == 0)
            throw new InvalidInputException($"network '{network.Name}' has no ungrouped convolution for the RTL datapath");
        return candidates.MaxBy(c =>
        {
            var shape = network.Tensors[c.Name].Shape;
            int ones = c.Patterns?.MaxNonZeros ?? c.Kernel * c.Kernel;
            return (long)c.OutChannels * c.InChannels * shape.Height * shape.Width * ones;
        })!;
    }
}
