using ZooForge.Core.Errors;
namespace ZooForge.Torch.Training;

/// <summary>Hyper-parameters of a training or fine-tuning run. Same options and seed, same weights.</summary>
public sealed record TrainingOptions
{
    /// <summary>Passes over the training set (ignored when <see cref="MaxBatches"/> is set).</summary>
    public int Epochs { get; init; } = 10;

    /// <summary>Stop after this many batches: the fine-tuning budget (HotNAS: 100).</summary>
    public int? MaxBatches { get; init; }

    /// <summary>Images per batch.</summary>
    public int BatchSize { get; init; } = 64;

    /// <summary>Initial learning rate of SGD.</summary>
    public double LearningRate { get; init; } = 0.05;

    /// <summary>SGD momentum.</summary>
    public double Momentum { get; init; } = 0.9;

    /// <summary>L2 weight decay.</summary>
    public double WeightDecay { get; init; } = 5e-4;

    /// <summary>Anneal the learning rate to zero along a cosine over the run.</summary>
    public bool CosineSchedule { get; init; } = true;

    /// <summary>Seed of the initial weights (when training from scratch) and of the batch order.</summary>
    public long Seed { get; init; } = 1;

    /// <summary>
    /// Masks (0/1, same layout as the weight) re-applied after every step, keyed by weight name,
    /// so pattern-pruned or connectivity-pruned weights stay zero while the rest fine-tune.
    /// </summary>
    public IReadOnlyDictionary<string, float[]>? WeightMasks { get; init; }

    /// <summary>
    /// Knowledge distillation (Hinton et al.): when set, the loss is
    /// (1 − weight)·cross-entropy + weight·T²·KL(softmax(teacher/T) ‖ softmax(student/T)), the teacher
    /// evaluated without gradients. Compression uses the uncompressed model as the teacher.
    /// </summary>
    public Distillation? Distill { get; init; }

    /// <summary>
    /// Largest global L2 norm of the gradients of one step; a larger gradient is scaled down to it.
    /// Null: no clipping (non-finite steps are still skipped).
    /// </summary>
    public double? GradientClipNorm { get; init; }

    /// <summary>CPU threads; results are repeatable for a fixed count.</summary>
    public int Threads { get; init; } = TorchRuntime.DefaultThreads;

    /// <summary>HotNAS's fine-tuning budget: 100 batches of 32 with SGD at learning rate 0.1.</summary>
    public static TrainingOptions HotNasFineTune(long seed) => new()
    {
        MaxBatches = 100, BatchSize = 32, LearningRate = 0.1, Momentum = 0, WeightDecay = 0, CosineSchedule = false, Seed = seed,
    };

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        if (Epochs < 1 && MaxBatches is null) throw new InvalidInputException($"epochs must be at least 1, got {Epochs}");
        if (MaxBatches is < 1) throw new InvalidInputException($"the batch budget must be at least 1, got {MaxBatches}");
        if (BatchSize < 1) throw new InvalidInputException($"batch size must be at least 1, got {BatchSize}");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate)) throw new InvalidInputException($"learning rate must be positive and finite, got {LearningRate}");
        if (GradientClipNorm is { } clip && (!(clip > 0) || !double.IsFinite(clip))) throw new InvalidInputException($"gradient clipping norm must be positive and finite, got {clip}");
        if (Momentum is < 0 or >= 1) throw new InvalidInputException($"momentum must be in [0, 1), got {Momentum}");
        if (WeightDecay < 0) throw new InvalidInputException($"weight decay must not be negative, got {WeightDecay}");
        if (Threads < 1) throw new InvalidInputException($"threads must be at least 1, got {Threads}");
        if (Distill is { Weight: < 0 or > 1 } d) throw new InvalidInputException($"distillation weight must be in [0, 1], got {d.Weight}");
        if (Distill is { Temperature: <= 0 } t) throw new InvalidInputException($"distillation temperature must be positive, got {t.Temperature}");
    }
}

/// <summary>A teacher network for knowledge distillation and how much its soft targets count.</summary>
/// <param name="Teacher">The teacher's graph (its logits must have the student's shape).</param>
/// <param name="Weights">The teacher's weights.</param>
/// <param name="Weight">Share of the distillation term in the loss, 0..1.</param>
/// <param name="Temperature">Softmax temperature T of both sides.</param>
public sealed record Distillation(Graph.Model.Network Teacher, Graph.Model.NetworkWeights Weights, double Weight = 0.7, double Temperature = 4);
