using System.CommandLine;
using Spectre.Console;
using ZooForge.Cli.App;
using ZooForge.Flow;
using ZooForge.Data.Mnist;
using ZooForge.Cli.Rendering;
using ZooForge.Graph.Layers;
using ZooForge.Graph.Zoo;

namespace ZooForge.Cli.Commands;

/// <summary><c>zooforge models</c>: the built-in architectures with their size.</summary>
internal static class ModelsCommand
{
    public static Command Create(Func<CliOutput> output)
    {
        var json = CommonOptions.Json();
        var command = new Command("models", "List the built-in architectures with parameters and MACs") { json };
        command.SetAction(parse => ErrorReporter.Guard(output().Error, () =>
        {
            var rows = BuiltinModels.Names.Select(name =>
            {
                var net = BuiltinModels.Create(name);
                var convs = net.Nodes.Where(n => n.Layer is Conv2dLayer).ToList();
                return new ModelRow(name, net.InputShape.ToString(), net.Nodes.Count, convs.Count,
                    convs.Count(n => ((Conv2dLayer)n.Layer).IsDepthwise), net.ParameterCount, net.MacCount,
                    convs.Max(n => ((Conv2dLayer)n.Layer).Kernel));
            }).ToList();
            var o = output();
            if (parse.GetValue(json))
            {
                o.WriteJson(rows);
                return 0;
            }
            var table = new Table().AddColumns("model", "input", "layers", "convs", "depthwise", "max K", "parameters", "MACs", "GMAC");
            foreach (var r in rows)
                table.AddPlainRow(r.Name, r.Input, r.Layers.ToString(), r.ConvLayers.ToString(), r.DepthwiseLayers.ToString(),
                    r.MaxKernel.ToString(), $"{r.Parameters:N0}", $"{r.Macs:N0}", $"{r.Macs / 1e9:0.000}");
            foreach (int c in new[] { 2, 3, 4, 5, 6, 7, 8 }) table.Columns[c].RightAligned();
            o.Console_.Write(table);
            return 0;
        }));
        return command;
    }

    private sealed record ModelRow(string Name, string Input, int Layers, int ConvLayers, int DepthwiseLayers,
        long Parameters, long Macs, int MaxKernel);
}
