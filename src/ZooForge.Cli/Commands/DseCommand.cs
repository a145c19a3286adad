using System.CommandLine;
using Spectre.Console;
using ZooForge.Cli.App;
using ZooForge.Flow;
using ZooForge.Data.Mnist;
using ZooForge.Cli.Rendering;
using ZooForge.Hardware.Exploration;
using ZooForge.Hardware.Performance;
using ZooForge.Hardware.Workloads;

namespace ZooForge.Cli.Commands;

/// <summary><c>zooforge dse</c>: exhaustive hardware design-space exploration for one network.</summary>
internal static class DseCommand
{
    public static Command Create(Func<CliOutput> output)
    {
        var target = new TargetOptions();
        var space = new Option<string?>("--space")
        {
            Description = "Design space: 'zooforge' or 'hotnas' (built in) or a YAML file. Default: the model's own, hotnas for --perf-model hotnas, else zooforge",
        };
        var exhaustive = new Option<bool>("--exhaustive")
        {
            Description = "Evaluate every point without pruning (same result, slower; for checking)",
        };
        var maxLogic = new Option<double>("--max-logic-utilisation")
        {
            Description = "Largest share of the device's LUTs and FFs a design may use, in (0, 1]. Default: 1",
            DefaultValueFactory = _ => 1.0,
        };
        var top = new Option<int>("--top")
        {
            Description = "Pareto-front rows to show. Default: 10",
            DefaultValueFactory = _ => 10,
        };
        var compression = new CompressionOptions();
        var command = new Command("dse", "Find the fastest design that fits, and the Pareto front over latency, DSP and BRAM")
        {
            space, exhaustive, maxLogic, top,
        };
        target.AddTo(command);
        compression.AddTo(command);
        command.SetAction(parse => ErrorReporter.Guard(output().Error, () =>
        {
            var (network, device, latencyModel) = target.Resolve(parse);
            // HotNAS's formulas are compared with HotNAS's own space; the refined model gets the space of the engine it describes.
            var designSpace = ResolveSpace(parse.GetValue(space) ?? (latencyModel.Name == LatencyModels.HotNas.Name ? DesignSpaces.HotNas.Name : DesignSpaces.ZooForge.Name));
            if (parse.GetValue(top) < 0) throw new UserInputException("--top must not be negative");
            double logicShare = parse.GetValue(maxLogic);
            if (logicShare is not (> 0 and <= 1)) throw new UserInputException($"--max-logic-utilisation must be in (0, 1], got {logicShare}");
            var workloads = WorkloadExtractor.Extract(network, compression.Build(parse, network));
            var result = DesignSpaceExplorer.Explore(workloads, device, designSpace, latencyModel,
                new DseOptions { Exhaustive = parse.GetValue(exhaustive), ClockMhz = parse.GetValue(target.Clock), MaxLogicUtilisation = logicShare });

            var o = output();
            if (parse.GetValue(target.Json))
            {
                o.WriteJson(DseJson.From(network.Name, device, latencyModel.Name, designSpace.Name, result));
                if (result.Best is not null) return 0;
                o.Error.WriteLine($"zooforge: error: {result.InfeasibleReason}");
                return ErrorReporter.BadInput;
            }
            var console = o.Console_;
            console.MarkupLineInterpolated($"[bold]{network.Name}[/] on [bold]{device.Board}[/], space [bold]{designSpace.Name}[/], model [bold]{latencyModel.Name}[/]");
            console.Write(StatisticsTable(result));
            if (result.Best is not { } best)
            {
                o.Error.WriteLine($"zooforge: error: {result.InfeasibleReason}");
                return ErrorReporter.BadInput;
            }
            console.MarkupLineInterpolated(
                $"best: [bold]{Formats.DesignArgument(best.Design)}[/]{(best.Design.Depthwise is null ? "" : " dconv " + Formats.DconvArgument(best.Design))}{(best.Design.Dense ? " dense" : "")} — {Formats.Cycles(best.Cycles)} cycles ({best.Cycles / 1e5:0.00}e5) = [bold]{Formats.Ms(best.Milliseconds)} ms[/] at {best.Design.ClockMhz:0.###} MHz");
            console.Write(ResourceTable.Create(best.Resources, device));
            console.Write(ParetoTable(result, parse.GetValue(top), device.Dsp, device.Bram18));
            string dconvArg = best.Design.Depthwise is null ? "" : $" --dconv {Formats.DconvArgument(best.Design)}";
            console.WriteLine($"per-layer view: zooforge estimate --model {network.Name} --device {device.Name} --design {Formats.DesignArgument(best.Design)}{dconvArg}{(best.Design.Dense ? " --dense" : "")} --perf-model {latencyModel.Name}");
            return 0;
        }));
        return command;
    }

    private static DesignSpace ResolveSpace(string value) =>
        DesignSpaces.TryGet(value) ?? (File.Exists(value) || value.EndsWith(".yaml") || value.EndsWith(".yml")
            ? DesignSpaceFile.Load(value)
            : throw new UserInputException($"--space: '{value}' is neither a built-in space ({string.Join(", ", DesignSpaces.All.Select(s => s.Name))}) nor a YAML file"));

    private static Table StatisticsTable(DseResult r)
    {
        var table = new Table().AddColumns("points", "count").HideHeaders();
        table.AddPlainRow("in the declared space", $"{r.SpaceSize:N0}");
        table.AddPlainRow("port lanes over the AXI budget", $"{r.RejectedByPortBits:N0}");
        table.AddPlainRow("dominated by wider ports (skipped)", $"{r.PrunedByPortDominance:N0}");
        table.AddPlainRow("over the device's resources", $"{r.RejectedByResources:N0}");
        table.AddPlainRow("cannot run the network", $"{r.RejectedAsIncompatible:N0}");
        table.AddPlainRow("beaten by a lower bound (skipped)", $"{r.PrunedByBound:N0}");
        table.AddPlainRow("evaluated", $"{r.Evaluated:N0}");
        table.AddPlainRow("layer evaluations", $"{r.LayerEvaluations:N0}");
        table.AddPlainRow("wall time", $"{r.Elapsed.TotalMilliseconds:0.0} ms");
        table.Columns[1].RightAligned();
        return table;
    }

    private static Table ParetoTable(DseResult r, int rows, int deviceDsp, int deviceBram)
    {
        var table = new Table().Title($"Pareto front over latency, DSP, BRAM18 ({r.Pareto.Count} designs, fastest {Math.Min(rows, r.Pareto.Count)} shown)")
            .AddColumns("design", "dconv", "cycles", "ms", "DSP", "BRAM18", "LUT");
        foreach (var p in r.Pareto.Take(rows))
            table.AddPlainRow(Formats.DesignArgument(p.Design) + (p.Design.Dense ? " dense" : ""), Formats.DconvArgument(p.Design) ?? "-", Formats.Cycles(p.Cycles),
                Formats.Ms(p.Milliseconds), $"{p.Resources.Dsp:N0} ({Formats.Percent(p.Resources.Dsp, deviceDsp)})",
                $"{p.Resources.Bram18:N0} ({Formats.Percent(p.Resources.Bram18, deviceBram)})", $"{p.Resources.Lut:N0}");
        for (int c = 2; c < 7; c++) table.Columns[c].RightAligned();
        return table;
    }
}
