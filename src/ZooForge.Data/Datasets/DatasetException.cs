using ZooForge.Core.Errors;
namespace ZooForge.Data.Datasets;

/// <summary>
/// A dataset could not be found, fetched, read or built: a file is missing, truncated or
/// malformed, a value is out of range, a folder is empty, or the local data cache lacks the data.
/// </summary>
/// <remarks>
/// <see cref="Exception.Message"/> is a single line ready to show to a user. Errors about one file
/// have the form <c>FILE: TEXT</c>, with the file available separately as <see cref="SourceName"/>.
/// When data are missing from the cache the message ends with <see cref="FetchHint"/>.
/// </remarks>
public sealed class DatasetException : ZooForgeException
{
    /// <summary>
    /// The instruction appended to every "data missing" message:
    /// <c>run 'zooforge data fetch' (or 'dotnet cake --target=FetchData')</c>.
    /// </summary>
    public const string FetchHint = "run 'zooforge data fetch' (or 'dotnet cake --target=FetchData')";

    /// <summary>Creates an exception with a message not tied to one file.</summary>
    /// <param name="message">The single-line message.</param>
    public DatasetException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message not tied to one file, wrapping a cause.</summary>
    /// <param name="message">The single-line message.</param>
    /// <param name="innerException">The underlying error.</param>
    public DatasetException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception about one file or folder; the message becomes <c>SOURCE: TEXT</c>.</summary>
    /// <param name="sourceName">The file or folder the error is about, as the user gave or will recognise it.</param>
    /// <param name="message">What is wrong with it.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public DatasetException(string sourceName, string message, Exception? innerException = null)
        : base($"{sourceName}: {message}", innerException)
    {
        SourceName = sourceName;
    }

    /// <summary>The file or folder the error is about; <see langword="null"/> when the error is not tied to one.</summary>
    public string? SourceName { get; }
}
