using System.CommandLine;
using System.Globalization;
using ZooForge.Cli.App;
using ZooForge.Flow;
using ZooForge.Data.Mnist;
using ZooForge.Emit;

namespace ZooForge.Cli.Commands;

/// <summary>
/// <c>zooforge emit</c>: the Vitis HLS project of a design (<c>design.yaml</c>), with golden
/// vectors from the held-out (validation) digits in <c>tb_data/</c>.
/// </summary>
internal static class EmitCommand
{
    /// <summary>Images in tb_data/ unless --images says otherwise: enough to exercise every op, small enough to commit.</summary>
    public const int DefaultImages = 4;

    public static Command Create(Func<CliOutput> output)
    {
        var design = new Option<string>("--design") { Description = "Design file (design.yaml, format zooforge-design/1)", Required = true };
        var outFolder = new Option<string>("--out", "-o") { Description = "Project folder to write (replaced only if zooforge emit generated it)", Required = true };
        var force = new Option<bool>("--force") { Description = "Replace the output folder even if zooforge emit did not generate it" };
        var images = new Option<int>("--images")
        {
            Description = $"Validation digits whose golden vectors go to tb_data/ (0: none, no MNIST data needed). Default: {DefaultImages}",
            DefaultValueFactory = _ => DefaultImages,
        };
        var json = CommonOptions.Json();
        var command = new Command("emit", "Generate the HLS C++ project of a design: kernels, configuration, weights, top function, testbench, Tcl and Makefile")
        {
            design, outFolder, force, images, json,
        };
        command.SetAction(parse => ErrorReporter.Guard(output().Error, () =>
        {
            int count = parse.GetValue(images);
            if (count < 0) throw new UserInputException($"--images must not be negative, got {count}");
            var digits = count > 0 ? MnistSplit.Default().Validation : null;
            var result = HlsEmitter.Emit(parse.GetValue(design)!, parse.GetValue(outFolder)!,
                new EmitOptions { Force = parse.GetValue(force), Images = count, Digits = digits });
            var o = output();
            if (parse.GetValue(json))
            {
                o.WriteJson(new
                {
                    folder = result.Folder,
                    design = result.Model.Name,
                    network = result.Model.Network,
                    device = result.Model.Device,
                    part = result.Model.Part,
                    files = result.Files,
                    images = result.Images,
                    layers = result.Model.Layers.Count,
                    ops = result.Model.Ops.Count,
                    weights = result.Model.WeightCount,
                    parameters = result.Model.ParamCount,
                    activation_words = result.Model.ActivationWords,
                    seconds = Math.Round(result.Elapsed.TotalSeconds, 3),
                });
                return 0;
            }
            o.Writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"emitted {result.Model.Name} ({result.Model.Network}, {result.Model.Layers.Count} layers, {result.Model.WeightCount} packed weights) to {result.Folder} with {result.Images} golden images in {result.Elapsed.TotalSeconds:0.00} s"));
            o.Writer.WriteLine($"C simulation: make -C {result.Folder} csim");
            return 0;
        }));
        return command;
    }
}
