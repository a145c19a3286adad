using ZooForge.Core.Errors;
namespace ZooForge.Import;

/// <summary>
/// A model file cannot be imported: it is missing, corrupt, or uses something the graph IR
/// cannot represent exactly. The message always names the file and, where there is one, the
/// offending node or tensor.
/// </summary>
public sealed class ImportException : ZooForgeException
{
    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    public ImportException(string message) : base(message) { }

    /// <summary>Creates an exception with <paramref name="message"/> caused by <paramref name="inner"/>.</summary>
    public ImportException(string message, Exception inner) : base(message, inner) { }
}
