using ZooForge.Graph.Model;

namespace ZooForge.Torch.Training;

/// <summary>Progress after one epoch (or after the batch budget of a fine-tune).</summary>
/// <param name="Epoch">1-based epoch.</param>
/// <param name="Batches">Batches run so far.</param>
/// <param name="MeanLoss">Mean training cross-entropy over the epoch.</param>
/// <param name="Validation">Validation accuracy after the epoch, if a validation set was given.</param>
/// <param name="Elapsed">Wall time since the start of the run.</param>
public sealed record EpochReport(int Epoch, int Batches, double MeanLoss, Accuracy? Validation, TimeSpan Elapsed);

/// <summary>Outcome of a run.</summary>
/// <param name="Weights">The trained weights.</param>
/// <param name="Epochs">One report per epoch.</param>
/// <param name="ImagesPerSecond">Training throughput (forward, backward and update), excluding validation.</param>
public sealed record TrainingResult(NetworkWeights Weights, IReadOnlyList<EpochReport> Epochs, double ImagesPerSecond)
{
    /// <summary>Steps skipped because their loss or gradients were not finite.</summary>
    public int SkippedSteps { get; init; }
    /// <summary>Steps whose gradients were scaled down to <see cref="TrainingOptions.GradientClipNorm"/>.</summary>
    public int ClippedSteps { get; init; }
    /// <summary>Largest finite global gradient norm seen, before clipping.</summary>
    public double MaxGradientNorm { get; init; }
}

/// <summary>Top-1 accuracy on a labelled set.</summary>
/// <param name="Correct">Images classified correctly.</param>
/// <param name="Total">Images evaluated.</param>
public readonly record struct Accuracy(int Correct, int Total)
{
    /// <summary>Correct / Total in [0, 1].</summary>
    public double Fraction => Total == 0 ? 0 : (double)Correct / Total;

    /// <summary>Percentage with two decimals, e.g. <c>98.35%</c>.</summary>
    public override string ToString() => $"{100.0 * Fraction:0.00}% ({Correct}/{Total})";
}
