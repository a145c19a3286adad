using ZooForge.Hardware.Devices;
using ZooForge.Hardware.Exploration;
using ZooForge.Hardware.Performance;
using ZooForge.Search.Expressions;
using ZooForge.Search.Space;

namespace ZooForge.Search.Config;

/// <summary>HotNAS's reward bounds: accuracy between <see cref="AccuracyLow"/> and <see cref="AccuracyHigh"/>, latency between <see cref="LatencyLowMs"/> and <see cref="LatencyHighMs"/>.</summary>
/// <param name="Alpha">Weight of the accuracy term (HotNAS: 0.7).</param>
/// <param name="AccuracyLow">A_lo: accuracy at or below which the accuracy term is −1.</param>
/// <param name="AccuracyHigh">A_hi: accuracy at or above which it is 1.</param>
/// <param name="LatencyLowMs">L_lo: latency at or below which the latency term is 1.</param>
/// <param name="LatencyHighMs">L_hi: latency above which the term is L_hi − latency.</param>
public sealed record RewardSettings(double Alpha, double AccuracyLow, double AccuracyHigh, double LatencyLowMs, double LatencyHighMs);

/// <summary>How slow exploration measures accuracy.</summary>
/// <param name="FineTuneBatches">Hot-start fine-tuning batches per candidate (0: none).</param>
/// <param name="ValidationImages">Validation digits scored by the integer reference (the first ones of the validation split).</param>
/// <param name="CalibrationImages">Training digits used to calibrate activation ranges.</param>
/// <param name="LearningRate">
/// SGD learning rate of the masked float phase (momentum 0.9, cosine); quantization-aware training
/// runs at half of it without momentum.
/// </param>
/// <param name="GradientClip">Largest global L2 norm of a step's gradients (larger ones are scaled down); null: no clipping.</param>
public sealed record EvaluationSettings(int FineTuneBatches, int ValidationImages, int CalibrationImages,
    double LearningRate = EvaluationSettings.DefaultLearningRate, double? GradientClip = EvaluationSettings.DefaultGradientClip)
{
    /// <summary>The float phase's learning rate unless the configuration sets <c>evaluation.learning_rate</c>.</summary>
    public const double DefaultLearningRate = 0.01;

    /// <summary>The clipping norm unless the configuration sets <c>evaluation.gradient_clip</c>.</summary>
    public const double DefaultGradientClip = 100;
}

/// <summary>A parsed and validated search configuration (<c>zooforge-search/1</c>).</summary>
public sealed record SearchConfig
{
    /// <summary>Run name (C identifier), also the chosen design's name prefix.</summary>
    public required string Name { get; init; }
    /// <summary>The device, resolved in the catalogue.</summary>
    public required Device Device { get; init; }
    /// <summary>Clock in MHz.</summary>
    public required double ClockMhz { get; init; }
    /// <summary>The latency model.</summary>
    public required LatencyModel PerfModel { get; init; }
    /// <summary>Largest share of the device's LUTs and FFs a design may use, in (0, 1] (default 1).</summary>
    public double MaxLogicUtilisation { get; init; } = 1.0;
    /// <summary>The hardware design space (built-in, or read from the YAML file the configuration names).</summary>
    public required DesignSpace HardwareSpace { get; init; }
    /// <summary>The genes, model gene first.</summary>
    public required SearchSpace Space { get; init; }
    /// <summary>Maximised objective.</summary>
    public required CompiledExpression Objective { get; init; }
    /// <summary>Constraints every reported design meets.</summary>
    public required IReadOnlyList<CompiledExpression> Constraints { get; init; }
    /// <summary>Reward of the learning strategies.</summary>
    public required RewardSettings Reward { get; init; }
    /// <summary>Slow exploration settings.</summary>
    public required EvaluationSettings Evaluation { get; init; }
    /// <summary>Trials when the command line gives no budget.</summary>
    public required int Budget { get; init; }
    /// <summary>The trial store's location: a <c>postgresql://</c> URL (field <c>storage</c>), or null for SQLite in the run folder.</summary>
    public string? Storage { get; init; }
    /// <summary>The YAML text it was read from (stored with the trials so a resumed run uses the same config).</summary>
    public required string Text { get; init; }
}
