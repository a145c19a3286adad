using System.Globalization;
using System.Text;
using ZooForge.Torch.Compression;

namespace ZooForge.Cli.Rendering;

/// <summary>The Markdown report of <c>zooforge compress</c>.</summary>
internal static class CompressionMarkdown
{
    public static string Render(CompressionReport r)
    {
        var s = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        s.AppendLine(c, $"# Compression of {r.Model}");
        s.AppendLine();
        s.AppendLine(c, $"Recipe: {r.Recipe}.");
        s.AppendLine();
        s.AppendLine("| | accuracy on the 2,000 held-out digits |");
        s.AppendLine("|---|---|");
        s.AppendLine(c, $"| original (float) | {r.Original} |");
        s.AppendLine(c, $"| compressed (integer reference) | {r.Compressed} |");
        s.AppendLine(c, $"| after {r.FineTuneBatches} fine-tuning batches | {(r.FineTuned is { } t ? t.ToString() : "not fine-tuned")} |");
        s.AppendLine(c, $"| drop | {r.DropPoints:0.00} points |");
        s.AppendLine();
        s.AppendLine(c, $"Parameters {r.ParametersBefore:N0} → {r.ParametersAfter:N0}, {r.NonZeroWeights:N0} non-zero, {r.WeightBytes:N0} bytes of weights. ");
        s.AppendLine(c, $"MACs per image {r.MacsBefore:N0} → {r.EffectiveMacs:N0} performed by the pattern-sparse engine.");
        s.AppendLine();
        s.AppendLine("| layer | kind | K | M | N | weights | non-zeros | patterns | non-zeros per window | MACs | effective MACs |");
        s.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var l in r.Layers)
            s.AppendLine(c, $"| {l.Name} | {l.Kind} | {l.Kernel} | {l.OutChannels} | {l.InChannels} | {l.Weights:N0} | {l.NonZeros:N0} | {(l.Patterns == 0 ? "-" : l.Patterns.ToString(c))} | {l.PatternNonZeros} | {l.Macs:N0} | {l.EffectiveMacs:N0} |");
        return s.ToString();
    }
}
