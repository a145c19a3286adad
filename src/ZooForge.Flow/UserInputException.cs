using ZooForge.Core.Errors;

namespace ZooForge.Flow;

/// <summary>A command-line option or its combination with others is wrong; the message names the option.</summary>
public sealed class UserInputException(string message) : ZooForgeException(message);
