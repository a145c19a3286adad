using ZooForge.Compression.Quantization;
using ZooForge.Data.Datasets;
using ZooForge.Graph.Model;
using ZooForge.Graph.Zoo;
using ZooForge.Torch.Quantization;
using ZooForge.Torch.Training;

namespace ZooForge.Torch.Tests.Training;

/// <summary>The fine-tuning guard: non-finite batches are skipped, statistics kept, divergence reported.</summary>
public class StepGuardTests
{
    private static (Network Network, NetworkWeights Weights) Vgg()
    {
        var contents = ZooCatalogue.Open().Load("mnist_vgg");
        return (contents.Network, contents.Weights);
    }

    // 16 noise digits; with poisoned = true the first holds float.MaxValue pixels (datasets refuse NaN
    // itself), which overflow the first convolution, so every batch holding it has a NaN loss.
    private static ImageDataset Digits(bool poisoned)
    {
        var random = new Random(3);
        var pixels = Enumerable.Range(0, 16 * 784).Select(_ => (float)random.NextDouble()).ToArray();
        if (poisoned) for (int i = 100; i < 110; i++) pixels[i] = float.MaxValue;
        return new ImageDataset(poisoned ? "poisoned" : "noise", 1, 28, 28, 10, pixels, Enumerable.Range(0, 16).Select(i => i % 10).ToArray());
    }

    private static TrainingOptions Options(double rate = 0.01) => new()
    {
        MaxBatches = 4, BatchSize = 8, LearningRate = rate, Momentum = 0.9, WeightDecay = 0, Seed = 5, GradientClipNorm = 100,
    };

    [Test]
    public void A_batch_with_a_non_finite_loss_is_skipped_and_leaves_weights_and_statistics_finite()
    {
        var (network, weights) = Vgg();
        var result = Trainer.Train(network, weights, Digits(poisoned: true), null, Options());
        using (Assert.EnterMultipleScope())
        {
            // Two epochs of two batches; the batch holding the NaN digit is skipped in each.
            Assert.That(result.SkippedSteps, Is.EqualTo(2));
            Assert.That(result.Weights.Entries.All(e => e.Value.Data.All(float.IsFinite)), Is.True, "no NaN reached a weight or a running statistic");
            Assert.That(() => result.Weights.Validate(network), Throws.Nothing);
        }
    }

    [Test]
    public void A_clip_that_is_never_reached_changes_no_weight()
    {
        var (network, weights) = Vgg();
        var guarded = Trainer.Train(network, weights, Digits(poisoned: false), null, Options());
        var unclipped = Trainer.Train(network, weights, Digits(poisoned: false), null, Options() with { GradientClipNorm = null });
        Assert.That(guarded.SkippedSteps, Is.Zero);
        Assert.That(guarded.ClippedSteps, Is.Zero, $"largest gradient norm {guarded.MaxGradientNorm}");
        foreach (var (key, tensor) in guarded.Weights.Entries)
            Assert.That(tensor.Data, Is.EqualTo(unclipped.Weights.Get(key).Data), key);
    }

    [Test]
    public void A_huge_learning_rate_is_reported_as_divergence_naming_the_fix()
    {
        var (network, weights) = Vgg();
        var e = Assert.Throws<NonFiniteValueException>(() => Trainer.Train(network, weights, Digits(poisoned: false), null, Options(rate: 1e6)));
        Assert.That(e!.Message, Does.StartWith("fine-tuning diverged:"));
        Assert.That(e.Message, Does.Contain("evaluation.learning_rate"));
    }

    [Test]
    public void Quantization_aware_training_at_a_huge_learning_rate_is_reported_as_divergence()
    {
        var (network, weights) = Vgg();
        var data = Digits(poisoned: false);
        var ranges = Calibration.Ranges(network, weights, data, 8);
        var e = Assert.Throws<NonFiniteValueException>(() => QuantizationAwareTraining.FineTune(network, weights, ranges, QuantScheme.Int8, null, data, 4,
            QuantizationAwareTraining.DefaultOptions(5) with { BatchSize = 8, LearningRate = 1e6 }));
        Assert.That(e!.Message, Does.StartWith("quantization-aware fine-tuning diverged:"));
    }

    [Test]
    public void Gradients_above_the_limit_are_clipped_and_counted()
    {
        var (network, weights) = Vgg();
        var result = Trainer.Train(network, weights, Digits(poisoned: false), null, Options() with { GradientClipNorm = 1e-3 });
        Assert.That(result.ClippedSteps, Is.EqualTo(4));
        Assert.That(result.MaxGradientNorm, Is.GreaterThan(1e-3));
    }
}
