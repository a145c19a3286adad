using ZooForge.Search.Strategies.Bayesian;

namespace ZooForge.Search.Tests.Strategies;

public class FeasibilityModelTests
{
    // An output constraint that holds below x = 0.6 along the first feature.
    private static bool Holds(double[] x) => x[0] < 0.6;

    [Test]
    public void Observing_infeasible_points_lowers_the_probability_there_and_keeps_it_high_elsewhere()
    {
        var seen = new List<double[]> { new[] { 0.0, 0.5 }, new[] { 0.2, 0.1 }, new[] { 0.4, 0.9 } };
        var before = FeasibilityModel.Fit(seen, seen.Select(Holds).ToList());
        double[] inside = [0.1, 0.5], outside = [0.9, 0.5];
        Assert.That(before.Probability(outside), Is.EqualTo(1), "only feasible points seen: no evidence against any region");

        seen.AddRange([[0.8, 0.2], [1.0, 0.7], [0.7, 0.9]]);
        var after = FeasibilityModel.Fit(seen, seen.Select(Holds).ToList());
        using (Assert.EnterMultipleScope())
        {
            Assert.That(after.Probability(outside), Is.LessThan(0.2));
            Assert.That(after.Probability(inside), Is.GreaterThan(0.8));
        }

        seen.AddRange([[0.65, 0.4], [0.95, 0.05]]);
        var more = FeasibilityModel.Fit(seen, seen.Select(Holds).ToList());
        Assert.That(more.Probability([0.9, 0.1]), Is.LessThanOrEqualTo(after.Probability([0.9, 0.1])), "more infeasible evidence nearby lowers it further");
    }

    [Test]
    public void With_nothing_feasible_seen_every_point_is_a_coin_toss()
    {
        var model = FeasibilityModel.Fit([[0.1], [0.9]], [false, false]);
        Assert.That(model.Probability([0.5]), Is.EqualTo(0.5));
    }
}
