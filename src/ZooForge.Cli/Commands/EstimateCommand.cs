using System.CommandLine;
using Spectre.Console;
using ZooForge.Cli.App;
using ZooForge.Flow;
using ZooForge.Data.Mnist;
using ZooForge.Cli.Rendering;
using ZooForge.Hardware.Accelerator;
using ZooForge.Hardware.Resources;
using ZooForge.Hardware.Workloads;

namespace ZooForge.Cli.Commands;

/// <summary><c>zooforge estimate</c>: latency and resources of one design for one network.</summary>
internal static class EstimateCommand
{
    public static Command Create(Func<CliOutput> output)
    {
        var target = new TargetOptions();
        var design = new Option<string>("--design")
        {
            Description = "Conv engine as Tm,Tn,Tr,Tc,Tk,W_p,I_p,O_p (HotNAS notation), e.g. 70,36,64,64,7,18,6,6",
            Required = true,
        };
        var dconv = new Option<string?>("--dconv")
        {
            Description = "Depthwise engine as Tm,1,Tr,Tc,Tk[,W_p,I_p,O_p]; without it depthwise layers use the conv engine",
        };
        var bits = new Option<int>("--bits")
        {
            Description = "Activation (data) bit-width: 16, or 8 for int8 (two MACs per DSP). Default: 16",
            DefaultValueFactory = _ => 16,
        };
        var dense = new Option<bool>("--dense")
        {
            Description = "Dense engines: every kernel tap computed, no per-PE pattern window select",
        };
        var compression = new CompressionOptions();
        var command = new Command("estimate", "Per-layer latency, bottlenecks and resources of a design") { design, dconv, bits, dense };
        target.AddTo(command);
        compression.AddTo(command);
        command.SetAction(parse => ErrorReporter.Guard(output().Error, () =>
        {
            var (network, device, latencyModel) = target.Resolve(parse);
            var accelerator = DesignParser.Parse(parse.GetValue(design)!, parse.GetValue(dconv), parse.GetValue(bits),
                parse.GetValue(target.Clock) ?? device.ClockMhz) with { Dense = parse.GetValue(dense) };
            var workloads = WorkloadExtractor.Extract(network, compression.Build(parse, network));
            var latency = latencyModel.Evaluate(workloads, accelerator);
            var usage = ResourceModel.Estimate(accelerator);
            var overflows = ResourceModel.Overflows(usage, device, latencyModel.ConstrainsLogic);
            if (overflows.Count > 0)
                throw new UserInputException($"design {accelerator} does not fit {device.Board}: {string.Join("; ", overflows)}");

            var o = output();
            if (parse.GetValue(target.Json))
            {
                o.WriteJson(new EstimateJson(network.Name, device.Name, latencyModel.Name, DesignJson.From(accelerator),
                    ResourcesJson.From(usage, device), latency.Layers.Select(LayerJson.From).ToList(),
                    latency.TotalCycles, latency.Milliseconds));
                return 0;
            }
            var console = o.Console_;
            console.MarkupLineInterpolated($"[bold]{network.Name}[/] on [bold]{device.Board}[/], model [bold]{latencyModel.Name}[/] ({latencyModel.Description})");
            console.WriteLine($"design {accelerator}");
            console.Write(LayerTable.Create(latency));
            int skipped = latency.Layers.Count(l => !l.IsModelled);
            if (skipped > 0)
                console.WriteLine($"{skipped} layers (fully connected, pooling, additions) are not counted by the {latencyModel.Name} model.");
            console.Write(ResourceTable.Create(usage, device));
            console.MarkupLineInterpolated(
                $"total [bold]{Formats.Cycles(latency.TotalCycles)}[/] cycles ({latency.TotalCycles / 1e5:0.00}e5) = [bold]{Formats.Ms(latency.Milliseconds)} ms[/] at {accelerator.ClockMhz:0.###} MHz");
            return 0;
        }));
        return command;
    }
}
