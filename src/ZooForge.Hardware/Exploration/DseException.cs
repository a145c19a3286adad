using ZooForge.Core.Errors;
namespace ZooForge.Hardware.Exploration;

/// <summary>The exploration cannot start: an empty or malformed space, or a network with nothing to map.</summary>
public sealed class DseException(string message) : ZooForgeException(message);
