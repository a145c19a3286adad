namespace ZooForge.Search.Strategies.Bayesian;

/// <summary>The standard normal density and distribution function, and expected improvement.</summary>
public static class Normal
{
    /// <summary>φ(z).</summary>
    public static double Density(double z) => Math.Exp(-0.5 * z * z) / Math.Sqrt(2 * Math.PI);

    /// <summary>Φ(z), through <see cref="Erfc"/>, accurate to about 1e-7.</summary>
    public static double Cdf(double z) => 0.5 * Erfc(-z / Math.Sqrt(2));

    /// <summary>
    /// Expected improvement over <paramref name="incumbent"/> of a maximised quantity whose
    /// posterior is N(<paramref name="mean"/>, <paramref name="sd"/>²):
    /// (μ − f* − ξ)·Φ(z) + σ·φ(z), z = (μ − f* − ξ)/σ.
    /// </summary>
    public static double ExpectedImprovement(double mean, double sd, double incumbent, double xi = 0.01)
    {
        double gain = mean - incumbent - xi;
        if (sd < 1e-12) return Math.Max(gain, 0);
        double z = gain / sd;
        return gain * Cdf(z) + sd * Density(z);
    }

    /// <summary>Complementary error function (Numerical Recipes' Chebyshev fit, relative error below 1.2e-7).</summary>
    public static double Erfc(double x)
    {
        double z = Math.Abs(x);
        double t = 1 / (1 + 0.5 * z);
        double r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
            + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
