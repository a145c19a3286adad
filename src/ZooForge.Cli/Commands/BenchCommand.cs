using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using ZooForge.Cli.App;
using ZooForge.Cli.Rendering;
using ZooForge.Cli.Benchmarks;

namespace ZooForge.Cli.Commands;

/// <summary><c>zooforge bench</c>: performance figures of the hardware models and the DSE.</summary>
internal static class BenchCommand
{
    public static Command Create(Func<CliOutput> output)
    {
        var json = CommonOptions.Json();
        var seconds = new Option<double>("--seconds")
        {
            Description = "Measuring time per throughput figure. Default: 2",
            DefaultValueFactory = _ => 2.0,
        };
        var repeats = new Option<int>("--repeats")
        {
            Description = "Timed DSE runs per figure (the median is reported). Default: 15",
            DefaultValueFactory = _ => 15,
        };
        var command = new Command("bench", "Measure layer evaluations per second and DSE wall time (one thread)") { seconds, repeats, json };
        command.SetAction(parse => ErrorReporter.Guard(output().Error, () =>
        {
            if (parse.GetValue(seconds) <= 0 || parse.GetValue(repeats) <= 0)
                throw new UserInputException("--seconds and --repeats must be positive");
            var o = output();
            var figures = new List<BenchFigure>();
            foreach (var figure in HardwareBenchmark.Run(parse.GetValue(seconds), parse.GetValue(repeats),
                         step => o.Error.WriteLine($"bench: {step} ...")))
                figures.Add(figure);
            if (parse.GetValue(json))
            {
                o.WriteJson(figures);
                return 0;
            }
            var table = new Table().AddColumns("figure", "value", "unit", "how");
            foreach (var f in figures)
                table.AddPlainRow(f.Name, f.Value.ToString(f.Unit == "ms" ? "0.00" : "N0", CultureInfo.InvariantCulture), f.Unit, f.Detail);
            table.Columns[1].RightAligned();
            o.Console_.Write(table);
            return 0;
        }));
        return command;
    }
}
