using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using ZooForge.Cli.App;
using ZooForge.Cli.Checks;
using ZooForge.Cli.Rendering;
using ZooForge.Compression.Quantization;
using ZooForge.Graph.Serialization;
using ZooForge.Hardware.Designs;
using ZooForge.Rtl.Check;
using ZooForge.Rtl.Tools;

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
        var images = new Option<int>("--images") { Description = "Held-out digits the HLS csim runs on, bit-exact per op. Default: 20", DefaultValueFactory = _ => 20 };
        var lanes = new Option<int?>("--lanes") { Description = "Lanes of the simulated engine, run once per lane group. Default: Tm, or floor(256/Tn) when Tm*Tn > 256" };
        var noSynth = new Option<bool>("--no-synth") { Description = "Leave out the Yosys synthesis steps" };
        var update = new Option<bool>("--update-baselines") { Description = "Record the synthesis figures as the design's baseline (NAME.synth-baseline.json beside the design)" };
        var trace = new Option<bool>("--trace") { Description = "Also write an FST waveform of the tile simulation (OUT/rtl/tb_tile.fst)" };
        var json = CommonOptions.Json();
        var command = new Command("check", "Emit and csim the HLS project, render, lint, simulate and synthesise the RTL, all bit-exact against the integer reference")
        {
            design, outFolder, junit, layer, image, images, lanes, noSynth, update, trace, json,
        };
        command.SetAction(parse => ErrorReporter.Guard(output().Error, () =>
        {
            var o = output();
            string designPath = parse.GetValue(design)!;
            var document = DesignFile.Load(designPath);
            if (!File.Exists(document.NetworkPath))
                throw new UserInputException($"{designPath}: field 'network': '{document.NetworkPath}' does not exist");
            var network = QuantizedNetworkFile.Load(document.NetworkPath);
            if (network.Bits != document.Accelerator.DataBits)
                throw new UserInputException($"{designPath}: field 'data_bits': {document.Accelerator.DataBits}, but network '{network.Name}' has {network.Bits}-bit data");
            // A wrong --layer is bad input, reported before anything runs.
            ZooForge.Rtl.Model.LayerChoice.Choose(network, parse.GetValue(layer));
            int? simulatedLanes = parse.GetValue(lanes);
            if (simulatedLanes is { } l && (l < 1 || l > document.Accelerator.Conv.Tm))
                throw new UserInputException($"--lanes must be in 1..{document.Accelerator.Conv.Tm} (the design's tm), got {l}");
            var (_, validation) = MnistData.Split();
            int index = parse.GetValue(image);
            if (index < 0 || index >= validation.Count) throw new UserInputException($"--image must be in 0..{validation.Count - 1}, got {index}");
            var context = new CheckContext
            {
                Design = document, DesignPath = designPath, Network = network,
                Input = Quantizer.QuantizeInput(validation.GetImage(index), network),
                OutFolder = Path.GetFullPath(parse.GetValue(outFolder) ?? Path.Combine("zooforge-check", document.Name)),
                LayerName = parse.GetValue(layer), SimulatedLanes = simulatedLanes, UpdateBaselines = parse.GetValue(update), Trace = parse.GetValue(trace),
            };
            int csimImages = parse.GetValue(images);
            if (csimImages < 1 || csimImages > validation.Count) throw new UserInputException($"--images must be in 1..{validation.Count}, got {csimImages}");
            bool synthesis = !parse.GetValue(noSynth);
            // The HLS project first (emit, then g++ csim against the integer reference), then the RTL.
            var steps = new List<ICheckStep> { new HlsEmitStep(validation, csimImages), new HlsCsimStep() };
            steps.AddRange(RtlCheck.Steps(synthesis));
            ExternalTool[] tools = [new("g++", "g++"), new("make", "make"), ExternalTool.Verilator, .. synthesis ? new[] { ExternalTool.Yosys } : []];
            if (tools.FirstOrDefault(t => !t.IsInstalled) is { } missing)
                throw new UserInputException(new ToolMissingException(missing.Executable, missing.Package).Message);
            Directory.CreateDirectory(context.OutFolder);
            bool asJson = parse.GetValue(json);
            var report = CheckRunner.Run(steps, context, asJson ? null : r => o.Error.WriteLine($"check: {r.Name}: {r.Status.ToString().ToLowerInvariant()} ({r.Duration.TotalSeconds:0.0} s)"));
            if (parse.GetValue(junit) is { } junitPath) AtomicFile.WriteAllText(junitPath, JUnitReport.ToXml(report));
            if (asJson)
                o.WriteJson(new
                {
                    report.Design, report.Passed,
                    Steps = report.Steps.Select(st => new
                    {
                        st.Name, Status = st.Status.ToString().ToLowerInvariant(), Seconds = Math.Round(st.Duration.TotalSeconds, 3), st.Message, st.Metrics,
                    }),
                });
            else
            {
                o.Console_.Write(Summary(report));
                o.Writer.WriteLine(report.Passed ? $"check {report.Design}: passed" : $"check {report.Design}: FAILED");
            }
            return report.Passed ? 0 : ErrorReporter.BadInput;
        }));
        return command;
    }

    private static Table Summary(CheckReport report)
    {
        var table = new Table().Title(Markup.Escape($"zooforge check {report.Design}")).AddColumns("step", "result", "seconds", "details");
        foreach (var step in report.Steps)
            table.AddPlainRow(step.Name, step.Status.ToString().ToLowerInvariant(),
                step.Duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture), step.Message);
        return table;
    }
}
