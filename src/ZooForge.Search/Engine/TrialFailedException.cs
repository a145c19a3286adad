using ZooForge.Core.Errors;
namespace ZooForge.Search.Engine;

/// <summary>
/// An evaluator's way to say that one candidate failed, with a kind the reports group by. The
/// search records the trial as failed and continues.
/// </summary>
public sealed class TrialFailedException : ZooForgeException
{
    /// <summary>Creates the exception.</summary>
    public TrialFailedException(string kind, string message, Exception? inner = null) : base(message, inner) => Kind = kind;

    /// <summary>Short name of the failure, e.g. <see cref="TrialFailures.NonFinite"/>.</summary>
    public string Kind { get; }
}
