using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using ZooForge.Cli.App;
using ZooForge.Flow;
using ZooForge.Data.Mnist;
using ZooForge.Cli.Rendering;
using ZooForge.Flow.Bench;

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
        var suite = new Option<string>("--suite")
        {
            Description = "hardware (latency models and DSE, one thread), torch (zoo training and fine-tuning, needs the MNIST data), emit (HLS emit, g++ build and csim of the default designs on 200 digits, needs the MNIST data and g++) or all. Default: hardware",
            DefaultValueFactory = _ => "hardware",
        };
        var batches = new Option<int>("--batches")
        {
            Description = "Batches per training-throughput figure (torch suite). Default: 60",
            DefaultValueFactory = _ => 60,
        };
        var command = new Command("bench", "Measure model evaluation speed, DSE wall time, ASIC cost-model speed, and training throughput")
        {
            suite, seconds, repeats, batches, json,
        };
        command.SetAction(parse => ErrorReporter.Guard(output().Error, () =>
        {
            if (parse.GetValue(seconds) <= 0 || parse.GetValue(repeats) <= 0 || parse.GetValue(batches) <= 0)
                throw new UserInputException("--seconds, --repeats and --batches must be positive");
            string which = parse.GetValue(suite)!;
            if (which is not ("hardware" or "torch" or "emit" or "asic" or "all"))
                throw new UserInputException($"--suite: expected hardware, torch, emit, asic or all, got '{which}'");
            var o = output();
            void Progress(string step) => o.Error.WriteLine($"bench: {step} ...");
            var figures = new List<BenchFigure>();
            if (which is "hardware" or "all")
                figures.AddRange(HardwareBenchmark.Run(parse.GetValue(seconds), parse.GetValue(repeats), Progress));
            if (which is "asic" or "all")
                figures.AddRange(AsicBenchmark.Run(parse.GetValue(seconds), Progress));
            if (which is "torch" or "all")
                figures.AddRange(TorchBenchmark.Run(parse.GetValue(batches), Progress));
            if (which is "emit" or "all")
                figures.AddRange(EmitBenchmark.Run(Progress));
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
