using ZooForge.Search.Strategies.Bayesian;

namespace ZooForge.Search.Tests.Strategies;

public class GaussianProcessTests
{
    [Test]
    public void It_interpolates_its_points_and_is_uncertain_far_from_them()
    {
        double[][] x = [[0.0], [0.25], [0.5], [0.75], [1.0]];
        double[] y = x.Select(p => Math.Sin(4 * p[0])).ToArray();
        var gp = GaussianProcess.Fit(x, y);
        for (int i = 0; i < x.Length; i++)
        {
            var (mean, sd) = gp.Predict(x[i]);
            Assert.That(mean, Is.EqualTo(y[i]).Within(1e-2));
            Assert.That(sd, Is.LessThan(0.05));
        }
        Assert.That(gp.Predict([0.375]).Mean, Is.EqualTo(Math.Sin(1.5)).Within(0.1), "smooth between points");
        Assert.That(gp.Predict([4.0]).Sd, Is.GreaterThan(10 * gp.Predict([0.5]).Sd));
    }

    [Test]
    public void Normal_cdf_and_expected_improvement_match_known_values()
    {
        Assert.That(Normal.Cdf(0), Is.EqualTo(0.5).Within(1e-7));
        Assert.That(Normal.Cdf(1.959964), Is.EqualTo(0.975).Within(1e-6));
        Assert.That(Normal.Cdf(-1), Is.EqualTo(0.1586553).Within(1e-6));
        // At the incumbent, EI = σ·φ(0).
        Assert.That(Normal.ExpectedImprovement(1, 2, 1, xi: 0), Is.EqualTo(2 / Math.Sqrt(2 * Math.PI)).Within(1e-9));
        Assert.That(Normal.ExpectedImprovement(3, 0, 1, xi: 0), Is.EqualTo(2));
    }
}
