using ZooForge.Search.Benchmarks;

namespace ZooForge.Search.Tests.Strategies;

public class HypervolumeTests
{
    private static readonly Hypervolume Reference = new(0.9, 0.2);

    [Test]
    public void One_point_covers_the_box_to_the_reference() =>
        // (0.95 − 0.9) × (0.2 − 0.1) over (0.1 × 0.2).
        Assert.That(Reference.Of([(0.95, 0.1)]), Is.EqualTo(0.25).Within(1e-12));

    [Test]
    public void Two_points_add_the_union_of_their_boxes_and_dominated_or_outside_points_add_nothing()
    {
        // Union: 0.05 × 0.1 (fast point) + 0.09 × 0.05 extra height of the slow point from 0.15 to 0.2 → 0.005 + 0.002.
        double both = Reference.Of([(0.95, 0.1), (0.99, 0.15)]);
        Assert.That(both, Is.EqualTo((0.05 * 0.05 + 0.09 * 0.05) / 0.02).Within(1e-12));
        Assert.That(Reference.Of([(0.95, 0.1), (0.99, 0.15), (0.94, 0.12), (0.999, 0.3), (0.85, 0.01)]), Is.EqualTo(both).Within(1e-12));
        Assert.That(Reference.Of([]), Is.Zero);
    }
}
