using ZooForge.Core.Errors;
namespace ZooForge.Asic.Description;

/// <summary>A hardware or space YAML file is malformed: one line naming the file, the line and column where known, and the field.</summary>
public sealed class AcceleratorFormatException : ZooForgeException
{
    /// <summary>Creates the exception with a finished message.</summary>
    public AcceleratorFormatException(string message, Exception? inner = null) : base(message, inner) { }

    /// <summary>The field (dotted path) at fault, if any.</summary>
    public string? Field { get; init; }
}
