using System.Text.Json;
using System.Text.Json.Nodes;
using ZooForge.Graph.Layers;
using ZooForge.Graph.Model;

namespace ZooForge.Graph.Serialization;

/// <summary>
/// The IR as JSON: the network name, input shape, batch and an ordered list of layers, each an
/// object with <c>name</c>, <c>type</c>, <c>inputs</c> and its hyper-parameters. Reading is
/// strict: an unknown type, a missing or unknown field, or a wrong value type is a
/// <see cref="GraphException"/> naming the layer and the field.
/// </summary>
public static class GraphJson
{
    /// <summary>Format tag written into every document.</summary>
    public const string Format = "zooforge-graph/1";

    /// <summary>Serializes a network (deterministic: same network, same bytes).</summary>
    public static string Write(Network network)
    {
        var layers = new JsonArray();
        foreach (var node in network.Nodes) layers.Add(WriteLayer(node.Layer));
        var root = new JsonObject
        {
            ["format"] = Format,
            ["name"] = network.Name,
            ["input"] = new JsonArray(network.InputShape.Channels, network.InputShape.Height, network.InputShape.Width),
            ["batch"] = network.Batch,
            ["layers"] = layers,
        };
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Parses and validates a network; <paramref name="source"/> names the file in messages.</summary>
    public static Network Read(string json, string source)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException e)
        {
            throw new GraphException($"{source}: invalid JSON: {e.Message}");
        }
        if (root is not JsonObject obj) throw new GraphException($"{source}: expected a JSON object");
        var format = Str(obj, "format", source);
        if (format != Format) throw new GraphException($"{source}: unsupported graph format '{format}' (expected '{Format}')");
        var input = obj["input"] as JsonArray;
        if (input is not { Count: 3 }) throw new GraphException($"{source}: 'input' must be [channels, height, width]");
        var shape = new TensorShape(IntOf(input[0], "input", source), IntOf(input[1], "input", source), IntOf(input[2], "input", source));
        if (obj["layers"] is not JsonArray layerArray) throw new GraphException($"{source}: missing 'layers' array");
        var layers = new List<Layer>();
        foreach (var item in layerArray)
        {
            if (item is not JsonObject l) throw new GraphException($"{source}: every layer must be an object");
            layers.Add(ReadLayer(new Fields(l, source)));
        }
        int batch = obj.ContainsKey("batch") ? IntOf(obj["batch"], "batch", source) : 1;
        return new Network(Str(obj, "name", source), shape, layers, batch);
    }

    private static JsonObject WriteLayer(Layer layer)
    {
        var o = new JsonObject { ["name"] = layer.Name, ["type"] = TypeOf(layer) };
        var inputs = new JsonArray();
        foreach (var i in layer.Inputs) inputs.Add(i);
        o["inputs"] = inputs;
        switch (layer)
        {
            case Conv2dLayer c:
                o["in_channels"] = c.InChannels; o["out_channels"] = c.OutChannels; o["kernel"] = c.Kernel;
                o["stride"] = c.Stride; o["padding"] = c.Padding; o["groups"] = c.Groups; o["bias"] = c.HasBias;
                break;
            case LinearLayer l:
                o["in_features"] = l.InFeatures; o["out_features"] = l.OutFeatures; o["bias"] = l.HasBias;
                break;
            case BatchNorm2dLayer b:
                o["channels"] = b.Channels;
                break;
            case Pool2dLayer p:
                o["kernel"] = p.Kernel; o["stride"] = p.Stride; o["padding"] = p.Padding; o["ceil_mode"] = p.CeilMode;
                break;
            case AdaptiveAvgPool2dLayer a:
                o["output"] = new JsonArray(a.OutputHeight, a.OutputWidth);
                break;
        }
        return o;
    }

    private static string TypeOf(Layer layer) => layer switch
    {
        Conv2dLayer => "conv2d",
        LinearLayer => "linear",
        BatchNorm2dLayer => "batchnorm2d",
        ActivationLayer { Function: ActivationFunction.Relu } => "relu",
        ActivationLayer => "relu6",
        Pool2dLayer { Mode: PoolMode.Max } => "maxpool2d",
        Pool2dLayer => "avgpool2d",
        AdaptiveAvgPool2dLayer => "adaptiveavgpool2d",
        AddLayer => "add",
        ConcatLayer => "concat",
        FlattenLayer => "flatten",
        _ => throw new GraphException($"layer '{layer.Name}': type {layer.GetType().Name} has no JSON form"),
    };

    private static Layer ReadLayer(Fields f)
    {
        string name = f.Str("name");
        string type = f.Str("type");
        var inputs = f.Inputs();
        string one = inputs.Count == 1 ? inputs[0]
            : type is "add" or "concat" ? "" : throw f.Error($"'{type}' takes one input, got {inputs.Count}");
        Layer layer = type switch
        {
            "conv2d" => new Conv2dLayer(name, one, f.Int("in_channels"), f.Int("out_channels"), f.Int("kernel"),
                f.Int("stride"), f.Int("padding"), f.Int("groups"), f.Bool("bias")),
            "linear" => new LinearLayer(name, one, f.Int("in_features"), f.Int("out_features"), f.Bool("bias")),
            "batchnorm2d" => new BatchNorm2dLayer(name, one, f.Int("channels")),
            "relu" => new ActivationLayer(name, one, ActivationFunction.Relu),
            "relu6" => new ActivationLayer(name, one, ActivationFunction.Relu6),
            "maxpool2d" or "avgpool2d" => new Pool2dLayer(name, one, type == "maxpool2d" ? PoolMode.Max : PoolMode.Average,
                f.Int("kernel"), f.Int("stride"), f.Int("padding"), f.Bool("ceil_mode")),
            "adaptiveavgpool2d" => f.AdaptiveOutput(name, one),
            "add" => new AddLayer(name, inputs),
            "concat" => new ConcatLayer(name, inputs),
            "flatten" => new FlattenLayer(name, one),
            _ => throw f.Error($"unknown layer type '{type}'"),
        };
        f.RejectUnread();
        return layer;
    }

    private static string Str(JsonObject o, string key, string source) =>
        o[key] is JsonValue v && v.TryGetValue(out string? s) ? s : throw new GraphException($"{source}: missing string field '{key}'");

    private static int IntOf(JsonNode? node, string field, string source) =>
        node is JsonValue v && v.TryGetValue(out int i) ? i : throw new GraphException($"{source}: field '{field}' must be an integer");

    /// <summary>Reads one layer object and remembers which keys were used, to reject the rest.</summary>
    private sealed class Fields(JsonObject obj, string source)
    {
        private readonly HashSet<string> _read = ["name", "type", "inputs"];

        public GraphException Error(string problem)
        {
            string layer = obj["name"] is JsonValue v && v.TryGetValue(out string? n) ? n : "?";
            return new GraphException($"{source}: layer '{layer}': {problem}");
        }

        public string Str(string key) =>
            obj[key] is JsonValue v && v.TryGetValue(out string? s) && s.Length > 0 ? s : throw Error($"missing string field '{key}'");

        public int Int(string key)
        {
            _read.Add(key);
            return obj[key] is JsonValue v && v.TryGetValue(out int i) ? i : throw Error($"field '{key}' must be an integer");
        }

        public bool Bool(string key)
        {
            _read.Add(key);
            return obj[key] is JsonValue v && v.TryGetValue(out bool b) ? b : throw Error($"field '{key}' must be true or false");
        }

        public List<string> Inputs()
        {
            if (obj["inputs"] is not JsonArray a || a.Count == 0) throw Error("field 'inputs' must be a non-empty array of layer names");
            return a.Select(x => x is JsonValue v && v.TryGetValue(out string? s) ? s : throw Error("'inputs' must hold strings")).ToList();
        }

        public Layer AdaptiveOutput(string name, string input)
        {
            _read.Add("output");
            if (obj["output"] is not JsonArray { Count: 2 } a) throw Error("field 'output' must be [height, width]");
            return new AdaptiveAvgPool2dLayer(name, input, IntOf(a[0], "output", source), IntOf(a[1], "output", source));
        }

        public void RejectUnread()
        {
            foreach (var key in obj.Select(p => p.Key))
                if (!_read.Contains(key)) throw Error($"unknown field '{key}'");
        }
    }
}
