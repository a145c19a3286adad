using ZooForge.Search.Space;

namespace ZooForge.Search.Strategies;

/// <summary>
/// Numeric features of a candidate for surrogate models: the model gene one-hot (models are
/// categories, not a scale), every other gene as the rank of its value among the gene's sorted
/// values scaled to [0, 1] (genes are ordinal: bits, cut ratios, tile sizes). Genes that do not
/// apply to the candidate's model take 0, like the index-0 normalisation of the space.
/// </summary>
public sealed class CandidateFeatures
{
    private readonly SearchSpace _space;
    private readonly double[][] _rank;

    /// <summary>Encoder for <paramref name="space"/>.</summary>
    public CandidateFeatures(SearchSpace space)
    {
        _space = space;
        _rank = space.Genes.Select(g =>
        {
            var sorted = g.Values.Distinct().Order().ToList();
            return g.Values.Select(v => sorted.Count == 1 ? 0.0 : (double)sorted.IndexOf(v) / (sorted.Count - 1)).ToArray();
        }).ToArray();
        Length = space.Models.Count + space.Genes.Count - 1;
    }

    /// <summary>Feature count.</summary>
    public int Length { get; }

    /// <summary>The features of <paramref name="candidate"/>.</summary>
    public double[] Encode(Candidate candidate)
    {
        var f = new double[Length];
        int models = _space.Models.Count;
        if (models > 1) f[candidate.Choices[0]] = 1;
        for (int g = 1; g < _space.Genes.Count; g++)
            f[models + g - 1] = candidate.Applies(g) ? _rank[g][candidate.Choices[g]] : 0;
        return f;
    }
}
