using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ZooForge.Graph.Model;

namespace ZooForge.Graph.Serialization;

/// <summary>
/// A network and its weights in one file, in the safetensors layout so that other tools can read
/// the tensors: an 8-byte little-endian header length, a JSON header (tensor name → dtype F32,
/// shape, byte offsets; <c>__metadata__</c> holds the graph JSON, a format tag and the SHA-256 of
/// the data), then the raw little-endian float32 data. Tensors are stored in ordinal key order,
/// so the same model always gives the same bytes. Reading checks every size, offset, shape and
/// the checksum, so a truncated or corrupted file is reported rather than half-loaded.
/// </summary>
public static class ModelFile
{
    /// <summary>Format tag in the metadata.</summary>
    public const string Format = "zooforge-model/1";

    /// <summary>Conventional file extension.</summary>
    public const string Extension = ".zfm.safetensors";

    /// <summary>A network with (optionally) its weights.</summary>
    public sealed record Contents(Network Network, NetworkWeights Weights, IReadOnlyDictionary<string, string> Metadata);

    /// <summary>Serializes to bytes.</summary>
    public static byte[] ToBytes(Network network, NetworkWeights weights, IReadOnlyDictionary<string, string>? metadata = null)
    {
        weights.Validate(network);
        var entries = weights.Entries.ToList();
        long dataLength = entries.Sum(e => 4L * e.Value.Length);
        var data = new byte[dataLength];
        var header = new JsonObject();
        long offset = 0;
        foreach (var (key, tensor) in entries)
        {
            var span = data.AsSpan((int)offset, tensor.Length * 4);
            for (int i = 0; i < tensor.Length; i++)
                BinaryPrimitives.WriteSingleLittleEndian(span.Slice(i * 4, 4), tensor.Data[i]);
            header[key] = new JsonObject
            {
                ["dtype"] = "F32",
                ["shape"] = new JsonArray(tensor.Shape.Select(d => (JsonNode)d).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + tensor.Length * 4L),
            };
            offset += tensor.Length * 4L;
        }
        var meta = new JsonObject
        {
            ["format"] = Format,
            ["graph"] = GraphJson.Write(network),
            ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(data)),
        };
        foreach (var (k, v) in (metadata ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal))
            if (k is not ("format" or "graph" or "sha256")) meta[k] = v;
        var ordered = new JsonObject { ["__metadata__"] = meta };
        foreach (var (key, value) in header) ordered[key] = value!.DeepClone();
        var headerBytes = Encoding.UTF8.GetBytes(ordered.ToJsonString());
        return SafetensorsLayout.Frame(headerBytes, data);
    }

    /// <summary>
    /// Writes the model to <paramref name="path"/> through a temporary file in the same folder,
    /// so the target is either the old file or the complete new one, never half-written.
    /// </summary>
    public static void Save(string path, Network network, NetworkWeights weights, IReadOnlyDictionary<string, string>? metadata = null) =>
        AtomicFile.WriteAllBytes(path, ToBytes(network, weights, metadata));

    /// <summary>Reads and fully validates a model file.</summary>
    /// <exception cref="GraphException">The file is missing, truncated, corrupt or inconsistent; the message names it.</exception>
    public static Contents Load(string path)
    {
        if (!File.Exists(path)) throw new GraphException($"model file '{path}' does not exist");
        return FromBytes(File.ReadAllBytes(path), path);
    }

    /// <summary>Parses bytes; <paramref name="source"/> names the file in messages.</summary>
    public static Contents FromBytes(byte[] bytes, string source)
    {
        GraphException Corrupt(string problem) => new($"{source}: not a valid ZooForge model file: {problem}");
        var (headerBytes, dataBytes) = SafetensorsLayout.Split(bytes, Corrupt);
        JsonObject header;
        try
        {
            header = JsonNode.Parse(headerBytes.Span) as JsonObject ?? throw Corrupt("header is not a JSON object");
        }
        catch (JsonException e)
        {
            throw Corrupt($"header is not valid JSON ({e.Message})");
        }
        if (header["__metadata__"] is not JsonObject meta) throw Corrupt("no __metadata__");
        var metadata = meta.ToDictionary(p => p.Key, p => p.Value is JsonValue v && v.TryGetValue(out string? s) ? s : throw Corrupt($"metadata '{p.Key}' is not a string"));
        if (!metadata.TryGetValue("format", out var format) || format != Format)
            throw Corrupt($"format is '{format ?? "(none)"}', expected '{Format}'");
        if (!metadata.TryGetValue("graph", out var graph)) throw Corrupt("no graph in the metadata");
        var network = GraphJson.Read(graph, source + " (graph)");

        var data = dataBytes.Span;
        if (metadata.TryGetValue("sha256", out var sha) && Convert.ToHexStringLower(SHA256.HashData(data)) != sha)
            throw Corrupt("checksum mismatch: the tensor data is damaged or truncated");
        var weights = new NetworkWeights();
        try
        {
            ReadTensors(header, dataBytes, weights, Corrupt);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentException or NullReferenceException)
        {
            throw Corrupt($"malformed tensor entry ({e.Message})");
        }
        try
        {
            weights.Validate(network);
        }
        catch (GraphException e)
        {
            throw new GraphException($"{source}: {e.Message}");
        }
        return new Contents(network, weights, metadata);
    }

    private static void ReadTensors(JsonObject header, ReadOnlyMemory<byte> memory, NetworkWeights weights, Func<string, GraphException> corrupt)
    {
        var data = memory.Span;
        foreach (var (key, node) in header)
        {
            if (key == "__metadata__") continue;
            if (node is not JsonObject t) throw corrupt($"tensor '{key}' is not an object");
            if (t["dtype"]?.GetValue<string>() != "F32") throw corrupt($"tensor '{key}' has dtype '{t["dtype"]}', only F32 is supported");
            var shape = (t["shape"] as JsonArray ?? throw corrupt($"tensor '{key}' has no shape")).Select(d => d!.GetValue<int>()).ToArray();
            var offsets = t["data_offsets"] as JsonArray ?? throw corrupt($"tensor '{key}' has no data_offsets");
            long begin = offsets[0]!.GetValue<long>(), end = offsets[1]!.GetValue<long>();
            long count = shape.Aggregate(1L, (a, d) => a * d);
            if (begin < 0 || end > data.Length || end - begin != count * 4)
                throw corrupt($"tensor '{key}' offsets [{begin},{end}) do not match its shape or the {data.Length} data bytes");
            var values = new float[count];
            for (int i = 0; i < count; i++)
                values[i] = BinaryPrimitives.ReadSingleLittleEndian(data.Slice((int)(begin + 4L * i), 4));
            weights.Set(key, new WeightTensor(shape, values));
        }
    }
}
