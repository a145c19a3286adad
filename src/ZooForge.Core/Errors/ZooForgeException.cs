namespace ZooForge.Core.Errors;

/// <summary>
/// The base of every error that means "the user's input is wrong or cannot be served": a malformed
/// file, an unknown name, an impossible constraint, a missing tool. The CLI reports these as one
/// line and exit code 1; any other exception is a bug in ZooForge.
/// </summary>
public class ZooForgeException : Exception
{
    /// <summary>An error with <paramref name="message"/>, which names the file, field or layer at fault.</summary>
    public ZooForgeException(string message) : base(message) { }

    /// <summary>An error with <paramref name="message"/> caused by <paramref name="inner"/>.</summary>
    public ZooForgeException(string message, Exception? inner) : base(message, inner) { }
}
