using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace ZooForge.Search.Strategies.Bayesian;

/// <summary>
/// A small Gaussian-process regressor: zero-mean prior on standardised targets, Matérn-5/2 kernel,
/// fixed observation noise, length scale chosen by the largest log marginal likelihood over a grid —
/// one for every feature (isotropic), or, with automatic relevance determination, one per feature
/// refined coordinate by coordinate from the isotropic choice. Exact inference through MathNet.Numerics' Cholesky factor and its
/// solves; with the few hundred points a benchmark budget allows this costs milliseconds.
/// </summary>
public sealed class GaussianProcess
{
    /// <summary>Length scales tried when fitting, in feature units (features lie in [0, 1]).</summary>
    public static readonly double[] LengthScaleGrid = [0.1, 0.2, 0.35, 0.6, 1.0, 2.0];

    private readonly double[][] _x;
    private readonly Cholesky<double> _cholesky;
    /// <summary>Sweeps of the coordinate-wise length-scale search with automatic relevance determination.</summary>
    public const int RelevanceSweeps = 2;

    private readonly double[] _alpha;
    private readonly double _mean, _scale;

    private GaussianProcess(double[][] x, Cholesky<double> cholesky, double[] alpha, double mean, double scale, double[] lengthScales, double noise)
    {
        (_x, _cholesky, _alpha, _mean, _scale, LengthScales, Noise) = (x, cholesky, alpha, mean, scale, lengthScales, noise);
    }

    /// <summary>The length scale the fit chose (the first feature's, when they differ).</summary>
    public double LengthScale => LengthScales.Count > 0 ? LengthScales[0] : LengthScaleGrid[0];

    /// <summary>The length scale of each feature: all equal unless fitted with relevance determination.</summary>
    public IReadOnlyList<double> LengthScales { get; }

    /// <summary>Observation noise variance (in standardised units).</summary>
    public double Noise { get; }

    /// <summary>
    /// Fits <paramref name="y"/> at <paramref name="x"/>; the length scale maximises the marginal
    /// likelihood over <see cref="LengthScaleGrid"/>. With <paramref name="relevance"/> each feature's
    /// length scale is then moved over the grid in turn, <see cref="RelevanceSweeps"/> times, while
    /// that raises the likelihood: a knob that barely matters gets a long scale, so distance along it
    /// stops dominating the kernel.
    /// </summary>
    /// <exception cref="ArgumentException">No points, or mismatched lengths.</exception>
    public static GaussianProcess Fit(IReadOnlyList<double[]> x, IReadOnlyList<double> y, double noise = 1e-4, bool relevance = false)
    {
        if (x.Count == 0 || x.Count != y.Count) throw new ArgumentException($"a Gaussian process needs matching points and targets, got {x.Count} and {y.Count}");
        double mean = y.Average();
        double sd = Math.Sqrt(y.Sum(v => (v - mean) * (v - mean)) / y.Count);
        double scale = sd > 1e-12 ? sd : 1;
        var z = y.Select(v => (v - mean) / scale).ToArray();
        var points = x.ToArray();
        int dims = points[0].Length;
        GaussianProcess? best = null;
        double bestLikelihood = double.NegativeInfinity;
        void Try(double[] lengths)
        {
            var (chol, alpha, logLikelihood) = Factor(points, z, lengths, noise);
            if (logLikelihood > bestLikelihood)
            {
                bestLikelihood = logLikelihood;
                best = new GaussianProcess(points, chol, alpha, mean, scale, lengths, noise);
            }
        }
        foreach (double length in LengthScaleGrid) Try(Enumerable.Repeat(length, dims).ToArray());
        for (int sweep = 0; relevance && sweep < RelevanceSweeps; sweep++)
        for (int d = 0; d < dims; d++)
        foreach (double length in LengthScaleGrid)
        {
            var lengths = best!.LengthScales.ToArray();
            if (lengths[d] == length) continue;
            lengths[d] = length;
            Try(lengths);
        }
        return best!;
    }

    /// <summary>Posterior mean and standard deviation at <paramref name="point"/>, in the targets' units.</summary>
    public (double Mean, double Sd) Predict(double[] point)
    {
        int n = _x.Length;
        var k = new double[n];
        var lengths = (double[])LengthScales;
        for (int i = 0; i < n; i++) k[i] = Kernel(_x[i], point, lengths);
        double mu = 0;
        for (int i = 0; i < n; i++) mu += k[i] * _alpha[i];
        // variance = k(x,x) − kᵀK⁻¹k, K⁻¹k by the factor's two triangular solves.
        var kv = Vector<double>.Build.DenseOfArray(k);
        double variance = 1 - kv.DotProduct(_cholesky.Solve(kv));
        return (_mean + _scale * mu, _scale * Math.Sqrt(Math.Max(variance, 1e-12)));
    }

    /// <summary>Matérn-5/2 covariance with unit signal variance.</summary>
    public static double Kernel(double[] a, double[] b, double lengthScale)
    {
        double d2 = 0;
        for (int i = 0; i < a.Length; i++) d2 += (a[i] - b[i]) * (a[i] - b[i]);
        return Matern(Math.Sqrt(5 * d2) / lengthScale);
    }

    /// <summary>Matérn-5/2 covariance with one length scale per feature.</summary>
    public static double Kernel(double[] a, double[] b, double[] lengthScales)
    {
        // Equal scales take the isotropic path, which rounds exactly as the isotropic GP always has.
        if (Array.TrueForAll(lengthScales, l => l == lengthScales[0])) return Kernel(a, b, lengthScales.Length > 0 ? lengthScales[0] : 1);
        double d2 = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double d = (a[i] - b[i]) / lengthScales[i];
            d2 += d * d;
        }
        return Matern(Math.Sqrt(5 * d2));
    }

    private static double Matern(double r) => (1 + r + r * r / 3) * Math.Exp(-r);

    private static (Cholesky<double> Cholesky, double[] Alpha, double LogLikelihood) Factor(double[][] x, double[] z, double[] lengths, double noise)
    {
        int n = x.Length;
        var k = Matrix<double>.Build.Dense(n, n);
        for (int i = 0; i < n; i++)
        for (int j = 0; j <= i; j++)
        {
            double c = Kernel(x[i], x[j], lengths) + (i == j ? noise : 0);
            k[i, j] = c;
            k[j, i] = c;
        }
        var cholesky = Factorise(k);
        var alpha = cholesky.Solve(Vector<double>.Build.DenseOfArray(z)).ToArray();
        double fit = 0;
        for (int i = 0; i < n; i++) fit += z[i] * alpha[i];
        // ln|K| / 2 = Σ ln Lᵢᵢ, the log-determinant term of the marginal likelihood.
        return (cholesky, alpha, -0.5 * fit - 0.5 * cholesky.DeterminantLn);
    }

    // The noise on the diagonal keeps K positive definite even for duplicate points; should rounding
    // still defeat the factorisation, a growing jitter makes it real, as the former hand-written factor's floor did.
    private static Cholesky<double> Factorise(Matrix<double> k)
    {
        for (double jitter = 1e-10; ; jitter *= 100)
        {
            try
            {
                return k.Cholesky();
            }
            catch (ArgumentException) when (jitter < 1)
            {
                k = k + Matrix<double>.Build.DenseIdentity(k.RowCount) * jitter;
            }
        }
    }
}
