using ZooForge.Core.Errors;
using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using ZooForge.Cli.App;
using ZooForge.Flow;
using ZooForge.Data.Mnist;
using ZooForge.Graph.Serialization;
using ZooForge.Cli.Rendering;
using ZooForge.Compression.Quantization;
using ZooForge.Graph.Zoo;
using ZooForge.Torch.Compression;

namespace ZooForge.Cli.Commands;

/// <summary>
/// <c>zooforge compress</c>: HotNAS's compression of a zoo model — channel cuts, kernel
/// expansion, pattern pruning, quantization and quantization-aware fine-tuning — writing the
/// integer model and a report.
/// </summary>
internal static class CompressCommand
{
    public static Command Create(Func<CliOutput> output)
    {
        var model = new Option<string>("--model", "-m") { Description = "Zoo checkpoint to compress (see 'zooforge zoo list')", Required = true };
        var zoo = new Option<string?>("--zoo") { Description = "Zoo folder. Default: the shipped zoo" };
        var patterns = new Option<int?>("--patterns") { Description = "Patterns per 3x3 layer (HotNAS: 4); omit for no pattern pruning" };
        var zeros = new Option<int>("--zeros") { Description = "Zeroed positions per 3x3 kernel (the centre is always kept): 5 keeps 4 non-zeros. Default: 5", DefaultValueFactory = _ => 5 };
        var patternLayers = new Option<string[]>("--pattern-layer") { Description = "Layer to pattern-prune (repeatable). Default: every 3x3 and 5x5 convolution", DefaultValueFactory = _ => [] };
        var zeros5 = new Option<int>("--zeros-5x5") { Description = "Zeroed positions per 5x5 kernel outside HotNAS's 13-position core. Default: 6", DefaultValueFactory = _ => 6 };
        var connectivity = new Option<double>("--connectivity") { Description = "Fraction of whole kernels removed per pattern-pruned layer. Default: 0" };
        var quant = new Option<string>("--quant") { Description = "int8 (default), intB (B = 2..16), fixed:I.F or fixed:B", DefaultValueFactory = _ => "int8" };
        var cut = new Option<string[]>("--cut") { Description = "LAYER=RATIO: remove that fraction of a conv's output channels (repeatable)", DefaultValueFactory = _ => [] };
        var expand = new Option<string[]>("--expand") { Description = "Grow a conv's kernel from KxK to (K+2)x(K+2) (repeatable)", DefaultValueFactory = _ => [] };
        var batches = new Option<int>("--finetune-batches") { Description = "Quantization-aware fine-tuning batches (HotNAS: 100). Default: 0" };
        var lr = new Option<double>("--lr") { Description = "Learning rate of the quantization-aware phase (plain SGD, batch-norm frozen). Pruned or cut models first spend two thirds of the budget in masked float training (see --float-lr). Default: 0.005", DefaultValueFactory = _ => 0.005 };
        var batchSize = new Option<int>("--batch-size") { Description = "Images per fine-tuning batch (both phases). Default: 128", DefaultValueFactory = _ => CompressionRequest.DefaultBatchSize };
        var floatLr = new Option<double>("--float-lr") { Description = "Learning rate of the masked float phase of pruned or cut models (SGD, momentum 0.9, cosine). Default: 0.01", DefaultValueFactory = _ => 0.01 };
        var distill = new Option<double>("--distill") { Description = "Weight (0..1) of knowledge distillation from the uncompressed model in the masked float phase (soft targets, T = 4). Default: 0 (off)" };
        var seed = new Option<long>("--seed") { Description = "Fine-tuning seed. Default: 1", DefaultValueFactory = _ => 1 };
        var outFile = new Option<string>("--out") { Description = "Compressed integer model to write (.zfq.safetensors); a Markdown report is written beside it", Required = true };
        var force = new Option<bool>("--force") { Description = "Replace existing output files" };
        var json = CommonOptions.Json();
        var command = new Command("compress", "Compress a zoo model (cut, expand, patterns, quantize, fine-tune) and report accuracy and size")
        {
            model, zoo, patterns, patternLayers, zeros, zeros5, connectivity, quant, cut, expand, batches, batchSize, lr, floatLr, distill, seed, outFile, force, json,
        };
        command.SetAction(parse => ErrorReporter.Guard(output().Error, () =>
        {
            var o = output();
            string outPath = parse.GetValue(outFile)!;
            string reportPath = Path.ChangeExtension(outPath, null).Replace(".zfq", "") + ".report.md";
            if (!parse.GetValue(force))
                foreach (var path in new[] { outPath, reportPath })
                    if (File.Exists(path)) throw new UserInputException($"'{path}' exists; pass --force to replace it");
            if (parse.GetValue(batches) < 0) throw new UserInputException($"--finetune-batches must not be negative, got {parse.GetValue(batches)}");
            if (parse.GetValue(distill) is < 0 or > 1) throw new UserInputException($"--distill must be in 0..1, got {parse.GetValue(distill)}");
            QuantScheme scheme;
            try { scheme = QuantScheme.Parse(parse.GetValue(quant)!); }
            catch (InvalidInputException e) { throw new UserInputException("--quant: " + e.Message); }
            var request = new CompressionRequest
            {
                Cuts = ParseCuts(parse.GetValue(cut) ?? []),
                Expand = parse.GetValue(expand) ?? [],
                Patterns = parse.GetValue(patterns),
                PatternLayers = parse.GetValue(patternLayers) ?? [],
                Zeros = parse.GetValue(zeros),
                Zeros5x5 = parse.GetValue(zeros5),
                Connectivity = parse.GetValue(connectivity),
                Scheme = scheme,
                FineTuneBatches = parse.GetValue(batches),
                FloatLearningRate = parse.GetValue(floatLr),
                DistillWeight = parse.GetValue(distill),
                FineTune = new CompressionRequest().FineTune with { LearningRate = parse.GetValue(lr), Seed = parse.GetValue(seed), BatchSize = parse.GetValue(batchSize) },
            };
            var checkpoint = ZooCatalogue.Open(parse.GetValue(zoo)).Load(parse.GetValue(model)!);
            var (train, validation) = MnistSplit.Default();
            var outcome = CompressionPipeline.Run(checkpoint.Network, checkpoint.Weights, request, train, validation,
                step => o.Error.WriteLine($"compress: {step}"));

            QuantizedNetworkFile.Save(outPath, outcome.Quantized);
            AtomicFile.WriteAllText(reportPath, CompressionMarkdown.Render(outcome.Report));
            if (parse.GetValue(json))
            {
                o.WriteJson(outcome.Report);
                return 0;
            }
            o.Console_.Write(SummaryTable(outcome.Report));
            o.Writer.WriteLine($"wrote {outPath} and {reportPath}");
            return 0;
        }));
        return command;
    }

