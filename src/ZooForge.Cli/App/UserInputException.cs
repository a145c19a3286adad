namespace ZooForge.Cli.App;

/// <summary>Bad input detected by the CLI itself (an option value that makes no sense).</summary>
public sealed class UserInputException(string message) : Exception(message);
