using System.Diagnostics;
using ZooForge.Compression.Quantization;
using ZooForge.Data.Datasets;
using ZooForge.Graph.Model;
using ZooForge.Search.Config;
using ZooForge.Search.Evaluation;
using ZooForge.Search.Space;
using ZooForge.Torch.Compression;
using ZooForge.Torch.Training;

namespace ZooForge.Torch.Search;

/// <summary>
/// Slow exploration with <see cref="CompressionPipeline"/>: hot-starts the candidate from its
/// zoo checkpoint, applies its cuts, expansion, patterns and bit-width, fine-tunes for the
/// configured batch budget and scores the integer network with the integer reference on the
/// first <see cref="EvaluationSettings.ValidationImages"/> validation digits.
/// </summary>
public sealed class CompressionAccuracyEvaluator : IAccuracyEvaluator
{
    private readonly Func<string, (Network Network, NetworkWeights Weights)> _zoo;
    private readonly ImageDataset _train;
    private readonly ImageDataset _validation;
    private readonly EvaluationSettings _settings;

    /// <summary>Creates the evaluator; <paramref name="zoo"/> returns a zoo model's network and trained weights.</summary>
    public CompressionAccuracyEvaluator(Func<string, (Network Network, NetworkWeights Weights)> zoo, ImageDataset train, ImageDataset validation, EvaluationSettings settings)
    {
        (_zoo, _train, _settings) = (zoo, train, settings);
        int count = Math.Min(settings.ValidationImages, validation.Count);
        _validation = count == validation.Count ? validation : validation.Subset(Enumerable.Range(0, count).ToArray(), validation.Name + $"[:{count}]");
    }

    /// <inheritdoc />
    public AccuracyOutcome Evaluate(Candidate candidate, long seed)
    {
        var clock = Stopwatch.StartNew();
        var outcome = Compress(candidate, seed);
        var accuracy = outcome.Report.FineTuned ?? outcome.Report.Compressed;
        return new AccuracyOutcome(accuracy.Correct, accuracy.Total, outcome.Quantized, clock.Elapsed);
    }

    /// <summary>
    /// The whole compression of <paramref name="candidate"/> as slow exploration runs it, float
    /// weights, statistics and calibrated ranges included (what <see cref="Evaluate"/> scores).
    /// </summary>
    public CompressionOutcome Compress(Candidate candidate, long seed)
    {
        TorchRuntime.Configure();
        var (network, weights) = _zoo(candidate.Model);
        var defaults = new CompressionRequest().FineTune;
        var request = new CompressionRequest
        {
            Cuts = candidate.Cuts,
            Expand = candidate.Expanded,
            Patterns = candidate.Patterns > 0 ? candidate.Patterns : null,
            Zeros = candidate.Zeros,
            Scheme = new QuantScheme(QuantKind.Symmetric, candidate.Bits),
            FineTuneBatches = _settings.FineTuneBatches,
            FloatLearningRate = _settings.LearningRate,
            FineTune = defaults with { Seed = seed, LearningRate = _settings.LearningRate * QatLearningRateShare, GradientClipNorm = _settings.GradientClip },
            CalibrationImages = _settings.CalibrationImages,
        };
        return CompressionPipeline.Run(network, weights, request, _train, _validation);
    }

    /// <summary>
    /// Quantization-aware training's learning rate as a share of the float phase's: with frozen
    /// batch-norm it diverges at rates the float phase takes (the defaults are 0.01 and 0.005).
    /// </summary>
    public const double QatLearningRateShare = 0.5;

    /// <inheritdoc />
    public (int Correct, int Total) UncompressedAccuracy(string model)
    {
        TorchRuntime.Configure();
        var (network, weights) = _zoo(model);
        var accuracy = Evaluator.Evaluate(network, weights, _validation);
        return (accuracy.Correct, accuracy.Total);
    }
}
