namespace ZooForge.Search.Strategies.Bayesian;

/// <summary>
/// A small Gaussian-process regressor: zero-mean prior on standardised targets, isotropic
/// Matérn-5/2 kernel, fixed observation noise, length scale chosen by the largest log marginal
/// likelihood over a grid. Exact inference through a Cholesky factor; with the few hundred points
/// a benchmark budget allows this costs milliseconds and needs no linear-algebra package.
/// </summary>
public sealed class GaussianProcess
{
    /// <summary>Length scales tried when fitting, in feature units (features lie in [0, 1]).</summary>
    public static readonly double[] LengthScaleGrid = [0.1, 0.2, 0.35, 0.6, 1.0, 2.0];

    private readonly double[][] _x;
    private readonly double[,] _cholesky;
    private readonly double[] _alpha;
    private readonly double _mean, _scale;

    private GaussianProcess(double[][] x, double[,] cholesky, double[] alpha, double mean, double scale, double lengthScale, double noise)
    {
        (_x, _cholesky, _alpha, _mean, _scale, LengthScale, Noise) = (x, cholesky, alpha, mean, scale, lengthScale, noise);
    }

    /// <summary>The length scale the fit chose.</summary>
    public double LengthScale { get; }

    /// <summary>Observation noise variance (in standardised units).</summary>
    public double Noise { get; }

    /// <summary>Fits <paramref name="y"/> at <paramref name="x"/>; the length scale maximises the marginal likelihood over <see cref="LengthScaleGrid"/>.</summary>
    /// <exception cref="ArgumentException">No points, or mismatched lengths.</exception>
    public static GaussianProcess Fit(IReadOnlyList<double[]> x, IReadOnlyList<double> y, double noise = 1e-4)
    {
        if (x.Count == 0 || x.Count != y.Count) throw new ArgumentException($"a Gaussian process needs matching points and targets, got {x.Count} and {y.Count}");
        double mean = y.Average();
        double sd = Math.Sqrt(y.Sum(v => (v - mean) * (v - mean)) / y.Count);
        double scale = sd > 1e-12 ? sd : 1;
        var z = y.Select(v => (v - mean) / scale).ToArray();
        var points = x.ToArray();
        GaussianProcess? best = null;
        double bestLikelihood = double.NegativeInfinity;
        foreach (double length in LengthScaleGrid)
        {
            var (chol, alpha, logLikelihood) = Factor(points, z, length, noise);
            if (logLikelihood > bestLikelihood)
            {
                bestLikelihood = logLikelihood;
                best = new GaussianProcess(points, chol, alpha, mean, scale, length, noise);
            }
        }
        return best!;
    }

    /// <summary>Posterior mean and standard deviation at <paramref name="point"/>, in the targets' units.</summary>
    public (double Mean, double Sd) Predict(double[] point)
    {
        int n = _x.Length;
        var k = new double[n];
        for (int i = 0; i < n; i++) k[i] = Kernel(_x[i], point, LengthScale);
        double mu = 0;
        for (int i = 0; i < n; i++) mu += k[i] * _alpha[i];
        // v = L⁻¹k; variance = k(x,x) − vᵀv.
        var v = ForwardSolve(_cholesky, k);
        double variance = 1 - v.Sum(t => t * t);
        return (_mean + _scale * mu, _scale * Math.Sqrt(Math.Max(variance, 1e-12)));
    }

    /// <summary>Matérn-5/2 covariance with unit signal variance.</summary>
    public static double Kernel(double[] a, double[] b, double lengthScale)
    {
        double d2 = 0;
        for (int i = 0; i < a.Length; i++) d2 += (a[i] - b[i]) * (a[i] - b[i]);
        double r = Math.Sqrt(5 * d2) / lengthScale;
        return (1 + r + r * r / 3) * Math.Exp(-r);
    }

    private static (double[,] Cholesky, double[] Alpha, double LogLikelihood) Factor(double[][] x, double[] z, double length, double noise)
    {
        int n = x.Length;
        var k = new double[n, n];
        for (int i = 0; i < n; i++)
        for (int j = 0; j <= i; j++)
            k[i, j] = k[j, i] = Kernel(x[i], x[j], length) + (i == j ? noise : 0);
        var l = Cholesky(k);
        var alpha = BackSolve(l, ForwardSolve(l, z));
        double logDet = 0;
        for (int i = 0; i < n; i++) logDet += Math.Log(l[i, i]);
        double fit = 0;
        for (int i = 0; i < n; i++) fit += z[i] * alpha[i];
        return (l, alpha, -0.5 * fit - logDet);
    }

    private static double[,] Cholesky(double[,] a)
    {
        int n = a.GetLength(0);
        var l = new double[n, n];
        for (int j = 0; j < n; j++)
        {
            double d = a[j, j];
            for (int k = 0; k < j; k++) d -= l[j, k] * l[j, k];
            // Duplicate points make the matrix singular up to the noise; a jitter floor keeps the factor real.
            l[j, j] = Math.Sqrt(Math.Max(d, 1e-10));
            for (int i = j + 1; i < n; i++)
            {
                double s = a[i, j];
                for (int k = 0; k < j; k++) s -= l[i, k] * l[j, k];
                l[i, j] = s / l[j, j];
            }
        }
        return l;
    }

    private static double[] ForwardSolve(double[,] l, double[] b)
    {
        int n = b.Length;
        var y = new double[n];
        for (int i = 0; i < n; i++)
        {
            double s = b[i];
            for (int k = 0; k < i; k++) s -= l[i, k] * y[k];
            y[i] = s / l[i, i];
        }
        return y;
    }

    private static double[] BackSolve(double[,] l, double[] y)
    {
        int n = y.Length;
        var x = new double[n];
        for (int i = n - 1; i >= 0; i--)
        {
            double s = y[i];
            for (int k = i + 1; k < n; k++) s -= l[k, i] * x[k];
            x[i] = s / l[i, i];
        }
        return x;
    }
}
