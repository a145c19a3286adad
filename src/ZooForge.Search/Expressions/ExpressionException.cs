using ZooForge.Core.Errors;
namespace ZooForge.Search.Expressions;

/// <summary>An objective or constraint expression is not in the allowed subset; the message names the token and its column.</summary>
/// <param name="message">The full message.</param>
/// <param name="column">1-based column of the offending token within the expression.</param>
public sealed class ExpressionException(string message, int column) : ZooForgeException(message)
{
    /// <summary>1-based column of the offending token within the expression text.</summary>
    public int Column { get; } = column;
}
