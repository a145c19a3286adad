using ZooForge.Core.Errors;
namespace ZooForge.Graph.Model;

/// <summary>
/// A network is malformed: an unknown input, a duplicated name, or shapes that do not agree.
/// The message always names the offending layer.
/// </summary>
public class GraphException : ZooForgeException
{
    /// <summary>Creates the exception with a message naming the layer or tensor.</summary>
    public GraphException(string message) : base(message) { }
}
