using System.Text.RegularExpressions;

namespace ZooForge.Hardware.Workloads;

/// <summary>
/// Per-layer compression, addressed by layer-name globs (<c>*</c> and <c>?</c>), applied in
/// order so later rules refine earlier ones. An empty plan means a dense, uncompressed network.
/// </summary>
public sealed class CompressionPlan
{
    private readonly List<(string Glob, Regex Pattern, LayerCompression Compression)> _rules = [];

    /// <summary>A plan with no rules.</summary>
    public static CompressionPlan None { get; } = new();

    /// <summary>Rules in the order they were added.</summary>
    public IEnumerable<(string Glob, LayerCompression Compression)> Rules => _rules.Select(r => (r.Glob, r.Compression));

    /// <summary>Adds a rule; fields left null keep what earlier rules set.</summary>
    public CompressionPlan Add(string layerGlob, LayerCompression compression)
    {
        var regex = new Regex("^" + Regex.Escape(layerGlob).Replace("\\*", ".*").Replace("\\?", ".") + "$",
            RegexOptions.CultureInvariant);
        _rules.Add((layerGlob, regex, compression));
        return this;
    }

    /// <summary>The merged compression of a layer.</summary>
    public LayerCompression For(string layerName)
    {
        int? ones = null, bits = null;
        foreach (var (_, pattern, c) in _rules)
        {
            if (!pattern.IsMatch(layerName)) continue;
            ones = c.PatternOnes ?? ones;
            bits = c.WeightBits ?? bits;
        }
        return new LayerCompression(ones, bits);
    }

    /// <summary>Globs that matched no layer of <paramref name="layerNames"/>, so typos surface.</summary>
    public IEnumerable<string> UnmatchedGlobs(IReadOnlyCollection<string> layerNames) =>
        _rules.Where(r => !layerNames.Any(r.Pattern.IsMatch)).Select(r => r.Glob);
}
