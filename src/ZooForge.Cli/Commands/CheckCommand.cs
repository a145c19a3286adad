using ZooForge.Cli.Rendering;
using System.CommandLine;
using ZooForge.Cli.App;
using ZooForge.Flow;
using ZooForge.Data.Mnist;
using ZooForge.Flow.Check;
using ZooForge.Flow.Check.HlsSteps;
using ZooForge.Hardware.Designs;

namespace ZooForge.Cli.Commands;

/// <summary>
/// <c>zooforge check</c>: proves a design correct and measured — emits its HLS project and runs
/// the g++ csim bit-exact against the integer reference, renders the RTL of a real tile,
/// lints it, simulates it against the integer reference, compares its cycles with the
/// performance model and synthesises every datapath block against the design's baseline. Writes
/// a summary table (or JSON) and optionally JUnit XML; exits 1 when any step fails.
/// </summary>
internal static class CheckCommand
{
    public static Command Create(Func<CliOutput> output)
    {
        var design = new Option<string>("--design") { Description = "Design file (design.yaml, format zooforge-design/1)", Required = true };
        var outFolder = new Option<string?>("--out") { Description = "Folder for the generated RTL, builds and logs. Default: zooforge-check/NAME" };
        var junit = new Option<string?>("--junit") { Description = "Also write the results as JUnit XML to this file" };
        var layer = new Option<string?>("--layer") { Description = "Convolution to cut the tile from. Default: the pattern-pruned one with the most effective MACs" };
        var image = new Option<int>("--image") { Description = "Index of the validation digit the reference runs on. Default: 0" };
        var images = new Option<int>("--images") { Description = "Held-out digits the HLS csim runs on, bit-exact per op. Default: 20", DefaultValueFactory = _ => DesignCheck.DefaultCsimImages };
        var lanes = new Option<int?>("--lanes") { Description = "Lanes of the simulated engine, run once per lane group. Default: Tm, or floor(256/Tn) when Tm*Tn > 256" };
        var noSynth = new Option<bool>("--no-synth") { Description = "Leave out the Yosys synthesis steps" };
        var update = new Option<bool>("--update-baselines") { Description = "Record the synthesis figures as the design's baseline (NAME.synth-baseline.json beside the design)" };
        var trace = new Option<bool>("--trace") { Description = "Also write an FST waveform of the tile simulation (OUT/rtl/tb_tile.fst)" };
        var json = CommonOptions.Json();
        var command = new Command("check", "Emit and csim the HLS project (bit-exact), count its beats and trips against the latency model, then render, lint, simulate (bit-exact) and synthesise the RTL")
        {
            design, outFolder, junit, layer, image, images, lanes, noSynth, update, trace, json,
        };
        command.SetAction(parse => ErrorReporter.Guard(output().Error, () =>
        {
            var o = output();
            string designPath = parse.GetValue(design)!;
            bool asJson = parse.GetValue(json);
            var options = new DesignCheckOptions
            {
                DesignPath = designPath,
                OutFolder = parse.GetValue(outFolder) ?? Path.Combine("zooforge-check", DesignFile.Load(designPath).Name),
                LayerName = parse.GetValue(layer), Image = parse.GetValue(image), CsimImages = parse.GetValue(images), SimulatedLanes = parse.GetValue(lanes),
                Synthesis = !parse.GetValue(noSynth), UpdateBaselines = parse.GetValue(update), Trace = parse.GetValue(trace),
                JUnitPath = parse.GetValue(junit),
            };
            var report = DesignCheck.Run(options, asJson ? null : r => o.Error.WriteLine(DesignCheck.ProgressLine(r)));
            if (asJson)
                o.WriteJson(DesignCheck.ToJson(report));
            else
            {
                o.Console_.Write(CheckTable.Of(report));
                o.Writer.WriteLine(report.Passed ? $"check {report.Design}: passed" : $"check {report.Design}: FAILED");
            }
            return report.Passed ? 0 : ErrorReporter.BadInput;
        }));
        return command;
    }
}
