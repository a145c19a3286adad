using ZooForge.Data.Mnist;
using ZooForge.Data.Splits;
using ZooForge.Graph.Zoo;
using ZooForge.Search.Config;
using ZooForge.Search.Space;
using ZooForge.Torch.Search;

namespace ZooForge.Torch.Tests.Search;

[Category("Data")]
public class CompressionAccuracyEvaluatorTests
{
    private CompressionAccuracyEvaluator _evaluator = null!;
    private static readonly SearchSpace Space = new(["mnist_lenet5"], [new Gene(GeneKind.Patterns, [0, 4]), new Gene(GeneKind.Zeros, [2]), new Gene(GeneKind.Bits, [8, 6])]);

    [OneTimeSetUp]
    public void Load()
    {
        var (train, validation) = MnistSplit.Default();
        var zoo = ZooCatalogue.Open();
        _evaluator = new CompressionAccuracyEvaluator(name => { var c = zoo.Load(name); return (c.Network, c.Weights); },
            train, validation, new EvaluationSettings(FineTuneBatches: 3, ValidationImages: 100, CalibrationImages: 64));
    }

    [Test]
    public void Scores_the_compressed_integer_network_on_the_configured_validation_digits_deterministically()
    {
        var candidate = Space.Create([0, 1, 0, 1]);
        var first = _evaluator.Evaluate(candidate, 11);
        var second = _evaluator.Evaluate(candidate, 11);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Total, Is.EqualTo(100));
            Assert.That(first.Network.Bits, Is.EqualTo(6));
            Assert.That(first.Accuracy, Is.GreaterThan(0.8), "a hot-started lenet5 stays accurate after mild compression");
            Assert.That(second.Correct, Is.EqualTo(first.Correct));
            Assert.That(ZooForge.Compression.Quantization.QuantizedNetworkFile.ToBytes(second.Network),
                Is.EqualTo(ZooForge.Compression.Quantization.QuantizedNetworkFile.ToBytes(first.Network)));
        }
    }

    [Test]
    public void Uncompressed_accuracy_is_the_float_zoo_model_on_the_same_digits()
    {
        var (correct, total) = _evaluator.UncompressedAccuracy("mnist_lenet5");
        Assert.That(total, Is.EqualTo(100));
        Assert.That(correct, Is.GreaterThanOrEqualTo(95));
    }
}
