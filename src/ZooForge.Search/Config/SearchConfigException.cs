using ZooForge.Core.Errors;
namespace ZooForge.Search.Config;

/// <summary>A search configuration is invalid; the message names the file, line and field.</summary>
public sealed class SearchConfigException(string message) : ZooForgeException(message);
