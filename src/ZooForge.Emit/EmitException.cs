using ZooForge.Core.Errors;
namespace ZooForge.Emit;

/// <summary>
/// The design, its network or a template cannot be emitted. The message names the file, field,
/// layer or template line at fault and is meant to be shown to the user as is.
/// </summary>
public sealed class EmitException(string message, Exception? inner = null) : ZooForgeException(message, inner);
