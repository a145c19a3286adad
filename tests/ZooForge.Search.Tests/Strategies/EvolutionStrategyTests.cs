using ZooForge.Search.Space;
using ZooForge.Search.Strategies;
using ZooForge.Search.Strategies.Evolution;

namespace ZooForge.Search.Tests.Strategies;

public class EvolutionStrategyTests
{
    private static readonly long[] Seeds = [1, 2, 3, 4, 5, 6, 7];

    [Test]
    public void Same_seed_gives_the_same_proposals_and_another_seed_different_ones()
    {
        var first = Synthetic.Drive(new EvolutionStrategy(Synthetic.Space, 3), 40).Proposals.Select(c => c.Key);
        var again = Synthetic.Drive(new EvolutionStrategy(Synthetic.Space, 3), 40).Proposals.Select(c => c.Key);
        var other = Synthetic.Drive(new EvolutionStrategy(Synthetic.Space, 4), 40).Proposals.Select(c => c.Key);
        Assert.That(again, Is.EqualTo(first));
        Assert.That(other, Is.Not.EqualTo(first));
    }

    [Test]
    public void It_improves_on_the_synthetic_objective_faster_than_random_search()
    {
        const int budget = 60;
        double evolution = Synthetic.Median(Seeds.Select(s => Synthetic.Drive(new EvolutionStrategy(Synthetic.Space, s), budget).Best[^1]));
        double random = Synthetic.Median(Seeds.Select(s => Synthetic.Drive(new RandomStrategy(Synthetic.Space, s), budget).Best[^1]));
        Assert.That(evolution, Is.GreaterThan(random), $"median best reward after {budget} trials: evolution {evolution:0.###}, random {random:0.###}");
    }

    [Test]
    public void It_never_proposes_a_candidate_it_has_already_evaluated_while_unseen_ones_remain()
    {
        var proposals = Synthetic.Drive(new EvolutionStrategy(Synthetic.Space, 9), 80).Proposals;
        Assert.That(proposals.Select(c => c.Key).Distinct().Count(), Is.EqualTo(proposals.Count));
    }

    [Test]
    public void Shrinking_drops_values_seen_only_in_poor_candidates_logs_them_and_never_proposes_them_again()
    {
        var strategy = new EvolutionStrategy(Synthetic.Space, 5, new EvolutionSettings(ShrinkEvery: 10));
        var (proposals, _) = Synthetic.Drive(strategy, 60);
        Assert.That(strategy.Shrunk, Is.Not.Empty);
        Assert.That(strategy.Log[0], Does.Contain("after every 10 trials"));
        foreach (var drop in strategy.Shrunk)
        {
            Assert.That(drop.Trial % 10, Is.Zero, "drops happen on the schedule");
            Assert.That(strategy.Log, Has.Some.Contains($"trial {drop.Trial}: dropped {drop.Gene}={drop.Value}"));
            int gene = Synthetic.Space.Genes.ToList().FindIndex(g => g.Name == drop.Gene);
            int index = Synthetic.Space.Genes[gene].Values.ToList().IndexOf(drop.Value);
            Assert.That(strategy.Allowed(gene), Does.Not.Contain(index));
            Assert.That(proposals.Skip(drop.Trial).Where(c => c.Choices[gene] == index), Is.Empty, $"{drop.Gene}={drop.Value} proposed after it was dropped");
            // The optimum's own values are never the ones dropped: they are in good candidates.
            Assert.That(drop.Value, Is.Not.EqualTo(Synthetic.Target[gene - 1]), $"{drop.Gene}");
        }
        Assert.That(Enumerable.Range(0, Synthetic.Space.Genes.Count).All(g => strategy.Allowed(g).Count >= 1));
    }

    [Test]
    public void Channel_scaling_moves_cut_genes_toward_the_latency_target()
    {
        var space = new SearchSpace(["m"], [new Gene(GeneKind.Bits, [8, 6, 4]),
            new Gene(GeneKind.Cut, [0, 0.25, 0.5, 0.75], "m", "conv1"), new Gene(GeneKind.Cut, [0, 0.25, 0.5, 0.75], "m", "conv2")]);
        // Latency falls with cutting; the target 1.0 ms needs a total cut of 0.75 or more.
        double Latency(Candidate c) => 1.6 - 0.8 * c.Cuts.Values.Sum();
        var strategy = new EvolutionStrategy(space, 2, new EvolutionSettings(PopulationSize: 4, ShrinkEvery: 0, LatencyTargetMs: 1.0));
        var cuts = new List<double>();
        for (int i = 0; i < 30; i++)
        {
            var c = strategy.Propose();
            double latency = Latency(c);
            strategy.Observe(c, new Observation(-Math.Abs(latency - 1.0), latency <= 1.0, latency));
            cuts.Add(c.Cuts.Values.Sum());
        }
        var scaling = strategy.Log.Where(l => l.Contains("channel scaling")).ToList();
        Assert.That(scaling, Is.Not.Empty);
        foreach (var line in scaling)
        {
            bool slow = double.Parse(line.Split("parent ")[1].Split(" ms")[0], System.Globalization.CultureInfo.InvariantCulture) > 1.0;
            var values = line.Split(" ")[5..8];
            double from = double.Parse(values[0], System.Globalization.CultureInfo.InvariantCulture), to = double.Parse(values[2], System.Globalization.CultureInfo.InvariantCulture);
            Assert.That(to > from, Is.EqualTo(slow), line);
        }
        Assert.That(cuts.Skip(10).Average(), Is.GreaterThan(0.6), "children settle near the target's total cut");
    }
}
