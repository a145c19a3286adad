using System.Runtime.InteropServices;
using ZooForge.Compression.Quantization;
using ZooForge.Graph.Model;
using ZooForge.Search.Store;

namespace ZooForge.Search.Engine;

/// <summary>
/// Which errors raised while a trial is evaluated belong to that trial (Optuna's <c>catch</c>):
/// they are stored as a <see cref="TrialStatus.Failed"/> trial and the search goes on. Anything
/// else (a bad configuration, missing data, a programming bug) is not the candidate's fault and
/// still stops the search at once.
/// </summary>
public static class TrialFailures
{
    /// <summary>Kind of a NaN or infinity in weights, statistics or the fine-tuning loss.</summary>
    public const string NonFinite = "non-finite value";
    /// <summary>Kind of a network that cannot be represented in integers (a multiplier or bias out of range).</summary>
    public const string Quantization = "quantization";
    /// <summary>Kind of an error raised by native code (libtorch).</summary>
    public const string Native = "native error";
    /// <summary>Kind of memory exhaustion.</summary>
    public const string OutOfMemory = "out of memory";
    /// <summary>Kind of a trial whose worker stopped sending heartbeats (a distributed store failed it after its grace period).</summary>
    public const string Stale = "stale";

    /// <summary>The failure kind of <paramref name="error"/> when it belongs to the trial, null when it must stop the search.</summary>
    public static string? Classify(Exception error) => error switch
    {
        TrialFailedException t => t.Kind,
        NonFiniteValueException => NonFinite,
        QuantizationException => Quantization,
        // TorchSharp reports libtorch errors as ExternalException; the search side needs no TorchSharp to name them.
        // Database errors share that base class but are the store's, never the candidate's.
        ExternalException and not System.Data.Common.DbException => Native,
        OutOfMemoryException or InsufficientExecutionStackException => OutOfMemory,
        AggregateException { InnerExceptions.Count: > 0 } a => Classify(a.InnerExceptions[0]),
        _ => null,
    };

    /// <summary>
    /// The error line for a search in which every trial failed, naming the commonest kind and one
    /// example message; null when at least one trial completed.
    /// </summary>
    public static string? EveryTrialFailed(IReadOnlyList<TrialRecord> trials)
    {
        if (trials.Count == 0 || trials.Any(t => t.Status != TrialStatus.Failed)) return null;
        var commonest = trials.GroupBy(t => t.FailureKind ?? "unknown", StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First();
        var example = commonest.First();
        return $"every trial failed ({trials.Count} of {trials.Count}); commonest reason: {commonest.Key} ({commonest.Count()} trials), e.g. trial {example.Index}: {example.Note}";
    }
}
