using System.Globalization;
using ZooForge.Search.Space;

namespace ZooForge.Search.Nahas;

/// <summary>
/// The architecture half of the NAHAS space: for each of the zoo MnasNet's four stages an
/// expansion, a kernel, a width multiplier and (optionally) a depth gene. The genes use
/// <see cref="GeneKind.Hardware"/>, the kind of a named template parameter, so candidate keys list
/// them by name (<c>s1.expansion=6;…</c>) like the hardware knobs that follow them.
/// </summary>
/// <param name="Expansions">Expansion ratios every stage may take.</param>
/// <param name="Kernels">Depthwise kernels every stage may take.</param>
/// <param name="Widths">Width multipliers every stage may take.</param>
/// <param name="SearchDepth">Whether each stage's depth is searched (1..the zoo's); otherwise the zoo's depth.</param>
public sealed record NahasBlockSpace(IReadOnlyList<int> Expansions, IReadOnlyList<int> Kernels, IReadOnlyList<double> Widths, bool SearchDepth)
{
    /// <summary>The issue's space: expansion {3, 6}, kernel {3, 5}, width {0.5, 0.75, 1}, depth searched.</summary>
    public static NahasBlockSpace Default { get; } = new([3, 6], [3, 5], [0.5, 0.75, 1.0], true);

    /// <summary>The genes, stage by stage.</summary>
    public IReadOnlyList<Gene> Genes()
    {
        var genes = new List<Gene>();
        for (int s = 0; s < MnasNetArchitecture.ZooStages.Count; s++)
        {
            genes.Add(new Gene(GeneKind.Hardware, Expansions.Select(v => (double)v).ToList(), Layer: $"s{s + 1}.expansion"));
            genes.Add(new Gene(GeneKind.Hardware, Kernels.Select(v => (double)v).ToList(), Layer: $"s{s + 1}.kernel"));
            genes.Add(new Gene(GeneKind.Hardware, Widths, Layer: $"s{s + 1}.width"));
            if (SearchDepth) genes.Add(new Gene(GeneKind.Hardware, Enumerable.Range(1, MnasNetArchitecture.ZooStages[s].Depth).Select(v => (double)v).ToList(), Layer: $"s{s + 1}.depth"));
        }
        return genes;
    }

    /// <summary>Genes per stage.</summary>
    public int GenesPerStage => SearchDepth ? 4 : 3;

    /// <summary>Architectures in the space.</summary>
    public double Size => Genes().Aggregate(1.0, (p, g) => p * g.Values.Count);

    /// <summary>The architecture of the gene values <paramref name="values"/> (in <see cref="Genes"/> order).</summary>
    public MnasNetArchitecture Decode(IReadOnlyList<double> values)
    {
        int per = GenesPerStage;
        return new MnasNetArchitecture(Enumerable.Range(0, MnasNetArchitecture.ZooStages.Count).Select(s => new MnasNetStage(
            (int)values[s * per], (int)values[s * per + 1], values[s * per + 2],
            SearchDepth ? (int)values[s * per + 3] : MnasNetArchitecture.ZooStages[s].Depth)).ToList());
    }

    /// <summary>The cheapest architecture: smallest expansion, kernel, width and depth everywhere.</summary>
    public MnasNetArchitecture Smallest() => new(MnasNetArchitecture.ZooStages.Select(z => new MnasNetStage(
        Expansions.Min(), Kernels.Min(), Widths.Min(), SearchDepth ? 1 : z.Depth)).ToList());

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"expansion {{{string.Join(", ", Expansions)}}}, kernel {{{string.Join(", ", Kernels)}}}, width {{{string.Join(", ", Widths)}}}, depth {(SearchDepth ? "1..zoo's" : "zoo's")} per stage");
}
