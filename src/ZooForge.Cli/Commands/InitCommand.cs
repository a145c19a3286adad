using System.CommandLine;
using ZooForge.Cli.App;
using ZooForge.Flow;
using ZooForge.Data.Mnist;
using ZooForge.Graph.Serialization;
using ZooForge.Search.Config;
using ZooForge.Search.HwSw;
using ZooForge.Search.Nahas;
using ZooForge.Search.Nasaic;

namespace ZooForge.Cli.Commands;

/// <summary>
/// <c>zooforge init</c>: writes the built-in default search configuration, every field commented,
/// as a starting point for <c>zooforge run --config</c> and <c>zooforge search --config</c>.
/// </summary>
internal static class InitCommand
{
    public static Command Create(Func<CliOutput> output)
    {
        var file = new Option<string>("--out", "-o") { Description = "File to write. Default: zooforge.yaml", DefaultValueFactory = _ => "zooforge.yaml" };
        var force = new Option<bool>("--force") { Description = "Overwrite the file if it exists" };
        var problem = new Option<string>("--problem")
        {
            Description = $"Which built-in configuration: cosearch (the FPGA co-search), {NestedHwSwProblem.ProblemName}, {NahasProblem.ProblemName} or {NasaicConfigFile.ProblemName} (networks for MNIST and Fashion-MNIST with one heterogeneous ASIC). Default: cosearch",
            DefaultValueFactory = _ => "cosearch",
        };
        var command = new Command("init", "Write a commented example search configuration (the built-in default) to edit") { file, force, problem };
        command.SetAction(parse => ErrorReporter.Guard(output().Error, () =>
        {
            string text = parse.GetValue(problem) switch
            {
                "cosearch" => SearchConfigFile.DefaultText,
                NestedHwSwProblem.ProblemName => HwSwConfigFile.DefaultText,
                NahasProblem.ProblemName => NahasConfigFile.DefaultText,
                NasaicConfigFile.ProblemName => NasaicConfigFile.DefaultText,
                var other => throw new UserInputException($"--problem: unknown problem '{other}' (known: cosearch, {NestedHwSwProblem.ProblemName}, {NahasProblem.ProblemName}, {NasaicConfigFile.ProblemName})"),
            };
            string path = parse.GetValue(file)!;
            if (Directory.Exists(path)) throw new UserInputException($"--out '{path}' is a folder; give a file name");
            if (File.Exists(path) && !parse.GetValue(force))
                throw new UserInputException($"'{path}' already exists; pass --force to overwrite it");
            AtomicFile.WriteAllText(path, text);
            output().Writer.WriteLine($"wrote {path}; edit it, then: zooforge run --config {path}");
            return 0;
        }));
        return command;
    }
}
