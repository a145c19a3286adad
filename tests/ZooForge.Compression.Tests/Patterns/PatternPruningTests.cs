using ZooForge.Core.Errors;
using ZooForge.Compression.Patterns;
using ZooForge.Graph.Layers;
using ZooForge.Graph.Model;
using ZooForge.Graph.Zoo;
using ZooForge.Graph.Zoo.Mnist;

namespace ZooForge.Compression.Tests.Patterns;

public class PatternPruningTests
{
    /// <summary>Many layers of different shapes: conventional, grouped and depthwise 3×3, 5×5 and 1×1.</summary>
    private static Network ManyLayers()
    {
        var b = new NetworkBuilder("many", new TensorShape(3, 12, 12));
        string x = b.Conv("c0", b.Input, 16, kernel: 3, padding: 1);
        x = b.Conv("c1", x, 24, kernel: 3, padding: 1, bias: false);
        x = b.DepthwiseConv("dw", x, kernel: 3, padding: 1);
        x = b.Conv("g", x, 24, kernel: 3, padding: 1, groups: 4);
        x = b.Conv("c5", x, 12, kernel: 5, padding: 2);
        x = b.DepthwiseConv("dw5", x, kernel: 5, padding: 2);
        x = b.Conv("pw", x, 8, kernel: 1);
        x = b.Flatten("flatten", x);
        b.Linear("fc", x, 10);
        return b.Build();
    }

    private static double Energy(ReadOnlySpan<float> k, ulong mask)
    {
        double s = 0;
        for (int p = 0; p < k.Length; p++)
            if ((mask >> p & 1) != 0) s += (double)k[p] * k[p];
        return s;
    }

    private static int BruteBest(ReadOnlySpan<float> k, IReadOnlyList<ulong> masks)
    {
        int best = 0;
        for (int i = 1; i < masks.Count; i++)
            if (Energy(k, masks[i]) > Energy(k, masks[best])) best = i;
        return best;
    }

    private static void CheckLayer(Conv2dLayer conv, WeightTensor before, WeightTensor after, PatternAssignment a,
        KernelPatternTable library, int patternCount, double fraction)
    {
        int size = conv.Kernel * conv.Kernel;
        int kernels = conv.OutChannels * (conv.InChannels / conv.Groups);
        Assert.That(a.Layer, Is.EqualTo(conv.Name));
        Assert.That(a.PatternIds, Has.Length.EqualTo(kernels));
        Assert.That(a.Table.Kernel, Is.EqualTo(conv.Kernel));
        Assert.That(a.Table.Count, Is.EqualTo(patternCount), conv.Name);
        Assert.That(a.Table.Masks, Is.Unique.And.Ordered.Ascending);
        Assert.That(a.Table.Masks, Is.SubsetOf(library.Masks));

        // The chosen P are the most voted (ties: smaller mask).
        var votes = new int[library.Count];
        for (int k = 0; k < kernels; k++) votes[BruteBest(before.Data.AsSpan(k * size, size), library.Masks)]++;
        var expected = Enumerable.Range(0, library.Count).OrderByDescending(i => votes[i]).ThenBy(i => library.Masks[i])
            .Take(patternCount).Select(i => library.Masks[i]).Order();
        Assert.That(a.Table.Masks, Is.EqualTo(expected), conv.Name);

        int removed = 0;
        var norms = new List<(double Norm, bool Removed)>();
        for (int k = 0; k < kernels; k++)
        {
            var orig = before.Data.AsSpan(k * size, size);
            var now = after.Data.AsSpan(k * size, size);
            int id = a.PatternIds[k];
            int best = BruteBest(orig, a.Table.Masks);
            if (id == -1)
            {
                removed++;
                Assert.That(now.ToArray(), Is.All.Zero, $"{conv.Name} kernel {k} removed but not zero");
                norms.Add((Energy(orig, a.Table.Masks[best]), true));
                continue;
            }
            Assert.That(id, Is.EqualTo(best), $"{conv.Name} kernel {k}: not the L2-best chosen pattern");
            ulong mask = a.Table.Masks[id];
            for (int p = 0; p < size; p++)
            {
                if ((mask >> p & 1) != 0) Assert.That(now[p], Is.EqualTo(orig[p]), $"{conv.Name} kernel {k} pos {p} changed");
                else Assert.That(now[p], Is.Zero, $"{conv.Name} kernel {k} pos {p} not zeroed");
            }
            norms.Add((Energy(orig, mask), false));
        }
        Assert.That(removed, Is.EqualTo((int)Math.Round(fraction * kernels, MidpointRounding.AwayFromZero)), conv.Name);
        if (removed > 0 && removed < kernels)
            Assert.That(norms.Where(n => n.Removed).Max(n => n.Norm), Is.LessThanOrEqualTo(norms.Where(n => !n.Removed).Min(n => n.Norm)));
    }

