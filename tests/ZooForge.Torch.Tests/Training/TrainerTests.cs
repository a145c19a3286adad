using ZooForge.Core.Errors;
using ZooForge.Data.Datasets;
using ZooForge.Data.Mnist;
using ZooForge.Data.Splits;
using ZooForge.Graph.Model;
using ZooForge.Graph.Zoo.Mnist;
using ZooForge.Torch.Training;

namespace ZooForge.Torch.Tests.Training;

[Category("Data")]
public class TrainerTests
{
    private ImageDataset _train = null!;
    private ImageDataset _validation = null!;

    [OneTimeSetUp]
    public void LoadDigits() => (_train, _validation) = MnistSplit.Default();

    private static void AssertSameWeights(NetworkWeights a, NetworkWeights b)
    {
        Assert.That(a.Entries.Select(e => e.Key), Is.EqualTo(b.Entries.Select(e => e.Key)));
        foreach (var (key, tensor) in a.Entries)
            Assert.That(b.Get(key).BitwiseEquals(tensor), Is.True, $"tensor {key} differs");
    }

    [Test]
    public void Training_is_repeatable_bit_for_bit_under_a_seed()
    {
        var network = MnistModels.Create("mnist_resnet");
        var options = new TrainingOptions { MaxBatches = 12, BatchSize = 32, Seed = 5 };
        var first = Trainer.Train(network, null, _train, null, options);
        var second = Trainer.Train(network, null, _train, null, options);
        AssertSameWeights(first.Weights, second.Weights);
    }

    [Test]
    public void A_different_seed_gives_different_weights()
    {
        var network = MnistModels.Create("mnist_lenet5");
        var a = Trainer.Train(network, null, _train, null, new TrainingOptions { MaxBatches = 3, Seed = 1 });
        var b = Trainer.Train(network, null, _train, null, new TrainingOptions { MaxBatches = 3, Seed = 2 });
        Assert.That(a.Weights.Get("conv1.weight").BitwiseEquals(b.Weights.Get("conv1.weight")), Is.False);
    }

    [Test]
    public void Fine_tuning_runs_exactly_the_batch_budget_and_is_repeatable()
    {
        var network = MnistModels.Create("mnist_mobilenetv2");
        var start = Trainer.Train(network, null, _train, null, new TrainingOptions { MaxBatches = 20, Seed = 3 }).Weights;
        var options = TrainingOptions.HotNasFineTune(seed: 9) with { LearningRate = 0.01 };
        var a = Trainer.FineTune(network, start, _train, batches: 7, options);
        var b = Trainer.FineTune(network, start, _train, batches: 7, options);
        Assert.That(a.Epochs[^1].Batches, Is.EqualTo(7));
        AssertSameWeights(a.Weights, b.Weights);
        // The pretrained weights are the hot start, not modified in place.
        Assert.That(a.Weights.Get("features.0.0.weight").BitwiseEquals(start.Get("features.0.0.weight")), Is.False);
    }

    [Test]
    public void Learning_improves_accuracy_well_above_chance()
    {
        var network = MnistModels.Create("mnist_lenet5");
        var result = Trainer.Train(network, null, _train, _validation, new TrainingOptions { MaxBatches = 150, Seed = 1 });
        var accuracy = result.Epochs[^1].Validation!.Value;
        Assert.That(accuracy.Total, Is.EqualTo(2000));
        Assert.That(accuracy.Fraction, Is.GreaterThan(0.85), accuracy.ToString());
        Assert.That(Evaluator.Evaluate(network, result.Weights, _validation), Is.EqualTo(accuracy));
    }

    [Test]
    public void Mismatched_data_shape_is_rejected_naming_both()
    {
        var network = Graph.Zoo.BuiltinModels.Create("squeezenet1_1");
        var e = Assert.Throws<InvalidInputException>(() => Trainer.Train(network, null, _train, null, new TrainingOptions { MaxBatches = 1 }));
        Assert.That(e!.Message, Does.Contain("1x28x28").And.Contain("3x224x224"));
    }

    [Test]
    public void Invalid_options_name_the_field()
    {
        var e = Assert.Throws<InvalidInputException>(() => new TrainingOptions { BatchSize = 0 }.Validate());
        Assert.That(e!.Message, Does.Contain("batch size"));
    }
}
