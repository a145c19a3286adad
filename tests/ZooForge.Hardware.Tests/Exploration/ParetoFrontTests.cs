using ZooForge.Hardware.Accelerator;
using ZooForge.Hardware.Exploration;
using ZooForge.Hardware.Resources;
using static ZooForge.Hardware.Tests.TestData;

namespace ZooForge.Hardware.Tests.Exploration;

[TestFixture]
public sealed class ParetoFrontTests
{
    private static DesignEvaluation Point(double cycles, int dsp, int bram, int tm = 10, int wp = 2) =>
        new(Design(tm, 1, 32, 32, 3, wp, 2, 2), cycles, new ResourceUsage(dsp, bram, 0, 0, 0, 0));

    [Test]
    public void Dominated_points_are_rejected_and_dominating_points_replace()
    {
        var front = new ParetoFront();
        var a = Point(100, 10, 10);
        Assert.That(front.Offer(a), Is.True);
        Assert.That(front.Offer(Point(200, 20, 20)), Is.False, "worse in everything");
        Assert.That(front.Offer(Point(100, 10, 11)), Is.False, "equal but one worse");
        var c = Point(50, 30, 30);
        Assert.That(front.Offer(c), Is.True, "faster but bigger: a trade-off");
        var e = Point(150, 5, 40);
        Assert.That(front.Offer(e), Is.True, "fewer DSPs: a trade-off");
        Assert.That(front.Points, Is.EquivalentTo(new[] { a, c, e }));
        var d = Point(40, 5, 5);
        Assert.That(front.Offer(d), Is.True);
        Assert.That(front.Points, Is.EqualTo(new[] { d }), "d dominates every earlier point");
    }

    [Test]
    public void Sorted_orders_by_latency_then_dsp_then_bram()
    {
        var front = new ParetoFront();
        var slow = Point(300, 1, 1);
        var fast = Point(100, 50, 50);
        var midA = Point(200, 5, 20);
        var midB = Point(200, 10, 10);
        foreach (var p in new[] { slow, midB, fast, midA }) front.Offer(p);
        Assert.That(front.Sorted(), Is.EqualTo(new[] { fast, midA, midB, slow }));
    }

    [Test]
    public void Equal_objectives_keep_the_design_first_in_CompareDesigns_order_whatever_the_order_offered()
    {
        var small = Point(100, 10, 10, tm: 10);
        var large = Point(100, 10, 10, tm: 20);
        Assert.That(DesignEvaluation.CompareDesigns(small.Design, large.Design), Is.LessThan(0));

        var f1 = new ParetoFront();
        Assert.That(f1.Offer(small), Is.True);
        Assert.That(f1.Offer(large), Is.False);
        Assert.That(f1.Points, Is.EqualTo(new[] { small }));

        var f2 = new ParetoFront();
        Assert.That(f2.Offer(large), Is.True);
        Assert.That(f2.Offer(small), Is.True, "the preferred design replaces its twin");
        Assert.That(f2.Points, Is.EqualTo(new[] { small }));

        // The very same point offered twice is kept once.
        Assert.That(f1.Offer(small), Is.False);
        Assert.That(f1.Points, Has.Count.EqualTo(1));
    }

    [Test]
    public void Equal_objectives_prefer_wider_ports()
    {
        var narrow = Point(100, 10, 10, wp: 2);
        var wide = Point(100, 10, 10, wp: 18);
        var front = new ParetoFront();
        front.Offer(narrow);
        front.Offer(wide);
        Assert.That(front.Points, Is.EqualTo(new[] { wide }));
    }

    [Test]
    public void Front_does_not_depend_on_offer_order()
    {
        var rng = new Random(3);
        var points = Enumerable.Range(0, 300)
            .Select(i => Point(rng.Next(1, 30) * 10, rng.Next(1, 15), rng.Next(1, 15), tm: rng.Next(1, 6), wp: rng.Next(1, 4)))
            .ToList();
        var reference = new ParetoFront();
        foreach (var p in points) reference.Offer(p);
        for (int trial = 0; trial < 20; trial++)
        {
            var shuffled = points.OrderBy(_ => rng.Next()).ToList();
            var front = new ParetoFront();
            foreach (var p in shuffled) front.Offer(p);
            Assert.That(front.Sorted(), Is.EqualTo(reference.Sorted()));
        }
        // No kept point weakly dominates another, and every offered point is weakly dominated by a kept one.
        var kept = reference.Points;
        Assert.That(kept.Any(p => kept.Any(q => !ReferenceEquals(p, q) && q.WeaklyDominates(p))), Is.False);
        Assert.That(points.All(p => kept.Any(q => q.WeaklyDominates(p))), Is.True);
    }

    [TestCase(100, 10, 10, false, TestName = "equal in all three: not strict")]
    [TestCase(101, 10, 10, true, TestName = "bound above the kept latency")]
    [TestCase(100, 11, 10, true, TestName = "same latency, more DSP")]
    [TestCase(100, 10, 11, true, TestName = "same latency, more BRAM")]
    [TestCase(99, 10, 10, false, TestName = "bound below the kept latency")]
    [TestCase(500, 9, 10, false, TestName = "fewer DSPs than the kept point")]
    [TestCase(500, 10, 9, false, TestName = "fewer BRAMs than the kept point")]
    public void StrictlyDominatesAll(double bound, int dsp, int bram, bool expected)
    {
        var front = new ParetoFront();
        front.Offer(Point(100, 10, 10));
        front.Offer(Point(1000, 1, 1));
        Assert.That(front.StrictlyDominatesAll(bound, dsp, bram), Is.EqualTo(expected));
    }

    [Test]
    public void StrictlyDominatesAll_on_an_empty_front_is_false() =>
        Assert.That(new ParetoFront().StrictlyDominatesAll(double.MaxValue, int.MaxValue, int.MaxValue), Is.False);

    [Test]
    public void StrictlyDominatesAll_uses_any_single_point()
    {
        // Neither point alone covers (150, 8, 8)... until one does: (120, 8, 8) is no worse and faster.
        var front = new ParetoFront();
        front.Offer(Point(100, 10, 5));
        front.Offer(Point(200, 5, 10));
        Assert.That(front.StrictlyDominatesAll(150, 8, 8), Is.False);
        front.Offer(Point(120, 8, 8));
        Assert.That(front.StrictlyDominatesAll(150, 8, 8), Is.True);
    }

    [Test]
    public void CompareForBest_orders_latency_then_resources_then_design()
    {
        var list = new List<DesignEvaluation>
        {
            Point(100, 20, 1, tm: 5), Point(100, 10, 2, tm: 6), Point(100, 10, 1, tm: 7), Point(100, 10, 1, tm: 3), Point(50, 99, 99),
        };
        list.Sort(DesignEvaluation.CompareForBest);
        Assert.That(list.Select(p => (p.Cycles, p.Resources.Dsp, p.Resources.Bram18, p.Design.Conv.Tm)), Is.EqualTo(new[]
        {
            (50.0, 99, 99, 10), (100.0, 10, 1, 3), (100.0, 10, 1, 7), (100.0, 10, 2, 6), (100.0, 20, 1, 5),
        }));
    }

    [Test]
    public void CompareDesigns_puts_designs_without_a_depthwise_engine_first_on_ties()
    {
        var a = Design(10, 1, 32, 32, 3, 2, 2, 2);
        var b = a with { Depthwise = new EngineTiling(64, 1, 32, 32, 3) };
        Assert.That(DesignEvaluation.CompareDesigns(a, b), Is.LessThan(0));
        Assert.That(DesignEvaluation.CompareDesigns(b, b with { }), Is.Zero);
    }
}
