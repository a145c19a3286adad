using ZooForge.Data.Datasets;
using ZooForge.Graph.Model;
using ZooForge.Search.Nahas;
using ZooForge.Torch.Training;

namespace ZooForge.Torch.Search;

/// <summary>
/// NAHAS's slow exploration: the architecture is built, hot-started from the zoo's
/// <c>mnist_mnasnet</c> weights by <see cref="WeightTransfer"/> (slicing or tiling channels,
/// centre-embedding or cropping kernels), fine-tuned for a fixed batch budget, its batch-norm
/// statistics re-estimated, and scored in float on the first validation digits.
/// </summary>
public sealed class NahasFineTuner : INahasTrainer
{
    private readonly NetworkWeights _zoo;
    private readonly ImageDataset _train;
    private readonly ImageDataset _validation;
    private readonly int _batches;
    private readonly TrainingOptions _options;

    /// <summary>Creates the trainer.</summary>
    /// <param name="zooWeights">The zoo checkpoint's weights (<c>mnist_mnasnet</c>).</param>
    /// <param name="train">Training digits.</param>
    /// <param name="validation">Validation digits; the first <paramref name="validationImages"/> are scored.</param>
    /// <param name="batches">Fine-tuning batch budget.</param>
    /// <param name="validationImages">Validation digits scored.</param>
    /// <param name="options">Optimiser settings (<see cref="Recipe"/> when null); the seed and batch budget are set per call.</param>
    public NahasFineTuner(NetworkWeights zooWeights, ImageDataset train, ImageDataset validation, int batches, int validationImages, TrainingOptions? options = null)
    {
        if (batches < 1) throw new ArgumentException($"the fine-tuning budget must be at least 1 batch, got {batches}");
        (_zoo, _train, _batches, _options) = (zooWeights, train, batches, options ?? Recipe);
        int count = Math.Min(validationImages, validation.Count);
        _validation = count == validation.Count ? validation : validation.Subset(Enumerable.Range(0, count).ToArray(), validation.Name + $"[:{count}]");
    }

    /// <summary>
    /// The fine-tuning recipe: batches of 32, SGD with momentum 0.9 at 0.02 annealed by a cosine, no
    /// weight decay. A hot start needs a lower rate than HotNAS's 0.1 without momentum: resized
    /// layers start close to the checkpoint, and a large first step would undo that.
    /// </summary>
    public static TrainingOptions Recipe { get; } = new() { BatchSize = 32, LearningRate = 0.02, Momentum = 0.9, WeightDecay = 0, CosineSchedule = true, GradientClipNorm = 100 };

    /// <summary>Batches of 64 training digits the batch-norm statistics are re-estimated on after fine-tuning.</summary>
    public const int RecalibrationBatches = 20;

    /// <inheritdoc />
    public (int Correct, int Total) Evaluate(MnasNetArchitecture architecture, long seed)
    {
        TorchRuntime.Configure();
        var network = architecture.Build();
        var start = WeightTransfer.Transfer(_zoo, network);
        var tuned = Trainer.FineTune(network, start, _train, _batches, _options with { Seed = seed });
        // A few batches barely move the running statistics (momentum 0.1) while the weights move a lot;
        // without re-estimating them a resized network scores near chance in inference mode.
        var calibrated = BatchNormRecalibration.Run(network, tuned.Weights, _train, RecalibrationBatches, 64, seed);
        var accuracy = Evaluator.Evaluate(network, calibrated, _validation);
        return (accuracy.Correct, accuracy.Total);
    }
}
