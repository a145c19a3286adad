using ZooForge.Core.Errors;
namespace ZooForge.Search.Store;

/// <summary>
/// A trial store that cannot be opened or used as asked: a malformed location, an unreachable
/// server, a schema newer than this build knows. The message names the field the location came
/// from (e.g. <c>--storage</c>) and says what to do.
/// </summary>
public sealed class TrialStoreException : ZooForgeException
{
    /// <summary>Creates the error with its message.</summary>
    public TrialStoreException(string message) : base(message) { }

    /// <summary>Creates the error with its message and cause.</summary>
    public TrialStoreException(string message, Exception inner) : base(message, inner) { }
}
