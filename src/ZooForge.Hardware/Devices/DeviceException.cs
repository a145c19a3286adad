using ZooForge.Core.Errors;
namespace ZooForge.Hardware.Devices;

/// <summary>
/// A device description could not be loaded or found: a YAML file is malformed, a field is
/// missing, unknown, duplicated or out of range, a path does not exist, or a device name is unknown.
/// </summary>
/// <remarks>
/// <see cref="Exception.Message"/> is always a single line, ready to show to a user. For file
/// errors it has the compiler-like form <c>SOURCE[:LINE:COLUMN]: [field 'KEY': ]TEXT</c>, e.g.
/// <c>devices/my.yaml:4:6: field 'dsp': expected an integer, got 'lots'</c>. The parts are also
/// available separately through <see cref="SourceName"/>, <see cref="Line"/>, <see cref="Column"/>
/// and <see cref="Field"/>.
/// </remarks>
public sealed class DeviceException : ZooForgeException
{
    /// <summary>Creates an exception with a ready-made one-line message and no location.</summary>
    /// <param name="message">The complete message.</param>
    public DeviceException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a ready-made one-line message and an inner exception.</summary>
    /// <param name="message">The complete message.</param>
    /// <param name="innerException">The underlying cause.</param>
    public DeviceException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    private DeviceException(
        string message, string? sourceName, int? line, int? column, string? field, Exception? innerException)
        : base(message, innerException)
    {
        SourceName = sourceName;
        Line = line;
        Column = column;
        Field = field;
    }

    /// <summary>The file (or other source) the error is in, when there is one.</summary>
    public string? SourceName { get; }

    /// <summary>1-based line of the error in <see cref="SourceName"/>, when known.</summary>
    public int? Line { get; }

    /// <summary>1-based column of the error in <see cref="SourceName"/>, when known.</summary>
    public int? Column { get; }

    /// <summary>The YAML key (snake_case, e.g. <c>axi_port_bits</c>) the error is about, when there is one.</summary>
    public string? Field { get; }

    /// <summary>
    /// Creates an exception located in a source file, formatting the message as
    /// <c>SOURCE[:LINE:COLUMN]: TEXT</c>. The caller writes any <c>field 'KEY': </c> prefix into
    /// <paramref name="text"/> itself; <paramref name="field"/> only fills <see cref="Field"/>.
    /// </summary>
    internal static DeviceException At(
        string sourceName, int? line, int? column, string? field, string text, Exception? innerException = null)
    {
        var location = line is { } l
            ? column is { } c ? $"{sourceName}:{l}:{c}" : $"{sourceName}:{l}"
            : sourceName;
        var message = OneLine($"{location}: {text}");
        return new DeviceException(message, sourceName, line, column, field, innerException);
    }

    private static string OneLine(string text) =>
        text.Contains('\n') || text.Contains('\r')
            ? string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries))
            : text;
}
