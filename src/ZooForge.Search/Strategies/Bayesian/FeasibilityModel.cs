namespace ZooForge.Search.Strategies.Bayesian;

/// <summary>
/// The learned model of the unknown (output) constraints: a least-squares GP classifier, a
/// <see cref="GaussianProcess"/> fitted to ±1 feasibility labels, whose probability of
/// feasibility is P = Φ(μ/σ). With only one kind of label there is nothing to separate, so the
/// probability is the same everywhere: 1 when everything seen was feasible, 0.5 when nothing was
/// (no information about where the feasible region is).
/// </summary>
public sealed class FeasibilityModel
{
    private readonly GaussianProcess? _classifier;
    private readonly double _constant;

    private FeasibilityModel(GaussianProcess? classifier, double constant) => (_classifier, _constant) = (classifier, constant);

    /// <summary>Fits the model to points and whether each met the unknown constraints.</summary>
    /// <exception cref="ArgumentException">No points, or mismatched lengths.</exception>
    public static FeasibilityModel Fit(IReadOnlyList<double[]> x, IReadOnlyList<bool> feasible)
    {
        if (x.Count == 0 || x.Count != feasible.Count) throw new ArgumentException($"a feasibility model needs matching points and labels, got {x.Count} and {feasible.Count}");
        bool any = feasible.Any(f => f), all = feasible.All(f => f);
        if (all) return new FeasibilityModel(null, 1);
        if (!any) return new FeasibilityModel(null, 0.5);
        return new FeasibilityModel(GaussianProcess.Fit(x, feasible.Select(f => f ? 1.0 : -1.0).ToList(), noise: 0.1), 0);
    }

    /// <summary>Probability that the point meets the unknown constraints.</summary>
    public double Probability(double[] point)
    {
        if (_classifier is null) return _constant;
        var (mean, sd) = _classifier.Predict(point);
        return Normal.Cdf(mean / sd);
    }
}
