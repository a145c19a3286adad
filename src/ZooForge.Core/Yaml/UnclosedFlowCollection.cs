using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace ZooForge.Core.Yaml;

/// <summary>
/// YamlDotNet's scanner throws a bare <see cref="InvalidOperationException"/> (no position, no
/// <see cref="YamlException"/>) when a flow list or mapping ('[' or '{') is left open and the text
/// goes on to another line. This finds the collection that was left open, so the configuration
/// loaders report it like any other syntax error, with its line and column.
/// </summary>
internal static class UnclosedFlowCollection
{
    /// <summary>True when <paramref name="e"/> is that scanner failure (thrown by YamlDotNet's parser, not by anything else).</summary>
    public static bool IsScannerFailure(Exception e) =>
        e is InvalidOperationException && e.TargetSite?.DeclaringType?.Namespace == "YamlDotNet.Core";

    /// <summary>
    /// <c>LINE:COLUMN: invalid YAML: ...</c> for <paramref name="text"/>, whose loading threw
    /// the scanner's <see cref="InvalidOperationException"/>; the position is that of the innermost open '[' or '{'.
    /// </summary>
    public static string Describe(string text)
    {
        var parser = new Parser(new StringReader(text));
        var open = new Stack<ParsingEvent>();
        try
        {
            while (parser.MoveNext())
            {
                if (parser.Current is SequenceStart or MappingStart) open.Push(parser.Current);
                else if (parser.Current is SequenceEnd or MappingEnd && open.Count > 0) open.Pop();
            }
        }
        catch (Exception e) when (e is InvalidOperationException or YamlException)
        {
            // Expected: the same failure as the loader's; what was parsed up to it is what counts.
        }
        var flow = open.FirstOrDefault(e => e is SequenceStart { Style: YamlDotNet.Core.Events.SequenceStyle.Flow } or MappingStart { Style: YamlDotNet.Core.Events.MappingStyle.Flow });
        var at = (flow ?? parser.Current)?.Start ?? Mark.Empty;
        return $"{at.Line}:{at.Column}: invalid YAML: the '[' list or '{{' mapping opened here is not closed";
    }
}
