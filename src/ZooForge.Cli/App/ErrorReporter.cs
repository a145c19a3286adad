using ZooForge.Core.Errors;

namespace ZooForge.Cli.App;

/// <summary>
/// Turns the exceptions that mean "bad input" (every <see cref="ZooForgeException"/>) into one line
/// on standard error and exit code 1. File-system failures (an unwritable output path, a full
/// disk) count as bad input too: the user fixes them, not the code. Anything else is a bug: one
/// line naming it and exit code 70 (EX_SOFTWARE), with the stack trace under <c>--debug</c>.
/// </summary>
public static class ErrorReporter
{
    /// <summary>Exit code for bad input or an infeasible request.</summary>
    public const int BadInput = 1;

    /// <summary>Exit code for an internal error.</summary>
    public const int InternalError = 70;

    /// <summary>The global option that prints a bug's stack trace.</summary>
    public const string DebugOption = "--debug";

    // Per invocation, not per process: tests run several in-process commands side by side.
    private static readonly AsyncLocal<bool> ShowStackTraces = new();

    /// <summary>Whether an internal error prints its stack trace (set from <see cref="DebugOption"/> for one invocation).</summary>
    public static bool Debug
    {
        get => ShowStackTraces.Value;
        set => ShowStackTraces.Value = value;
    }

    /// <summary>Runs <paramref name="action"/>, reporting failures.</summary>
    public static int Guard(TextWriter error, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (IsUserError(e))
        {
            error.WriteLine($"zooforge: error: {OneLine(e.Message)}");
            return BadInput;
        }
        catch (Exception e)
        {
            error.WriteLine(Debug
                ? $"zooforge: internal error: {e}"
                : $"zooforge: internal error: {e.GetType().Name}: {OneLine(e.Message)} (a bug in ZooForge; rerun with {DebugOption} for the stack trace)");
            return InternalError;
        }
    }

    private static bool IsUserError(Exception e) => e is ZooForgeException or IOException or UnauthorizedAccessException;

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
