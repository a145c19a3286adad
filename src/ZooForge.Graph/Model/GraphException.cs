namespace ZooForge.Graph.Model;

/// <summary>
/// A network is malformed: an unknown input, a duplicated name, or shapes that do not agree.
/// The message always names the offending layer.
/// </summary>
public sealed class GraphException(string message) : Exception(message);
