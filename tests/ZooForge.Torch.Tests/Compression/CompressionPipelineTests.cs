using ZooForge.Compression.Reference;
using ZooForge.Graph.Zoo;
using ZooForge.Torch.Compression;
using ZooForge.Torch.Tests.Quantization;
using ZooForge.Torch.Training;

namespace ZooForge.Torch.Tests.Compression;

/// <summary>
/// The accuracy target, end to end: every zoo model, int8 with 4 patterns of 4 non-zeros
/// (z = 5 of the 8 off-centre positions zeroed, the centre always kept), at most 300 fine-tuning
/// batches (of 128 images), loses at most 1.0 point on the 2,000 held-out digits. Minutes per
/// model, hence Slow. The masked float phase runs at learning rate 0.01, except for
/// mnist_mobilenetv2 at 0.05: its 3×3 convolutions are depthwise (one kernel per channel), and with
/// 4 of 9 weights kept the float phase plateaus at 97.0% (a 1.20-point drop) at 0.01, while 0.05
/// reaches 97.70% after the float phase and 97.80% after QAT (0.45 points).
/// </summary>
[Category("Data")]
[Category("Slow")]
public class CompressionPipelineTests
{
    [OneTimeSetUp]
    public void Configure() => TorchRuntime.Configure();

    [TestCase("mnist_vgg", 0.01)]
    [TestCase("mnist_lenet5", 0.01)]
    [TestCase("mnist_resnet", 0.01)]
    [TestCase("mnist_mobilenetv2", 0.05)]
    [TestCase("mnist_mnasnet", 0.01)]
    public void Int8_with_four_patterns_of_four_after_300_batches_loses_at_most_one_point(string model, double floatLearningRate)
    {
        const double maxDropPoints = 1.0;
        var checkpoint = ZooCatalogue.Open().Load(model);
        var request = new CompressionRequest { Patterns = 4, Zeros = 5, FineTuneBatches = 300, FloatLearningRate = floatLearningRate };
        var outcome = CompressionPipeline.Run(checkpoint.Network, checkpoint.Weights, request, QuantTestData.Train, QuantTestData.Validation);
        var r = outcome.Report;
        TestContext.Out.WriteLine($"{model}: float {r.Original}, compressed {r.Compressed}, fine-tuned {r.FineTuned} " +
            $"(drop {r.DropPoints:0.00} points) in {r.FineTuneTime.TotalSeconds:0} s");

        Assert.That(r.FineTuned, Is.Not.Null);
        Assert.That(r.DropPoints, Is.LessThanOrEqualTo(maxDropPoints));
        // The reported accuracy is the integer reference's on the network that was returned.
        Assert.That(IntegerReference.Evaluate(outcome.Quantized, QuantTestData.Validation).Correct, Is.EqualTo(r.FineTuned!.Value.Correct));
        Assert.That(outcome.Patterns, Is.Not.Empty);
        Assert.That(outcome.Patterns.Values.Where(p => p.Table.Kernel == 3).All(p => p.Table.Count <= 4 && p.Table.MaxNonZeros == 4), Is.True);
    }
}
