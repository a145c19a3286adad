using System.CommandLine;
using System.Globalization;
using ZooForge.Cli.App;
using ZooForge.Flow;
using ZooForge.Data.Mnist;
using ZooForge.Graph.Layers;
using ZooForge.Graph.Model;
using ZooForge.Hardware.Workloads;

namespace ZooForge.Cli.Commands;

/// <summary>The options that describe compression for latency estimates.</summary>
internal sealed class CompressionOptions
{
    public Option<int?> PatternOnes { get; } = new("--pattern-ones")
    {
        Description = "Non-zeros per kernel window for every 3x3 convolution (pattern pruning), 1..9",
    };

    public Option<int?> WeightBits { get; } = new("--weight-bits")
    {
        Description = "Weight bits for every convolution and linear layer",
    };

    public Option<string[]> Layer { get; } = new("--layer")
    {
        Description = "Per-layer rule GLOB:ones=N,bits=B (repeatable; later rules refine earlier ones), e.g. 'layer4.*:bits=8'",
        DefaultValueFactory = _ => [],
    };

    public void AddTo(Command command)
    {
        command.Add(PatternOnes);
        command.Add(WeightBits);
        command.Add(Layer);
    }

    /// <summary>Builds the plan; every rule must match at least one layer of <paramref name="network"/>.</summary>
    public CompressionPlan Build(ParseResult parse, Network network)
    {
        var plan = new CompressionPlan();
        if (parse.GetValue(WeightBits) is { } bits)
            plan.Add("*", new LayerCompression(WeightBits: bits));
        if (parse.GetValue(PatternOnes) is { } ones)
        {
            foreach (var node in network.Nodes)
                if (node.Layer is Conv2dLayer { Kernel: 3 } conv)
                    plan.Add(conv.Name, new LayerCompression(PatternOnes: ones));
        }
        foreach (var rule in parse.GetValue(Layer) ?? [])
        {
            var (glob, compression) = ParseRule(rule);
            plan.Add(glob, compression);
            var names = network.Nodes.Select(n => n.Layer.Name).ToList();
            if (new CompressionPlan().Add(glob, compression).UnmatchedGlobs(names).Any())
                throw new UserInputException($"--layer '{rule}': '{glob}' matches no layer of {network.Name}");
        }
        return plan;
    }

    private static (string Glob, LayerCompression Compression) ParseRule(string rule)
    {
        int colon = rule.LastIndexOf(':');
        if (colon <= 0 || colon == rule.Length - 1)
            throw new UserInputException($"--layer '{rule}': expected GLOB:ones=N,bits=B");
        int? ones = null, bits = null;
        foreach (var part in rule[(colon + 1)..].Split(',', StringSplitOptions.TrimEntries))
        {
            var kv = part.Split('=', 2, StringSplitOptions.TrimEntries);
            if (kv.Length != 2 || !int.TryParse(kv[1], NumberStyles.None, CultureInfo.InvariantCulture, out int value))
                throw new UserInputException($"--layer '{rule}': '{part}' is not KEY=INTEGER");
            switch (kv[0])
            {
                case "ones": ones = value; break;
                case "bits": bits = value; break;
                default: throw new UserInputException($"--layer '{rule}': unknown key '{kv[0]}' (expected ones or bits)");
            }
        }
        return (rule[..colon], new LayerCompression(ones, bits));
    }
}
