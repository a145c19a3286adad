using ZooForge.Core.Errors;
namespace ZooForge.Search.Space;

/// <summary>
/// The genes of a search and how to sample, normalise and rebuild candidates. The model gene
/// always comes first (one value per zoo model, even when only one model is searched).
/// </summary>
public sealed class SearchSpace
{
    /// <summary>Builds a space; <paramref name="genes"/> must not contain a model gene (it is added first).</summary>
    public SearchSpace(IReadOnlyList<string> models, IEnumerable<Gene> genes)
    {
        if (models.Count == 0) throw new InvalidInputException("a search space needs at least one zoo model");
        Models = models;
        var all = new List<Gene> { new(GeneKind.Model, Enumerable.Range(0, models.Count).Select(i => (double)i).ToList()) };
        all.AddRange(genes);
        Genes = all;
    }

    /// <summary>The zoo models, in the order of the model gene's values.</summary>
    public IReadOnlyList<string> Models { get; }

    /// <summary>Every gene, the model gene first.</summary>
    public IReadOnlyList<Gene> Genes { get; }

    /// <summary>Candidates in the space before normalisation (product of the value counts).</summary>
    public double Size => Genes.Aggregate(1.0, (p, g) => p * g.Values.Count);

    /// <summary>Index of the global gene of <paramref name="kind"/>, or −1.</summary>
    public int IndexOf(GeneKind kind)
    {
        for (int i = 0; i < Genes.Count; i++)
            if (Genes[i].Kind == kind && Genes[i].Layer is null) return i;
        return -1;
    }

    /// <summary>The value a candidate takes for a global gene the space does not list: no patterns, 8 bits.</summary>
    public static double DefaultValue(GeneKind kind) => kind switch
    {
        GeneKind.Bits => 8,
        GeneKind.Zeros => 5,
        _ => 0,
    };

    /// <summary>The candidate with these choices, normalised.</summary>
    /// <exception cref="ArgumentException">Wrong length or an index out of range.</exception>
    public Candidate Create(IReadOnlyList<int> choices)
    {
        if (choices.Count != Genes.Count) throw new ArgumentException($"expected {Genes.Count} choices, got {choices.Count}");
        for (int i = 0; i < choices.Count; i++)
            if (choices[i] < 0 || choices[i] >= Genes[i].Values.Count)
                throw new ArgumentException($"gene '{Genes[i].Name}': choice {choices[i]} is outside 0..{Genes[i].Values.Count - 1}");
        return Normalise(choices.ToArray());
    }

    /// <summary>A uniformly random candidate.</summary>
    public Candidate Sample(Random random) => Normalise(Genes.Select(g => random.Next(g.Values.Count)).ToArray());

    /// <summary>Sets genes that do not apply to index 0 so equal networks share a key.</summary>
    public Candidate Normalise(int[] choices)
    {
        string model = Models[choices[0]];
        int patterns = IndexOf(GeneKind.Patterns);
        bool patterned = patterns < 0 ? DefaultValue(GeneKind.Patterns) > 0 : Genes[patterns].Values[choices[patterns]] > 0;
        for (int i = 1; i < Genes.Count; i++)
            if (!Genes[i].AppliesTo(model, patterned)) choices[i] = 0;
        return new Candidate(this, choices);
    }

    /// <summary>
    /// Every distinct candidate of the space (choices that normalise to an equal key appear once),
    /// in lexicographic order of the choices.
    /// </summary>
    public IEnumerable<Candidate> All()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var choices = new int[Genes.Count];
        while (true)
        {
            var candidate = Normalise((int[])choices.Clone());
            if (seen.Add(candidate.Key)) yield return candidate;
            int i = Genes.Count - 1;
            while (i >= 0 && ++choices[i] == Genes[i].Values.Count) choices[i--] = 0;
            if (i < 0) yield break;
        }
    }

    /// <summary>
    /// For each model, the candidate expected to be fastest: largest cuts and zeros, fewest
    /// bits, no expansion. Used to report an infeasible specification before any training.
    /// </summary>
    public IEnumerable<Candidate> FastestPerModel()
    {
        for (int m = 0; m < Models.Count; m++)
        {
            var choices = new int[Genes.Count];
            choices[0] = m;
            for (int i = 1; i < Genes.Count; i++)
            {
                var values = Genes[i].Values;
                Func<double, double> score = Genes[i].Kind switch
                {
                    GeneKind.Bits or GeneKind.Expand => v => -v,
                    _ => v => v,
                };
                choices[i] = Enumerable.Range(0, values.Count).MaxBy(j => score(values[j]));
            }
            yield return Normalise(choices);
        }
    }
}
