using ZooForge.Search.Space;
using ZooForge.Search.Strategies;
using ZooForge.Torch.Search;

namespace ZooForge.Torch.Tests.Search;

public class ReinforceStrategyTests
{
    private static readonly SearchSpace Space = new(["mnist_lenet5", "mnist_vgg"],
    [
        new Gene(GeneKind.Patterns, [0, 4]), new Gene(GeneKind.Zeros, [1, 2, 3]), new Gene(GeneKind.Bits, [8, 6, 4]),
    ]);

    // Rewards bits = 4 on mnist_vgg, punishes everything else.
    private static double Reward(Candidate c) => c.Model == "mnist_vgg" && c.Bits == 4 ? 1 : -1;

    private static List<string> Drive(long seed, int steps)
    {
        using var strategy = new ReinforceStrategy(Space, seed, learningRate: 0.05);
        var keys = new List<string>();
        for (int i = 0; i < steps; i++)
        {
            var c = strategy.Propose();
            keys.Add(c.Key);
            strategy.Observe(c, new Observation(Reward(c), Feasible: true, LatencyMs: null));
        }
        return keys;
    }

    [Test]
    public void Same_seed_and_rewards_give_the_same_proposals()
    {
        var first = Drive(3, 25);
        var second = Drive(3, 25);
        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void Different_seeds_give_different_proposals() =>
        Assert.That(Drive(3, 25), Is.Not.EqualTo(Drive(4, 25)));

    [Test]
    public void The_controller_learns_to_propose_the_rewarded_genes()
    {
        var keys = Drive(5, 150);
        int Rewarded(IEnumerable<string> k) => k.Count(x => x.StartsWith("model=mnist_vgg") && x.EndsWith("bits=4"));
        int early = Rewarded(keys.Take(30)), late = Rewarded(keys.Skip(120));
        // Uniform sampling hits the rewarded pair 1/6 of the time.
        Assert.That(late, Is.GreaterThan(early));
        Assert.That(late, Is.GreaterThanOrEqualTo(18), $"late proposals: {string.Join(" | ", keys.Skip(120))}");
    }

    [Test]
    public void The_baseline_is_an_exponential_moving_average_of_the_rewards()
    {
        using var strategy = new ReinforceStrategy(Space, 1, baselineDecay: 0.5);
        strategy.Observe(strategy.Propose(), new Observation(1, true, null));
        strategy.Observe(strategy.Propose(), new Observation(-1, true, null));
        Assert.That(strategy.Baseline, Is.EqualTo(0.0).Within(1e-12));
    }
}