    private static Dictionary<string, double> ParseCuts(string[] rules)
    {
        var cuts = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            var kv = rule.Split('=', 2);
            if (kv.Length != 2 || !double.TryParse(kv[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double ratio))
                throw new UserInputException($"--cut '{rule}': expected LAYER=RATIO, e.g. layer2.0.conv1=0.25");
            cuts[kv[0]] = ratio;
        }
        return cuts;
    }

    private static Table SummaryTable(CompressionReport r)
    {
        var table = new Table().Title(Markup.Escape($"{r.Model}: {r.Recipe}")).AddColumns("", "value");
        table.AddPlainRow("original float accuracy", r.Original.ToString());
        table.AddPlainRow("compressed integer accuracy", r.Compressed.ToString());
        table.AddPlainRow("after fine-tuning", r.FineTuned?.ToString() ?? "-");
        table.AddPlainRow("accuracy drop", $"{r.DropPoints:0.00} points");
        table.AddPlainRow("parameters", $"{r.ParametersBefore:N0} -> {r.ParametersAfter:N0} ({r.NonZeroWeights:N0} non-zero)");
        table.AddPlainRow("weight storage", $"{r.WeightBytes:N0} bytes");
        table.AddPlainRow("MACs per image", $"{r.MacsBefore:N0} -> {r.EffectiveMacs:N0} effective");
        return table;
    }
}
