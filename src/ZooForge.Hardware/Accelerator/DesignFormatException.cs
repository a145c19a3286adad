using ZooForge.Core.Errors;
namespace ZooForge.Hardware.Accelerator;

/// <summary>A design string or design file could not be understood; the message names the field.</summary>
public sealed class DesignFormatException(string message) : ZooForgeException(message);
