using ZooForge.Core.Errors;
namespace ZooForge.Search.Engine;

/// <summary>The specification cannot be met by any candidate of the space; the message names the closest design found.</summary>
public sealed class SearchInfeasibleException(string message) : ZooForgeException(message);
