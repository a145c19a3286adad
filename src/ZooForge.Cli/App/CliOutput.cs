using ZooForge.Core.Json;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;

namespace ZooForge.Cli.App;

/// <summary>
/// Where a command writes: a Spectre console for tables and progress (plain text when the
/// writer is not a terminal), and JSON for machines.
/// </summary>
public sealed class CliOutput
{

    /// <summary>Wraps <paramref name="writer"/>; a terminal gets colour and its own width.</summary>
    public CliOutput(TextWriter writer, TextWriter error)
    {
        Writer = new FailureNamingWriter(writer, "standard output");
        Error = error;
        bool terminal = ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected;
        Console_ = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = terminal ? InteractionSupport.Detect : InteractionSupport.No,
            Out = new AnsiConsoleOutput(Writer),
        });
        // Redirected output is read by people in logs and by diff tools: never wrap tables.
        if (!terminal) Console_.Profile.Width = 240;
    }

    /// <summary>Standard output.</summary>
    public TextWriter Writer { get; }

    /// <summary>Standard error.</summary>
    public TextWriter Error { get; }

    /// <summary>The Spectre console for tables and progress.</summary>
    public IAnsiConsole Console_ { get; }

    /// <summary>Writes <paramref name="value"/> as indented JSON with snake_case names.</summary>
    public void WriteJson<T>(T value)
    {
        Writer.WriteLine(JsonSerializer.Serialize(value, ZooForgeJson.Indented));
        Writer.Flush();
    }
}
