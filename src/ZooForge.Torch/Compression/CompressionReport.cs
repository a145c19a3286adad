using ZooForge.Torch.Training;

namespace ZooForge.Torch.Compression;

/// <summary>One layer's size after compression.</summary>
/// <param name="Name">IR name.</param>
/// <param name="Kind">conv, dwconv, linear.</param>
/// <param name="Kernel">K.</param>
/// <param name="OutChannels">M after cutting.</param>
/// <param name="InChannels">N (per group) after cutting.</param>
/// <param name="Weights">Weights stored densely.</param>
/// <param name="NonZeros">Weights that are not zero (the ones the hardware stores and multiplies).</param>
/// <param name="Patterns">P, or 0 when not pattern-pruned.</param>
/// <param name="PatternNonZeros">Largest kept positions per window (the compute cycles per window), or K².</param>
/// <param name="Macs">Dense multiply-accumulates per image.</param>
/// <param name="EffectiveMacs">MACs the pattern-sparse hardware performs per image.</param>
public sealed record LayerCompressionReport(string Name, string Kind, int Kernel, int OutChannels, int InChannels,
    long Weights, long NonZeros, int Patterns, int PatternNonZeros, long Macs, long EffectiveMacs);

/// <summary>Accuracy and size of a compressed model, before and after fine-tuning.</summary>
public sealed record CompressionReport
{
    /// <summary>Model name.</summary>
    public required string Model { get; init; }
    /// <summary>What was applied, as text.</summary>
    public required string Recipe { get; init; }
    /// <summary>Accuracy of the original float model.</summary>
    public required Accuracy Original { get; init; }
    /// <summary>Accuracy of the integer model straight after compression.</summary>
    public required Accuracy Compressed { get; init; }
    /// <summary>Accuracy of the integer model after fine-tuning, if fine-tuned.</summary>
    public Accuracy? FineTuned { get; init; }
    /// <summary>Fine-tuning batches run.</summary>
    public int FineTuneBatches { get; init; }
    /// <summary>Parameters before compression.</summary>
    public required long ParametersBefore { get; init; }
    /// <summary>Parameters after cutting (dense count).</summary>
    public required long ParametersAfter { get; init; }
    /// <summary>Non-zero weights after pruning.</summary>
    public required long NonZeroWeights { get; init; }
    /// <summary>Bytes of the stored non-zero weights at the scheme's width.</summary>
    public required long WeightBytes { get; init; }
    /// <summary>Dense MACs per image before compression.</summary>
    public required long MacsBefore { get; init; }
    /// <summary>MACs per image the pattern-sparse hardware performs after compression.</summary>
    public required long EffectiveMacs { get; init; }
    /// <summary>Per-layer breakdown.</summary>
    public required IReadOnlyList<LayerCompressionReport> Layers { get; init; }
    /// <summary>Wall time of fine-tuning.</summary>
    public TimeSpan FineTuneTime { get; init; }
    /// <summary>Fine-tuning steps (float phase and QAT) skipped for a non-finite or exploding loss or gradient.</summary>
    public int SkippedSteps { get; init; }
    /// <summary>Fine-tuning steps whose gradients were clipped.</summary>
    public int ClippedSteps { get; init; }
    /// <summary>Largest global gradient norm of any fine-tuning step, before clipping.</summary>
    public double MaxGradientNorm { get; init; }

    /// <summary>Accuracy change from the original to the final integer model, in percentage points.</summary>
    public double DropPoints => 100.0 * (Original.Fraction - (FineTuned ?? Compressed).Fraction);
}
