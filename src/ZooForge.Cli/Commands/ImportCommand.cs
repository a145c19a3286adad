using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using Spectre.Console;
using ZooForge.Cli.App;
using ZooForge.Flow;
using ZooForge.Data.Mnist;
using ZooForge.Cli.Rendering;
using ZooForge.Graph.Model;
using ZooForge.Graph.Serialization;
using ZooForge.Graph.Zoo;
using ZooForge.Import.Onnx;
using ZooForge.Torch.Import;
using ZooForge.Torch.Training;

namespace ZooForge.Cli.Commands;

/// <summary>
/// <c>zooforge import FILE --out OUT</c>: converts an ONNX model (architecture and weights) or a
/// PyTorch state_dict of a built-in torchvision architecture into a ZooForge model file.
/// </summary>
internal static class ImportCommand
{
    private const string OnnxFormat = "onnx";
    private const string StateDictFormat = "pytorch-state-dict";

    public static Command Create(Func<CliOutput> output)
    {
        var file = new Argument<string>("file")
        {
            Description = $"Model to import: .onnx (architecture and weights) or a PyTorch state_dict ({string.Join(", ", StateDictImporter.Extensions)}; needs --arch)",
        };
        var outFile = new Option<string>("--out", "-o")
        {
            Description = $"Model file to write (conventionally *{ModelFile.Extension})",
            Required = true,
        };
        var arch = new Option<string?>("--arch")
        {
            Description = $"Built-in architecture of a state_dict: {string.Join(", ", BuiltinModels.Names)}",
        };
        var name = new Option<string?>("--name")
        {
            Description = "Network name. Default: the ONNX file name, or the architecture",
        };
        var force = new Option<bool>("--force") { Description = "Replace an existing output file" };
        var json = CommonOptions.Json();
        var command = new Command("import", "Import an ONNX model or a PyTorch state_dict into a ZooForge model file")
        {
            file, outFile, arch, name, force, json,
        };
        command.SetAction(parse => ErrorReporter.Guard(output().Error, () =>
        {
            string source = parse.GetValue(file)!;
            string target = parse.GetValue(outFile)!;
            string? architecture = parse.GetValue(arch);
            string? networkName = parse.GetValue(name);
            if (networkName is not null && string.IsNullOrWhiteSpace(networkName))
                throw new UserInputException("--name must not be empty");

            string format = FormatOf(source);
            if (format == StateDictFormat && string.IsNullOrWhiteSpace(architecture))
                throw new UserInputException($"--arch is required to import the PyTorch state_dict '{source}' (a state_dict holds weights, not the architecture); built-in architectures: {string.Join(", ", BuiltinModels.Names)}");
            if (format == OnnxFormat && architecture is not null)
                throw new UserInputException($"--arch applies to PyTorch state_dicts only; the ONNX file '{source}' defines its own architecture");
            if (!File.Exists(source)) throw new UserInputException($"'{source}' does not exist");
            if (File.Exists(target) && !parse.GetValue(force))
                throw new UserInputException($"'{target}' exists; pass --force to replace it");
            if (Directory.Exists(target)) throw new UserInputException($"--out: '{target}' is a folder, not a file");

            Network network;
            NetworkWeights weights;
            OnnxModelSummary? onnx = null;
            StateDictImport? stateDict = null;
            if (format == OnnxFormat)
            {
                onnx = OnnxImporter.Describe(source);
                (network, weights) = OnnxImporter.Import(source, networkName);
            }
            else
            {
                TorchRuntime.Configure();
                stateDict = StateDictImporter.Import(source, architecture!, networkName);
                (network, weights) = (stateDict.Network, stateDict.Weights);
            }

            var metadata = new Dictionary<string, string>
            {
                ["import.source"] = Path.GetFileName(source),
                ["import.format"] = format,
                ["import.sha256"] = Sha256(source),
            };
            if (stateDict is not null) metadata["import.architecture"] = architecture!.ToLowerInvariant();
            ModelFile.Save(target, network, weights, metadata);

            var summary = new ImportSummary(
                Source: source, Format: format, Out: target, OutBytes: new FileInfo(target).Length, OutSha256: Sha256(target),
                Network: network.Name, Architecture: stateDict is null ? null : architecture!.ToLowerInvariant(),
                Input: Shape(network, network.InputShape), Output: Shape(network, network.OutputShape),
                Layers: network.Nodes.Count, ConvLayers: network.Nodes.Count(n => n.Layer is Graph.Layers.Conv2dLayer),
                Parameters: network.ParameterCount, Macs: network.MacCount, Tensors: weights.Count,
                Onnx: onnx is null ? null : new OnnxJson(onnx.Producer, onnx.IrVersion, onnx.Opsets, onnx.NodeCount,
                    onnx.OperatorCounts.ToDictionary(p => p.Key, p => p.Value), onnx.InitializerCount,
                    onnx.Inputs.Select(i => $"{i.Name} {i.ElementType} {i.ShapeText}").ToList(),
                    onnx.Outputs.Select(o => $"{o.Name} {o.ElementType} {o.ShapeText}").ToList()),
                StateDict: stateDict is null ? null : new StateDictJson(stateDict.SourceDtypes, stateDict.IgnoredKeys.Count, stateDict.StrippedPrefix));

            var o = output();
            if (parse.GetValue(json))
            {
                o.WriteJson(summary);
                return 0;
            }
            if (onnx is not null) o.Writer.WriteLine(onnx.ToString());
            else
            {
                string dtypes = string.Join(", ", stateDict!.SourceDtypes.Select(p => $"{p.Value} {p.Key}"));
                o.Writer.WriteLine($"{source}: PyTorch state_dict for {summary.Architecture}: {dtypes} tensors" +
                    (stateDict.SourceDtypes.Keys.Any(k => k != "float32") ? " (converted to float32)" : "") +
                    (stateDict.IgnoredKeys.Count > 0 ? $"; {stateDict.IgnoredKeys.Count} num_batches_tracked counters ignored" : "") +
                    (stateDict.StrippedPrefix is null ? "" : $"; key prefix '{stateDict.StrippedPrefix}' removed"));
            }
            var table = new Table().AddColumns("network", "input", "output", "layers", "convs", "parameters", "MACs", "GMAC");
            table.AddPlainRow(summary.Network, summary.Input, summary.Output, $"{summary.Layers}", $"{summary.ConvLayers}",
                $"{summary.Parameters:N0}", $"{summary.Macs:N0}", $"{summary.Macs / 1e9:0.000}");
            foreach (int c in new[] { 3, 4, 5, 6, 7 }) table.Columns[c].RightAligned();
            o.Console_.Write(table);
            o.Writer.WriteLine($"wrote {target} ({summary.OutBytes:N0} bytes, {summary.Tensors} tensors)");
            return 0;
        }));
        return command;
    }

