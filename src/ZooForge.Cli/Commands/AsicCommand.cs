using ZooForge.Core.Errors;
using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using ZooForge.Asic.Cost;
using ZooForge.Asic.Dataflows;
using ZooForge.Asic.Description;
using ZooForge.Asic.Estimation;
using ZooForge.Asic.Mapping;
using ZooForge.Asic.Problem;
using ZooForge.Cli.App;
using ZooForge.Flow;
using ZooForge.Data.Mnist;
using ZooForge.Cli.Rendering;
using ZooForge.Graph.Model;
using ZooForge.Graph.Zoo;
using ZooForge.Graph.Zoo.Mnist;

namespace ZooForge.Cli.Commands;

/// <summary><c>zooforge asic estimate|map</c>: a network or one layer on a spatial ASIC accelerator.</summary>
internal static class AsicCommand
{
    public static Command Create(Func<CliOutput> output) =>
        new("asic", "Spatial ASIC accelerators: dataflow templates (ws, os, rs), an Edge-TPU-like array, cost model and mapper")
        {
            Estimate(output),
            Map(output),
        };

    private sealed class Shared
    {
        public readonly Option<string> Model = new("--model", "-m")
        {
            Description = "Built-in architecture (see 'zooforge models') or MNIST zoo model. Default: resnet18",
            DefaultValueFactory = _ => "resnet18",
        };
        public readonly Option<string> Hardware = new("--hw")
        {
            Description = $"Accelerator YAML file or built-in name ({string.Join(", ", AcceleratorCatalogue.BuiltIn.Select(a => a.Name))}). Default: eyeriss-like",
            DefaultValueFactory = _ => "eyeriss-like",
        };
        public readonly Option<string?> Dataflow = new("--dataflow")
        {
            Description = "ws (weight-stationary, NVDLA-like), os (output-stationary, ShiDianNao-like), rs (row-stationary, Eyeriss-like) or tpu (Edge-TPU-like). Default: tpu for a vector-PE accelerator, rs otherwise",
        };
        public readonly Option<string> Objective = new("--objective")
        {
            Description = "What the mapper minimises: cycles, energy or edp. Default: edp",
            DefaultValueFactory = _ => "edp",
        };
        public readonly Option<int> Seed = new("--seed")
        {
            Description = "Seed of the mapper's heuristic search (large spaces). Default: 1",
            DefaultValueFactory = _ => 1,
        };
        public readonly Option<int> Budget = new("--budget")
        {
            Description = "Mappings the heuristic search evaluates per layer when the space is too large to enumerate. Default: 1500",
            DefaultValueFactory = _ => 1500,
        };
        public readonly Option<bool> Json = CommonOptions.Json();

        public void AddTo(Command command)
        {
            command.Add(Model);
            command.Add(Hardware);
            command.Add(Dataflow);
            command.Add(Objective);
            command.Add(Seed);
            command.Add(Budget);
            command.Add(Json);
        }

        public (Network Network, SpatialAccelerator Hw, Dataflow Dataflow, MapperOptions Options) Resolve(ParseResult parse)
        {
            var hw = AcceleratorCatalogue.Resolve(parse.GetValue(Hardware)!);
            var network = LoadNetwork(parse.GetValue(Model)!);
            string? dataflowName = parse.GetValue(Dataflow);
            var dataflow = dataflowName is null
                ? (hw.SimdUnits > 0 ? ZooForge.Asic.Dataflows.Dataflow.EdgeTpu : ZooForge.Asic.Dataflows.Dataflow.RowStationary)
                : Prefixed("--dataflow", () => DataflowNames.Parse(dataflowName));
            var objective = Prefixed("--objective", () => Objectives.Parse(parse.GetValue(Objective)!));
            int budget = parse.GetValue(Budget);
            if (budget < 1) throw new UserInputException($"--budget: must be at least 1, got {budget}");
            return (network, hw, dataflow, new MapperOptions { Objective = objective, Seed = parse.GetValue(Seed), Budget = budget });
        }
    }

    private static T Prefixed<T>(string option, Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (InvalidInputException e)
        {
            throw new UserInputException($"{option}: {e.Message}");
        }
    }

    private static Network LoadNetwork(string name)
    {
        if (BuiltinModels.TryCreate(name, out var network)) return network;
        if (MnistModels.Contains(name)) return MnistModels.Create(name);
        throw new UserInputException(
            $"--model: unknown model '{name}'; built-in models: {string.Join(", ", BuiltinModels.Names)}; zoo models: {string.Join(", ", MnistModels.Names)}");
    }

