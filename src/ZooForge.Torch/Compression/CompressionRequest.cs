using ZooForge.Compression.Quantization;
using ZooForge.Torch.Quantization;
using ZooForge.Torch.Training;

namespace ZooForge.Torch.Compression;

/// <summary>What to do to a model: the steps of <see cref="CompressionPipeline"/>, in their order.</summary>
public sealed record CompressionRequest
{
    /// <summary>Channel cuts: layer name → fraction of its output channels to remove.</summary>
    public IReadOnlyDictionary<string, double> Cuts { get; init; } = new Dictionary<string, double>();

    /// <summary>Convolutions to grow from K×K to (K+2)×(K+2) (HotNAS's kernel expansion).</summary>
    public IReadOnlyList<string> Expand { get; init; } = [];

    /// <summary>Patterns per layer (P); null for no pattern pruning.</summary>
    public int? Patterns { get; init; }

    /// <summary>Layers to pattern-prune; empty for every 3×3 and 5×5 convolution.</summary>
    public IReadOnlyList<string> PatternLayers { get; init; } = [];

    /// <summary>Zeroed positions of a 3×3 kernel besides the centre's eight neighbours: z = 5 keeps 4 non-zeros.</summary>
    public int Zeros { get; init; } = 5;

    /// <summary>Zeroed positions of a 5×5 kernel outside HotNAS's fixed 13-position core (6 keeps 19).</summary>
    public int Zeros5x5 { get; init; } = 6;

    /// <summary>Fraction of whole kernels removed per pattern-pruned layer (connectivity pruning).</summary>
    public double Connectivity { get; init; }

    /// <summary>Integer scheme of the result.</summary>
    public QuantScheme Scheme { get; init; } = QuantScheme.Int8;

    /// <summary>Quantization-aware fine-tuning budget in batches (0: none).</summary>
    public int FineTuneBatches { get; init; }

    /// <summary>Fine-tuning hyper-parameters (the batch budget is taken from <see cref="FineTuneBatches"/>).</summary>
    /// <remarks>Batch-norm statistics are frozen during quantization-aware training; with them frozen,
    /// SGD at 0.01 with momentum 0.9 (or HotNAS's 0.1) diverges on the zoo's batch-norm models, so the
    /// default is plain SGD at 0.005. Batches hold 128 images: the budget is counted in batches, and
    /// with 32 images per batch 300 batches (1.2 epochs of the 8,000 training digits) left the
    /// pattern-pruned int8 zoo 1.2–2.3 points short; 128 per batch meets the 1-point target.</remarks>
    public TrainingOptions FineTune { get; init; } = QuantizationAwareTraining.DefaultOptions(1) with { BatchSize = DefaultBatchSize };

    /// <summary>Learning rate of the masked float phase that precedes QAT on pruned or cut models (SGD, momentum 0.9, cosine).</summary>
    public double FloatLearningRate { get; init; } = 0.01;

    /// <summary>
    /// Distil the uncompressed model into the pruned one during the masked float phase (weight of
    /// the soft-target term, 0 = off). Helps networks whose kernels lose most of their weights,
    /// such as depthwise 3×3 kernels keeping 4 of 9.
    /// </summary>
    public double DistillWeight { get; init; }

    /// <summary>Images per fine-tuning batch unless <see cref="FineTune"/> says otherwise.</summary>
    public const int DefaultBatchSize = 128;

    /// <summary>Training images used to calibrate activation ranges (the first ones of the training split).</summary>
    public int CalibrationImages { get; init; } = 512;
}
