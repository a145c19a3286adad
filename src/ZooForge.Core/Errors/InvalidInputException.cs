namespace ZooForge.Core.Errors;

/// <summary>
/// A value the user chose is out of range or names nothing: an option (a learning rate, a pattern
/// count), a layer or model name, the shape of supplied data. Library code that checks values
/// which can only come from ZooForge itself throws <see cref="ArgumentException"/> instead, which
/// the CLI reports as a bug.
/// </summary>
public sealed class InvalidInputException : ZooForgeException
{
    /// <summary>An invalid value; <paramref name="message"/> names it.</summary>
    public InvalidInputException(string message) : base(message) { }

    /// <summary>An invalid value passed as <paramref name="parameter"/>.</summary>
    public InvalidInputException(string message, string? parameter, Exception? inner = null) : base(message, inner) => Parameter = parameter;

    /// <summary>The API parameter that carried the value, when one did.</summary>
    public string? Parameter { get; }
}