    private static Command Estimate(Func<CliOutput> output)
    {
        var shared = new Shared();
        var noSearch = new Option<bool>("--no-search")
        {
            Description = "Use each template's default tiles (MAESTRO's dataflow files) instead of searching each layer's mapping",
        };
        var command = new Command("estimate", "Per-layer cycles, energy, EDP, area, utilisation and bottleneck of a network on an accelerator") { noSearch };
        shared.AddTo(command);
        command.SetAction(parse => ErrorReporter.Guard(output().Error, () =>
        {
            var (network, hw, dataflow, options) = shared.Resolve(parse);
            var estimate = NetworkEstimator.Estimate(network, hw, dataflow, parse.GetValue(noSearch) ? null : options);
            var o = output();
            if (parse.GetValue(shared.Json))
            {
                o.WriteJson(new AsicEstimateJson(estimate.Network, AsicHardwareJson.From(hw), dataflow.ShortName(),
                    estimate.Objective?.Name() ?? "template-defaults",
                    estimate.Layers.Select(l => AsicLayerJson.From(l)).ToList(),
                    estimate.TotalCycles, estimate.TotalCycles / hw.ClockMhz / 1000.0, estimate.TotalEnergyPj / 1e6, estimate.Edp,
                    hw.AreaMm2, estimate.Utilisation, estimate.TotalMacs));
                return 0;
            }
            var console = o.Console_;
            console.MarkupLineInterpolated($"[bold]{network.Name}[/] on [bold]{hw.Name}[/] ({hw}), dataflow [bold]{dataflow.ShortName()}[/], mappings by {(estimate.Objective is { } obj ? $"the mapper ({obj.Name()})" : "the template's defaults")}");
            var table = new Table().AddColumns("layer", "kind", "MACs", "cycles", "energy µJ", "EDP pJ·cyc", "util", "bottleneck", "L1 B", "L2 KB");
            foreach (var l in estimate.Layers)
            {
                var c = l.Cost;
                table.AddPlainRow(c.Layer.Name, KindName(c.Layer.Kind), Formats.Cycles(c.Macs), Formats.Cycles(c.Cycles),
                    (c.EnergyPj / 1e6).ToString("0.000", CultureInfo.InvariantCulture), c.Edp.ToString("0.00e0", CultureInfo.InvariantCulture),
                    c.Utilisation.ToString("P1", CultureInfo.InvariantCulture), BottleneckName(c.Bottleneck),
                    c.L1BytesNeeded.ToString(CultureInfo.InvariantCulture), (c.L2BytesNeeded / 1024.0).ToString("0.0", CultureInfo.InvariantCulture));
            }
            for (int i = 2; i < 10; i++) if (i != 7) table.Columns[i].RightAligned();
            console.Write(table);
            console.MarkupLineInterpolated(
                $"total [bold]{Formats.Cycles(estimate.TotalCycles)}[/] cycles = [bold]{estimate.TotalCycles / hw.ClockMhz / 1000.0:0.000} ms[/] at {hw.ClockMhz:0.#} MHz, energy [bold]{estimate.TotalEnergyPj / 1e6:0.000} µJ[/], EDP {estimate.Edp:0.00e0} pJ·cycles, utilisation {estimate.Utilisation:P1}, area [bold]{hw.AreaMm2:0.000} mm²[/]");
            return 0;
        }));
        return command;
    }

    private static Command Map(Func<CliOutput> output)
    {
        var shared = new Shared();
        var layerName = new Option<string>("--layer", "-l")
        {
            Description = "Layer name in the IR (see 'zooforge asic estimate'), e.g. layer1.0.conv1",
            Required = true,
        };
        var command = new Command("map", "The best mapping of one layer: loops and tiles per level, and what it costs") { layerName };
        shared.AddTo(command);
        command.SetAction(parse => ErrorReporter.Guard(output().Error, () =>
        {
            var (network, hw, dataflow, options) = shared.Resolve(parse);
            string name = parse.GetValue(layerName)!;
            var layers = AsicLayers.FromNetwork(network);
            var layer = layers.FirstOrDefault(l => l.Name == name);
            if (layer.Name is null)
            {
                var shown = layers.Take(12).Select(l => l.Name).ToList();
                throw new UserInputException(
                    $"--layer: '{network.Name}' has no convolution or fully connected layer '{name}'; its layers include {string.Join(", ", shown)}{(layers.Length > shown.Count ? ", ..." : "")}");
            }
            var result = new Mapper().Map(layer, hw, dataflow, options);
            var o = output();
            if (parse.GetValue(shared.Json))
            {
                o.WriteJson(new AsicMapJson(network.Name, AsicHardwareJson.From(hw), dataflow.ShortName(), options.Objective.Name(), options.Seed,
                    result.SpaceSize, result.Evaluated, result.Refused, result.Exhaustive,
                    result.Mapping.Levels.Select((lv, i) => new AsicLevelJson(i, lv.Units,
                        lv.Loops.Select(l => new AsicLoopJson(l.Dim.ToString(), l.Tile, l.Units, l.IsSpatial ? "spatial" : "temporal")).ToList())).ToList(),
                    AsicLayerJson.From(result)));
                return 0;
            }
            var console = o.Console_;
            var c = result.Cost;
            console.MarkupLineInterpolated($"[bold]{layer}[/] of {network.Name} on [bold]{hw.Name}[/], dataflow [bold]{dataflow.ShortName()}[/]");
            console.WriteLine($"searched {result.Evaluated:N0} of {result.SpaceSize:N0} mappings ({(result.Exhaustive ? "exhaustive" : $"seeded heuristic, seed {options.Seed}")}), {result.Refused:N0} refused (L1/L2/register file), objective {options.Objective.Name()}");
            var table = new Table().AddColumns("level", "sub-units", "loops (outermost first)");
            for (int i = 0; i < result.Mapping.Levels.Count; i++)
            {
                var lv = result.Mapping.Levels[i];
                string feeds = i == 0 ? "from L2" : "cluster";
                table.AddPlainRow($"L{i} ({feeds})", lv.Units.ToString(CultureInfo.InvariantCulture), lv.ToString());
            }
            console.Write(table);
            console.MarkupLineInterpolated(
                $"[bold]{Formats.Cycles(c.Cycles)}[/] cycles, energy [bold]{c.EnergyPj / 1e6:0.000} µJ[/] (MACs {c.MacEnergyPj / 1e6:0.000}, accesses {c.AccessEnergyPj / 1e6:0.000}), EDP {c.Edp:0.00e0} pJ·cycles, utilisation {c.Utilisation:P1}, bottleneck {BottleneckName(c.Bottleneck)}");
            console.WriteLine($"needs L1 {c.L1BytesNeeded} B per PE (has {hw.L1Bytes}), L2 {c.L2BytesNeeded} B (has {hw.L2Bytes}); accesses DRAM {c.Accesses.Dram:N0}, L2 {c.Accesses.L2:N0}, L1 {c.Accesses.L1:N0}, NoC words {c.Accesses.NocWords:N0}");
            return 0;
        }));
        return command;
    }

    private static string KindName(LayerKind kind) => kind switch
    {
        LayerKind.Conv => "conv",
        LayerKind.Depthwise => "depthwise",
        _ => "fc",
    };

    internal static string BottleneckName(Bottleneck b) => b switch
    {
        Bottleneck.Compute => "compute",
        Bottleneck.NocIngress => "noc-ingress",
        Bottleneck.NocEgress => "noc-egress",
        _ => "off-chip",
    };

    private sealed record AsicHardwareJson(string Name, int PeX, int PeY, int MacsPerPe, long L1Bytes, long L2Bytes, int NocBandwidth, int OffChipBandwidth, double ClockMhz, int WordBytes, double AreaMm2)
    {
        public static AsicHardwareJson From(SpatialAccelerator h) =>
            new(h.Name, h.PeX, h.PeY, h.MacsPerPe, h.L1Bytes, h.L2Bytes, h.NocBandwidth, h.OffChipBandwidth, h.ClockMhz, h.WordBytes, h.AreaMm2);
    }

    private sealed record AsicLayerJson(string Name, string Kind, int K, int C, int R, int S, int P, int Q, int Stride, long Macs, long Cycles,
        double EnergyPj, double MacEnergyPj, double AccessEnergyPj, double Edp, double AreaMm2, double Utilisation, string Bottleneck,
        long L1BytesNeeded, long L2BytesNeeded, double DramAccesses, double L2Accesses, double L1Accesses, double NocWords, string Mapping)
    {
        public static AsicLayerJson From(MappingResult r)
        {
            var c = r.Cost;
            var l = c.Layer;
            return new(l.Name, KindName(l.Kind), l.K, l.C, l.R, l.S, l.P, l.Q, l.Stride, c.Macs, c.Cycles, c.EnergyPj, c.MacEnergyPj, c.AccessEnergyPj, c.Edp,
                c.AreaMm2, c.Utilisation, BottleneckName(c.Bottleneck), c.L1BytesNeeded, c.L2BytesNeeded,
                c.Accesses.Dram, c.Accesses.L2, c.Accesses.L1, c.Accesses.NocWords, r.Mapping.ToString());
        }
    }

    private sealed record AsicEstimateJson(string Model, AsicHardwareJson Hardware, string Dataflow, string Objective, List<AsicLayerJson> Layers,
        long TotalCycles, double Milliseconds, double EnergyUj, double Edp, double AreaMm2, double Utilisation, long Macs);

    private sealed record AsicLoopJson(string Dim, int Tile, int Units, string Kind);

    private sealed record AsicLevelJson(int Level, int Units, List<AsicLoopJson> Loops);

    private sealed record AsicMapJson(string Model, AsicHardwareJson Hardware, string Dataflow, string Objective, int Seed, long SpaceSize,
        int Evaluated, int Refused, bool Exhaustive, List<AsicLevelJson> Levels, AsicLayerJson Layer);
}
