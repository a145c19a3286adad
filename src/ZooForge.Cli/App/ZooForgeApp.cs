using System.CommandLine;
using System.CommandLine.Invocation;
using ZooForge.Cli.Commands;

namespace ZooForge.Cli.App;

/// <summary>The <c>zooforge</c> command tree; <see cref="Run"/> is the whole program, testable in-process.</summary>
public static class ZooForgeApp
{
    /// <summary>Parses <paramref name="args"/>, runs the command and returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        CliOutput? cli = null;
        CliOutput Output() => cli ??= new CliOutput(output, error);
        var root = new RootCommand("ZooForge: co-design of neural networks, compression and FPGA accelerators")
        {
            ModelsCommand.Create(Output),
            DevicesCommand.Create(Output),
            EstimateCommand.Create(Output),
            DseCommand.Create(Output),
            BenchCommand.Create(Output),
            DataCommand.Create(Output),
            ZooCommand.Create(Output),
            CompressCommand.Create(Output),
            ImportCommand.Create(Output),
            EmitCommand.Create(Output),
            CheckCommand.Create(Output),
            SearchCommand.Create(Output),
            RunCommand.Create(Output),
            InitCommand.Create(Output),
            BenchSearchCommand.Create(Output),
            AsicCommand.Create(Output),
            StudyCommand.Create(Output),
            WorkerCommand.Create(Output),
        };
        var debug = new Option<bool>(ErrorReporter.DebugOption) { Description = "On an internal error (a bug), print its stack trace", Recursive = true };
        root.Options.Add(debug);
        var parse = root.Parse(args);
        ErrorReporter.Debug = parse.GetValue(debug);
        int code;
        if (parse.Action is ParseErrorAction)
        {
            // System.CommandLine's own handler prints help to standard output, which would end up in
            // a redirected --json file; report parse errors like every other bad input instead.
            string messages = string.Join("; ", parse.Errors.Select(e => ReadableTypes(e.Message.ReplaceLineEndings(" ").Trim().TrimEnd('.'))));
            string help = $"{CommandPath(parse.CommandResult)} --help";
            error.WriteLine($"zooforge: error: {messages} (see '{help}')");
            code = ErrorReporter.BadInput;
        }
        else
        {
            // Help and version text bypass the commands' guard: guard them too, so a full disk behind
            // standard output is one line here as well, not System.CommandLine's stack trace.
            var guarded = new FailureNamingWriter(output, "standard output");
            code = ErrorReporter.Guard(error, () =>
            {
                int result = parse.Invoke(new InvocationConfiguration { Output = guarded, Error = error, EnableDefaultExceptionHandler = false });
                guarded.Flush();
                return result;
            });
        }
        error.Flush();
        return code;
    }

    // "zooforge asic map" for a subcommand: the names from the root down.
    private static string CommandPath(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new List<string>();
        for (System.CommandLine.Parsing.SymbolResult? r = result; r is System.CommandLine.Parsing.CommandResult c; r = r.Parent)
            names.Add(c.Command is RootCommand ? "zooforge" : c.Command.Name);
        names.Reverse();
        return string.Join(' ', names);
    }

    // System.CommandLine names the .NET type a value failed to parse as ("System.Nullable`1[System.Double]").
    private static string ReadableTypes(string message) =>
        System.Text.RegularExpressions.Regex.Replace(message, @"as expected type '[^']*System\.(\w+)\]?'", m => m.Groups[1].Value switch
        {
            "Int32" or "Int64" => "as an integer",
            "Double" => "as a number",
            "Boolean" => "as true or false",
            _ => m.Value,
        });
}
