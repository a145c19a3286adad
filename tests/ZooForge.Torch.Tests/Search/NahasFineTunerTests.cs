using System.Diagnostics;
using ZooForge.Data.Datasets;
using ZooForge.Data.Mnist;
using ZooForge.Data.Splits;
using ZooForge.Graph.Model;
using ZooForge.Graph.Zoo;
using ZooForge.Search.Nahas;
using ZooForge.Torch.Search;
using ZooForge.Torch.Training;

namespace ZooForge.Torch.Tests.Search;

[Category("Data")]
public class NahasFineTunerTests
{
    private ImageDataset _train = null!, _validation = null!;
    private NetworkWeights _zoo = null!;

    [OneTimeSetUp]
    public void Load()
    {
        (_train, var validation) = SeededSplit.ApplyMnistDefault(NpmMnist.Load());
        _validation = validation.Subset(Enumerable.Range(0, 500).ToArray(), "validation[:500]");
        _zoo = ZooCatalogue.Open().Load("mnist_mnasnet").Weights;
    }

    private static MnasNetArchitecture With(int stage, Func<MnasNetStage, MnasNetStage> change) =>
        new(MnasNetArchitecture.Zoo.Stages.Select((s, i) => i == stage ? change(s) : s).ToList());

    [Test]
    public void A_larger_kernel_and_a_doubled_expansion_start_from_the_checkpoints_function()
    {
        // Stage 1: 3x3 -> 5x5 (centre-embedded) and expansion 3 -> 6 (tiled, the projection's copies halved).
        var arch = With(0, s => s with { Kernel = 5, Expansion = 6 });
        var zooAccuracy = Evaluator.Evaluate(MnasNetArchitecture.Zoo.Build(), _zoo, _validation);
        var transferred = Evaluator.Evaluate(arch.Build(), WeightTransfer.Transfer(_zoo, arch.Build()), _validation);
        Assert.That(transferred.Correct, Is.EqualTo(zooAccuracy.Correct), "the transfer preserves the network's predictions");
        Assert.That(zooAccuracy.Fraction, Is.GreaterThan(0.95));
    }

    [Test]
    public void Fine_tuning_recovers_what_slicing_the_widths_loses()
    {
        var arch = new MnasNetArchitecture(MnasNetArchitecture.Zoo.Stages.Select(s => s with { Width = 0.5 }).ToList());
        var sliced = Evaluator.Evaluate(arch.Build(), WeightTransfer.Transfer(_zoo, arch.Build()), _validation);
        var tuner = new NahasFineTuner(_zoo, _train, _validation, batches: 10, validationImages: 500);
        var clock = Stopwatch.StartNew();
        var first = tuner.Evaluate(arch, 7);
        TestContext.Out.WriteLine($"sliced {sliced}, fine-tuned {first.Correct}/{first.Total} in {clock.Elapsed.TotalSeconds:0.0} s");
        var second = tuner.Evaluate(arch, 7);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Total, Is.EqualTo(500));
            Assert.That(first.Correct, Is.GreaterThan(sliced.Correct + 25), "10 batches and re-estimated statistics recover from halving every stage's width");
            Assert.That(second, Is.EqualTo(first), "same architecture and seed, same accuracy");
        }
    }
}
