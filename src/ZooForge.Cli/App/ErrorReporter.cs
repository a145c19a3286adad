using ZooForge.Data.Datasets;
using ZooForge.Graph.Model;
using ZooForge.Hardware.Accelerator;
using ZooForge.Hardware.Devices;
using ZooForge.Hardware.Exploration;
using ZooForge.Hardware.Workloads;
using ZooForge.Import;

namespace ZooForge.Cli.App;

/// <summary>
/// Turns the exceptions that mean "bad input" into one line on standard error and exit code 1.
/// File-system failures (an unwritable output path, a full disk) count as bad input too: the
/// user fixes them, not the code. Anything else is a bug and keeps its stack trace (exit code 70, EX_SOFTWARE).
/// </summary>
public static class ErrorReporter
{
    /// <summary>Exit code for bad input or an infeasible request.</summary>
    public const int BadInput = 1;

    /// <summary>Exit code for an internal error.</summary>
    public const int InternalError = 70;

    /// <summary>Runs <paramref name="action"/>, reporting failures.</summary>
    public static int Guard(TextWriter error, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (IsUserError(e))
        {
            // ArgumentException appends " (Parameter 'x')", which names code, not the user's input.
            string message = e is ArgumentException { ParamName: { } p } ? e.Message.Replace($" (Parameter '{p}')", "") : e.Message;
            error.WriteLine($"zooforge: error: {OneLine(message)}");
            return BadInput;
        }
        catch (Exception e)
        {
            error.WriteLine($"zooforge: internal error: {e}");
            return InternalError;
        }
    }

    private static bool IsUserError(Exception e) => e is GraphException or DeviceException or DesignFormatException or DatasetException
        or ZooForge.Compression.Quantization.QuantizationException
        or WorkloadException or DseException or UserInputException or ArgumentException or IOException
        or UnauthorizedAccessException or ImportException or ZooForge.Emit.EmitException
        or ZooForge.Search.Config.SearchConfigException or ZooForge.Search.Engine.SearchInfeasibleException
        or ZooForge.Asic.Mapping.MappingException or ZooForge.Asic.Description.AcceleratorFormatException
        or ZooForge.Search.Store.TrialStoreException;

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
