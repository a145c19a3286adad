using System.Globalization;
using System.Text;

namespace ZooForge.Search.Space;

/// <summary>
/// One point of the search space: a value index per gene of <see cref="SearchSpace.Genes"/>.
/// Genes that do not apply (another model's layer genes; zeros when pattern pruning is off) are
/// normalised to index 0 by <see cref="SearchSpace.Normalise"/>, so equal networks have equal
/// <see cref="Key"/>s and are trained once.
/// </summary>
public sealed class Candidate
{
    internal Candidate(SearchSpace space, int[] choices)
    {
        Space = space;
        Choices = choices;
        Key = BuildKey();
    }

    /// <summary>The space it belongs to.</summary>
    public SearchSpace Space { get; }

    /// <summary>Chosen value index per gene.</summary>
    public IReadOnlyList<int> Choices { get; }

    /// <summary>Canonical text of the applicable genes, e.g. <c>model=mnist_resnet;patterns=4;zeros=3;bits=8</c>.</summary>
    public string Key { get; }

    /// <summary>The zoo model it starts from.</summary>
    public string Model => Space.Models[(int)Value(GeneKind.Model)];

    /// <summary>Patterns per layer; 0 when pattern pruning is off.</summary>
    public int Patterns => (int)Value(GeneKind.Patterns);

    /// <summary>Zeroed positions per 3×3 kernel.</summary>
    public int Zeros => (int)Value(GeneKind.Zeros);

    /// <summary>Bit-width of weights and activations.</summary>
    public int Bits => (int)Value(GeneKind.Bits);

    /// <summary>Cut ratios of the chosen model's layers (zero ratios left out).</summary>
    public IReadOnlyDictionary<string, double> Cuts => LayerValues(GeneKind.Cut).Where(p => p.Value > 0).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    /// <summary>Layers of the chosen model to expand.</summary>
    public IReadOnlyList<string> Expanded => LayerValues(GeneKind.Expand).Where(p => p.Value != 0).Select(p => p.Key).ToList();

    /// <summary>Whether gene <paramref name="gene"/> changes this candidate (another model's layer genes and zeros without patterns do not).</summary>
    public bool Applies(int gene) => Space.Genes[gene].AppliesTo(Model, Patterns > 0);

    /// <summary>The value of hardware gene <paramref name="name"/> (e.g. <c>tm</c>).</summary>
    /// <exception cref="KeyNotFoundException">The space has no such hardware gene.</exception>
    public int Hardware(string name)
    {
        for (int i = 0; i < Space.Genes.Count; i++)
            if (Space.Genes[i] is { Kind: GeneKind.Hardware } g && g.Layer == name) return (int)g.Values[Choices[i]];
        throw new KeyNotFoundException($"the search space has no hardware gene '{name}'");
    }

    /// <summary>The value of a global gene, or its default when the space has no such gene.</summary>
    public double Value(GeneKind kind)
    {
        int index = Space.IndexOf(kind);
        return index < 0 ? SearchSpace.DefaultValue(kind) : Space.Genes[index].Values[Choices[index]];
    }

    private IEnumerable<KeyValuePair<string, double>> LayerValues(GeneKind kind)
    {
        string model = Model;
        for (int i = 0; i < Space.Genes.Count; i++)
        {
            var g = Space.Genes[i];
            if (g.Kind == kind && g.Model == model) yield return new(g.Layer!, g.Values[Choices[i]]);
        }
    }

    private string BuildKey()
    {
        var s = new StringBuilder();
        s.Append("model=").Append(Model);
        // A hardware-only space (the EDP problem) has no compression genes to show.
        if (Space.Genes.Any(g => g.Kind == GeneKind.Hardware)) return AppendHardware(s).ToString();
        s.Append(";patterns=").Append(Patterns);
        if (Patterns > 0) s.Append(";zeros=").Append(Zeros);
        s.Append(";bits=").Append(Bits);
        foreach (var (layer, ratio) in Cuts.OrderBy(c => c.Key, StringComparer.Ordinal))
            s.Append(";cut[").Append(layer).Append("]=").Append(ratio.ToString("R", CultureInfo.InvariantCulture));
        foreach (var layer in Expanded.Order(StringComparer.Ordinal)) s.Append(";expand[").Append(layer).Append(']');
        return s.ToString();
    }

    private StringBuilder AppendHardware(StringBuilder s)
    {
        for (int i = 0; i < Space.Genes.Count; i++)
            if (Space.Genes[i] is { Kind: GeneKind.Hardware } g)
                s.Append(';').Append(g.Layer).Append('=').Append(g.Values[Choices[i]].ToString("R", CultureInfo.InvariantCulture));
        return s;
    }

    /// <inheritdoc />
    public override string ToString() => Key;
}