    [TestCase(1, 4, 5, 0.0)]
    [TestCase(2, 4, 5, 0.25)]
    [TestCase(3, 1, 2, 0.0)]
    [TestCase(4, 8, 3, 0.5)]
    [TestCase(5, 3, 4, 0.1)]
    public void EveryKernelTakesItsL2BestChosenPattern(int seed, int patterns, int zeros, double fraction)
    {
        var network = ManyLayers();
        var weights = TestWeights.Random(network, seed);
        var original = TestWeights.Clone(weights);
        var options = new PatternPruningOptions
        {
            PatternCount = patterns, Zeros3x3 = zeros, Zeros5x5 = 6, ConnectivityFraction = fraction,
            Layers = ["c0", "c1", "dw", "g", "c5", "dw5"],
        };
        var result = PatternPruning.Apply(network, weights, options);

        Assert.That(TestWeights.SameAs(weights, original), Is.True, "input weights were mutated");
        Assert.That(result.Assignments.Keys, Is.EquivalentTo(options.Layers));
        result.Weights.Validate(network);
        foreach (var name in options.Layers)
        {
            var conv = (Conv2dLayer)network[name].Layer;
            var library = PatternLibrary.Enumerate(conv.Kernel, conv.Kernel == 3 ? zeros : 6);
            CheckLayer(conv, original.Get($"{name}.weight"), result.Weights.Get($"{name}.weight"), result.Assignments[name],
                library, patterns, fraction);
        }
        foreach (var key in new[] { "pw.weight", "fc.weight", "c0.bias", "pw.bias" })
            Assert.That(result.Weights.Get(key).BitwiseEquals(original.Get(key)), Is.True, key);
    }

    [Test]
    public void DefaultPrunesEvery3x3ConvIncludingDepthwiseAndLeaves1x1Alone()
    {
        var network = MnistMobileNetV2.Create();
        var weights = TestWeights.Random(network, 7);
        var result = PatternPruning.Apply(network, weights);
        var threes = network.Nodes.Select(n => n.Layer).OfType<Conv2dLayer>().Where(c => c.Kernel == 3).Select(c => c.Name).ToList();
        Assert.That(threes.Count(n => ((Conv2dLayer)network[n].Layer).IsDepthwise), Is.GreaterThan(0));
        Assert.That(result.Assignments.Keys, Is.EquivalentTo(threes));
        foreach (var a in result.Assignments.Values)
        {
            Assert.That(a.Table.Count, Is.EqualTo(4));
            Assert.That(a.Table.MaxNonZeros, Is.EqualTo(4));
        }
        foreach (var conv in network.Nodes.Select(n => n.Layer).OfType<Conv2dLayer>().Where(c => c.Kernel == 1))
            Assert.That(result.Weights.Get($"{conv.Name}.weight").BitwiseEquals(weights.Get($"{conv.Name}.weight")), Is.True);
    }

    [Test]
    public void TrainedZooModelIsPatternPruned()
    {
        var (network, weights, _) = ZooCatalogue.Open().Load("mnist_resnet");
        var result = PatternPruning.Apply(network, weights, new PatternPruningOptions { ConnectivityFraction = 0.1 });
        Assert.That(result.Assignments, Has.Count.EqualTo(network.Nodes.Count(n => n.Layer is Conv2dLayer { Kernel: 3 })));
        foreach (var (name, a) in result.Assignments)
        {
            var conv = (Conv2dLayer)network[name].Layer;
            CheckLayer(conv, weights.Get($"{name}.weight"), result.Weights.Get($"{name}.weight"), a,
                PatternLibrary.Enumerate(3, 5), 4, 0.1);
        }
    }

    [Test]
    public void PatternsOnA1x1KernelAreRejectedNamingTheLayer()
    {
        var network = ManyLayers();
        var weights = TestWeights.Random(network, 1);
        var e = Assert.Throws<InvalidInputException>(() =>
            PatternPruning.Apply(network, weights, new PatternPruningOptions { Layers = ["c0", "pw"] }))!;
        Assert.That(e.Message, Does.Contain("'pw'").And.Contain("1x1"));
    }

    [Test]
    public void UnknownAndNonConvLayersAreRejectedNamingThem()
    {
        var network = ManyLayers();
        var weights = TestWeights.Random(network, 1);
        var e = Assert.Throws<InvalidInputException>(() =>
            PatternPruning.Apply(network, weights, new PatternPruningOptions { Layers = ["nope"] }))!;
        Assert.That(e.Message, Does.Contain("'nope'"));
        e = Assert.Throws<InvalidInputException>(() =>
            PatternPruning.Apply(network, weights, new PatternPruningOptions { Layers = ["fc"] }))!;
        Assert.That(e.Message, Does.Contain("'fc'"));
    }

    [Test]
    public void TooManyPatternsAreRejectedNamingTheLayer()
    {
        var network = ManyLayers();
        var weights = TestWeights.Random(network, 1);
        var e = Assert.Throws<InvalidInputException>(() =>
            PatternPruning.Apply(network, weights, new PatternPruningOptions { PatternCount = 57, Layers = ["c1"] }))!;
        Assert.That(e.Message, Does.Contain("'c1'").And.Contain("57").And.Contain("56"));
    }

    [TestCase(-0.1)]
    [TestCase(1.0)]
    public void ConnectivityFractionOutOfRangeIsRejected(double fraction)
    {
        var network = ManyLayers();
        var weights = TestWeights.Random(network, 1);
        Assert.Throws<InvalidInputException>(() =>
            PatternPruning.Apply(network, weights, new PatternPruningOptions { ConnectivityFraction = fraction }));
    }

    [Test]
    public void TiesGoToTheLowerPatternIndex()
    {
        // An all-zero kernel ties every pattern: it takes pattern 0. A kernel with only the
        // centre set also ties (the centre is in every pattern).
        var table = PatternLibrary.Enumerate(3, 5);
        var chosen = new KernelPatternTable(3, [table.Masks[3], table.Masks[1], table.Masks[2]]);
        var data = new float[18];
        data[9 + 4] = 2f;
        int[] ids = PatternPruning.AssignAndMask(data, chosen);
        Assert.That(ids, Is.EqualTo(new[] { 0, 0 }));
        Assert.That(data[13], Is.EqualTo(2f));
    }
}
