using YamlDotNet.Core;

namespace ZooForge.Core.Yaml;

/// <summary>
/// The one place every YAML loader of ZooForge goes through, so that a flow list or mapping left
/// open across lines is reported like any other syntax error (YamlDotNet's scanner throws a bare
/// <see cref="InvalidOperationException"/> there, without a position; see <see cref="UnclosedFlowCollection"/>).
/// </summary>
public static class YamlReading
{
    /// <summary>
    /// Runs <paramref name="read"/> (which parses <paramref name="text"/>); the scanner failure, bare
    /// or wrapped in a <see cref="YamlException"/>, becomes <paramref name="error"/>'s exception with
    /// the message <c>SOURCE:LINE:COLUMN: invalid YAML: ...</c>. Every other exception passes unchanged.
    /// </summary>
    public static T Read<T>(string text, string source, Func<T> read, Func<string, Exception, Exception> error)
    {
        try
        {
            return read();
        }
        catch (YamlException e) when (e.InnerException is { } inner && UnclosedFlowCollection.IsScannerFailure(inner))
        {
            throw error($"{source}:{UnclosedFlowCollection.Describe(text)}", e);
        }
        catch (InvalidOperationException e) when (UnclosedFlowCollection.IsScannerFailure(e))
        {
            throw error($"{source}:{UnclosedFlowCollection.Describe(text)}", e);
        }
    }
}