    /// <summary>The importer for a file, by extension.</summary>
    private static string FormatOf(string path)
    {
        string extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension == ".onnx") return OnnxFormat;
        if (StateDictImporter.Extensions.Contains(extension)) return StateDictFormat;
        throw new UserInputException(
            $"'{path}': unknown model format '{(extension.Length == 0 ? "(no extension)" : extension)}'; expected .onnx or a PyTorch state_dict ({string.Join(", ", StateDictImporter.Extensions)})");
    }

    private static string Shape(Network network, TensorShape shape) =>
        network.Batch == 1 ? shape.ToString() : string.Create(CultureInfo.InvariantCulture, $"{network.Batch}x{shape}");

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private sealed record ImportSummary(string Source, string Format, string Out, long OutBytes, string OutSha256,
        string Network, string? Architecture, string Input, string Output, int Layers, int ConvLayers,
        long Parameters, long Macs, int Tensors, OnnxJson? Onnx, StateDictJson? StateDict);

    private sealed record OnnxJson(string Producer, long IrVersion, IReadOnlyDictionary<string, long> Opsets, int Nodes,
        IReadOnlyDictionary<string, int> OperatorCounts, int Initializers, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs);

    private sealed record StateDictJson(IReadOnlyDictionary<string, int> SourceDtypes, int IgnoredKeys, string? StrippedPrefix);
}
