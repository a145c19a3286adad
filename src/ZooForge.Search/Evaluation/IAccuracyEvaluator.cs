using ZooForge.Compression.Quantization;
using ZooForge.Search.Space;

namespace ZooForge.Search.Evaluation;

/// <summary>Accuracy of a candidate's compressed integer network, and the network itself.</summary>
/// <param name="Correct">Validation digits classified correctly by the integer reference.</param>
/// <param name="Total">Validation digits scored.</param>
/// <param name="Network">The compressed integer network (what the hardware runs).</param>
/// <param name="Elapsed">Wall time of compression, fine-tuning and scoring.</param>
public sealed record AccuracyOutcome(int Correct, int Total, QuantizedNetwork Network, TimeSpan Elapsed)
{
    /// <summary>Correct / Total.</summary>
    public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;
}

/// <summary>
/// Slow exploration: hot-start a candidate from its zoo checkpoint, compress it as its genes say,
/// fine-tune for the configured budget and score it. Implemented with TorchSharp in
/// <c>ZooForge.Torch.Search</c>; tests substitute a cheap deterministic one.
/// </summary>
public interface IAccuracyEvaluator
{
    /// <summary>Evaluates <paramref name="candidate"/>; the same candidate and seed give the same outcome.</summary>
    AccuracyOutcome Evaluate(Candidate candidate, long seed);

    /// <summary>
    /// Accuracy of a zoo model as trained, without compression (the sequential baseline). The
    /// float network is scored: a 16-bit integer network would overflow the integer reference's
    /// 32-bit accumulators, and the hardware baseline is the uncompressed model.
    /// </summary>
    (int Correct, int Total) UncompressedAccuracy(string model);
}
