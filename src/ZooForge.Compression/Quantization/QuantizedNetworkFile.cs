using ZooForge.Core.Errors;
using ZooForge.Graph.Serialization;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ZooForge.Compression.Patterns;
using ZooForge.Graph.Model;

namespace ZooForge.Compression.Quantization;

/// <summary>
/// A <see cref="QuantizedNetwork"/> in one file, in the safetensors layout (format
/// <see cref="Format"/>, extension <see cref="Extension"/>): an 8-byte little-endian header
/// length, a JSON header padded with spaces to a multiple of 8 bytes, then the little-endian
/// integer tensor data. The header's <c>__metadata__</c> holds exactly three strings:
/// <c>format</c>, <c>network</c> (a JSON document with the name, scheme, input shape and scale,
/// and every op in execution order with its kind, inputs, output shape, output scale and scalar
/// parameters) and <c>sha256</c> (lower-case hex of the data section). Per convolution op
/// <c>NAME</c> the tensors are <c>NAME.weight</c> [M, N/groups, K, K] (I8 for up to 8 bits,
/// else I16), <c>NAME.bias</c>, <c>NAME.multiplier</c>, <c>NAME.shift</c> [M] (I32) and, when
/// pattern-pruned, <c>NAME.pattern_ids</c> [M, N/groups] (I32). Tensors are stored without gaps,
/// I32 first, then I16, then I8 (so every tensor is aligned to its element size), each group in
/// op order; the same network always gives the same bytes. Loading checks every size, offset,
/// dtype and shape, the checksum and the network's consistency, and rejects unknown keys; errors
/// name the file. The full layout is documented in the Compression README.
/// </summary>
public static class QuantizedNetworkFile
{
    /// <summary>Format tag in the metadata.</summary>
    public const string Format = "zooforge-qnet/1";

    /// <summary>Conventional file extension.</summary>
    public const string Extension = ".zfq.safetensors";

    /// <summary>Compact output; only quotes, backslashes and control characters are escaped, so the header stays readable.</summary>
    private static readonly JsonWriterOptions JsonOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private sealed record Tensor(string Key, string DType, int[] Shape, int[] Values);

    /// <summary>Serializes <paramref name="network"/> (validated first).</summary>
    /// <exception cref="QuantizationException">The network is inconsistent.</exception>
    public static byte[] ToBytes(QuantizedNetwork network)
    {
        QuantizedNetworkChecks.Validate(network);
        var tensors = new List<Tensor>();
        string weightType = network.Bits <= 8 ? "I8" : "I16";
        foreach (var op in network.Ops)
        {
            if (op.Name == "__metadata__") throw new QuantizationException($"quantized network '{network.Name}': an op may not be named '__metadata__'");
            if (op is not QConv c) continue;
            int per = c.InChannels / c.Groups;
            tensors.Add(new($"{c.Name}.weight", weightType, [c.OutChannels, per, c.Kernel, c.Kernel], c.Weights));
            tensors.Add(new($"{c.Name}.bias", "I32", [c.OutChannels], c.Bias));
            tensors.Add(new($"{c.Name}.multiplier", "I32", [c.OutChannels], c.Multiplier));
            tensors.Add(new($"{c.Name}.shift", "I32", [c.OutChannels], c.Shift));
            if (c.PatternIds is not null) tensors.Add(new($"{c.Name}.pattern_ids", "I32", [c.OutChannels, per], c.PatternIds));
        }
        var ordered = tensors.Select((t, i) => (t, i)).OrderByDescending(p => Size(p.t.DType)).ThenBy(p => p.i).Select(p => p.t).ToList();
        long total = ordered.Sum(t => (long)t.Values.Length * Size(t.DType));
        var data = new byte[total];
        var offsets = new List<(long Begin, long End)>();
        long offset = 0;
        foreach (var t in ordered)
        {
            int size = Size(t.DType);
            for (int i = 0; i < t.Values.Length; i++)
            {
                var span = data.AsSpan((int)(offset + (long)i * size), size);
                switch (size)
                {
                    case 4: BinaryPrimitives.WriteInt32LittleEndian(span, t.Values[i]); break;
                    case 2: BinaryPrimitives.WriteInt16LittleEndian(span, checked((short)t.Values[i])); break;
                    default: span[0] = unchecked((byte)checked((sbyte)t.Values[i])); break;
                }
            }
            offsets.Add((offset, offset + (long)t.Values.Length * size));
            offset += (long)t.Values.Length * size;
        }

        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, JsonOptions))
        {
            w.WriteStartObject();
            w.WriteStartObject("__metadata__");
            w.WriteString("format", Format);
            w.WriteString("network", NetworkJson(network));
            w.WriteString("sha256", Convert.ToHexStringLower(SHA256.HashData(data)));
            w.WriteEndObject();
            for (int i = 0; i < ordered.Count; i++)
            {
                w.WriteStartObject(ordered[i].Key);
                w.WriteString("dtype", ordered[i].DType);
                w.WriteStartArray("shape");
                foreach (int d in ordered[i].Shape) w.WriteNumberValue(d);
                w.WriteEndArray();
                w.WriteStartArray("data_offsets");
                w.WriteNumberValue(offsets[i].Begin);
                w.WriteNumberValue(offsets[i].End);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        var header = stream.ToArray();
        return SafetensorsLayout.Frame(header, data);
    }

    /// <summary>Writes the file through a temporary file in the same folder (never half-written).</summary>
    public static void Save(string path, QuantizedNetwork network) => AtomicFile.WriteAllBytes(path, ToBytes(network));

    /// <summary>Reads and fully validates a file.</summary>
    /// <exception cref="QuantizationException">Missing, truncated, corrupt or inconsistent; the message names the file.</exception>
    public static QuantizedNetwork Load(string path)
    {
        if (!File.Exists(path)) throw new QuantizationException($"quantized network file '{path}' does not exist");
        return FromBytes(File.ReadAllBytes(path), path);
    }

    /// <summary>Parses bytes; <paramref name="source"/> names the file in messages.</summary>
    /// <exception cref="QuantizationException">The bytes are not a valid file; the message starts with <paramref name="source"/>.</exception>
    public static QuantizedNetwork FromBytes(byte[] bytes, string source)
    {
        QuantizationException Corrupt(string problem) => new($"{source}: not a valid ZooForge quantized network file: {problem}");
        var (headerBytes, data) = SafetensorsLayout.Split(bytes, Corrupt);
        try
        {
            using var header = JsonDocument.Parse(headerBytes);
            var root = header.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw Corrupt("header is not a JSON object");
            if (!root.TryGetProperty("__metadata__", out var meta) || meta.ValueKind != JsonValueKind.Object) throw Corrupt("no __metadata__ object");
            var reader = new JsonReader(Corrupt);
            reader.Only(meta, "__metadata__", "format", "network", "sha256");
            string format = reader.Str(meta, "format", "__metadata__");
            if (format != Format) throw Corrupt($"format is '{format}', expected '{Format}'");
            string sha = reader.Str(meta, "sha256", "__metadata__");
            if (Convert.ToHexStringLower(SHA256.HashData(data.Span)) != sha)
                throw Corrupt("checksum mismatch: the tensor data is damaged or truncated");

            var tensors = ReadTensorTable(root, data.Span, reader, Corrupt);
            using var doc = JsonDocument.Parse(reader.Str(meta, "network", "__metadata__"));
            var network = ReadNetwork(doc.RootElement, tensors, reader, Corrupt);
            if (tensors.Count > 0) throw Corrupt($"tensor '{tensors.Keys.First()}' belongs to no op");
            QuantizedNetworkChecks.Validate(network);
            return network;
        }
        catch (JsonException e)
        {
            throw Corrupt($"invalid JSON ({e.Message})");
        }
        catch (QuantizationException e) when (!e.Message.StartsWith(source + ":", StringComparison.Ordinal))
        {
            throw Corrupt(e.Message);
        }
    }

    private static int Size(string dtype) => dtype switch { "I32" => 4, "I16" => 2, "I8" => 1, _ => 0 };

    private static Dictionary<string, Tensor> ReadTensorTable(JsonElement root, ReadOnlySpan<byte> data, JsonReader r, Func<string, QuantizationException> corrupt)
    {
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var spans = new List<(long Begin, long End, string Key)>();
        foreach (var property in root.EnumerateObject())
        {
            if (property.Name == "__metadata__") continue;
            string where = $"tensor '{property.Name}'";
            if (tensors.ContainsKey(property.Name)) throw corrupt($"{where} is listed twice");
            var t = property.Value;
            if (t.ValueKind != JsonValueKind.Object) throw corrupt($"{where} is not an object");
            r.Only(t, where, "dtype", "shape", "data_offsets");
            string dtype = r.Str(t, "dtype", where);
            int size = Size(dtype);
            if (size == 0) throw corrupt($"{where} has dtype '{dtype}'; only I8, I16 and I32 are used");
            var shape = r.Ints(t, "shape", where);
            if (shape.Any(d => d < 0)) throw corrupt($"{where} has a negative dimension");
            var offsets = r.Longs(t, "data_offsets", where);
            if (offsets.Length != 2) throw corrupt($"{where}: data_offsets must hold two numbers");
            long count = shape.Aggregate(1L, (a, d) => a * d);
            long begin = offsets[0], end = offsets[1];
            if (begin < 0 || end > data.Length || end - begin != count * size)
                throw corrupt($"{where} offsets [{begin},{end}) do not match its shape [{string.Join(",", shape)}] ({dtype}) or the {data.Length} data bytes");
            var values = new int[count];
            var bytes = data.Slice((int)begin, (int)(end - begin));
            for (int i = 0; i < count; i++)
                values[i] = size switch
                {
                    4 => BinaryPrimitives.ReadInt32LittleEndian(bytes.Slice(4 * i, 4)),
                    2 => BinaryPrimitives.ReadInt16LittleEndian(bytes.Slice(2 * i, 2)),
                    _ => unchecked((sbyte)bytes[i]),
                };
            tensors[property.Name] = new Tensor(property.Name, dtype, shape, values);
            spans.Add((begin, end, property.Name));
        }
        long at = 0;
        foreach (var (begin, end, key) in spans.OrderBy(s => s.Begin).ThenBy(s => s.End))
        {
            if (begin != at) throw corrupt($"tensor '{key}' starts at byte {begin}, expected {at} (data must be covered without gaps or overlaps)");
            at = end;
        }
        if (at != data.Length) throw corrupt($"the tensors cover {at} of {data.Length} data bytes");
        return tensors;
    }

    private static QuantizedNetwork ReadNetwork(JsonElement n, Dictionary<string, Tensor> tensors, JsonReader r, Func<string, QuantizationException> corrupt)
    {
        const string top = "network";
        if (n.ValueKind != JsonValueKind.Object) throw corrupt("the network metadata is not a JSON object");
        r.Only(n, top, "name", "scheme", "input", "ops");
        string name = r.Str(n, "name", top);
        QuantScheme scheme;
        try
        {
            scheme = QuantScheme.Parse(r.Str(n, "scheme", top));
        }
        catch (InvalidInputException e)
        {
            throw corrupt(e.Message);
        }
        var input = r.Obj(n, "input", top);
        r.Only(input, "input", "shape", "scale");
        var inputShape = Shape(r.Ints(input, "shape", "input"), "input", corrupt);
        var tensorInfo = new Dictionary<string, QTensor>(StringComparer.Ordinal) { [Network.InputName] = new(inputShape, r.Dbl(input, "scale", "input")) };
        var ops = new List<QOp>();
        if (!n.TryGetProperty("ops", out var list) || list.ValueKind != JsonValueKind.Array) throw corrupt("network: 'ops' is not an array");
        string weightType = scheme.Bits <= 8 ? "I8" : "I16";
        foreach (var o in list.EnumerateArray())
        {
            if (o.ValueKind != JsonValueKind.Object) throw corrupt("network: an op is not an object");
            string opName = r.Str(o, "name", "op");
            string kind = r.Str(o, "op", $"op '{opName}'");
            string where = $"op '{opName}' ({kind})";
            string[] common = ["name", "op", "inputs", "shape", "scale"];
            var inputs = r.Strs(o, "inputs", where);
            int Int(string key) => r.Int(o, key, where);
            string Single() => inputs.Length == 1 ? inputs[0] : throw corrupt($"{where} must read exactly one tensor, it lists {inputs.Length}");
            int[] Take(string suffix, string dtype, int[] shape)
            {
                string key = $"{opName}.{suffix}";
                if (!tensors.Remove(key, out var t)) throw corrupt($"{where}: missing tensor '{key}'");
                if (t.DType != dtype || !t.Shape.SequenceEqual(shape))
                    throw corrupt($"tensor '{key}' is {t.DType} [{string.Join(",", t.Shape)}], expected {dtype} [{string.Join(",", shape)}]");
                return t.Values;
            }
            QOp op;
            switch (OpKinds.TryParse(kind))
            {
                case OpKind.Conv:
                    {
                        r.Only(o, where, [.. common, "in_channels", "out_channels", "kernel", "stride", "padding", "groups", "lo", "hi", "patterns"]);
                        int inC = Int("in_channels"), outC = Int("out_channels"), k = Int("kernel"), groups = Int("groups");
                        if (inC < 1 || outC < 1 || k < 1 || groups < 1 || inC % groups != 0 || k > 64)
                            throw corrupt($"{where}: invalid channels/kernel/groups {inC}/{outC}/{k}/{groups}");
                        int per = inC / groups;
                        var weights = Take("weight", weightType, [outC, per, k, k]);
                        var bias = Take("bias", "I32", [outC]);
                        var multiplier = Take("multiplier", "I32", [outC]);
                        var shift = Take("shift", "I32", [outC]);
                        KernelPatternTable? table = null;
                        int[]? ids = null;
                        if (o.GetProperty("patterns").ValueKind != JsonValueKind.Null)
                        {
                            var p = r.Obj(o, "patterns", where);
                            r.Only(p, where + " patterns", "kernel", "masks");
                            var masks = r.Strs(p, "masks", where + " patterns").Select(s =>
                                s.StartsWith("0x", StringComparison.Ordinal) && ulong.TryParse(s.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out ulong v)
                                    ? v
                                    : throw corrupt($"{where}: pattern mask '{s}' is not 0x-prefixed hex")).ToArray();
                            table = new KernelPatternTable(r.Int(p, "kernel", where + " patterns"), masks);
                            ids = Take("pattern_ids", "I32", [outC, per]);
                        }
                        op = new QConv(opName, Single(), inC, outC, k, Int("stride"), Int("padding"), groups, weights, bias, multiplier, shift,
                            Int("lo"), Int("hi"), table, ids);
                        break;
                    }
                case OpKind.Add:
                    r.Only(o, where, [.. common, "multiplier_a", "multiplier_b", "shift", "lo", "hi"]);
                    if (inputs.Length != 2) throw corrupt($"{where} must read two tensors, it lists {inputs.Length}");
                    op = new QAdd(opName, inputs[0], inputs[1], Int("multiplier_a"), Int("multiplier_b"), Int("shift"), Int("lo"), Int("hi"));
                    break;
                case OpKind.Concat:
                    r.Only(o, where, [.. common, "multipliers", "shift", "lo", "hi"]);
                    op = new QConcat(opName, inputs, r.Ints(o, "multipliers", where), Int("shift"), Int("lo"), Int("hi"));
                    break;
                case OpKind.MaxPool or OpKind.AvgPool:
                    r.Only(o, where, [.. common, "kernel", "stride", "padding", "ceil_mode", "shift"]);
                    op = new QPool(opName, Single(), kind == OpKind.MaxPool.Tag(), Int("kernel"), Int("stride"), Int("padding"), r.Bool(o, "ceil_mode", where), 0, 0, Int("shift"));
                    break;
                case OpKind.AdaptiveAvgPool:
                    r.Only(o, where, [.. common, "output_height", "output_width", "shift"]);
                    int oh = Int("output_height");
                    if (oh < 1) throw corrupt($"{where}: output_height {oh} must be positive");
                    op = new QPool(opName, Single(), false, 0, 0, 0, false, oh, Int("output_width"), Int("shift"));
                    break;
                case OpKind.Flatten:
                    r.Only(o, where, common);
                    op = new QFlatten(opName, Single());
                    break;
                case OpKind.Clamp:
                    r.Only(o, where, [.. common, "lo", "hi"]);
                    op = new QClamp(opName, Single(), Int("lo"), Int("hi"));
                    break;
                default:
                    throw corrupt($"{where}: unknown op kind '{kind}'");
            }
            if (tensorInfo.ContainsKey(opName)) throw corrupt($"{where}: the name is defined twice");
            ops.Add(op);
            tensorInfo[opName] = new QTensor(Shape(r.Ints(o, "shape", where), where, corrupt), r.Dbl(o, "scale", where));
        }
        return new QuantizedNetwork { Name = name, Scheme = scheme, InputShape = inputShape, Ops = ops, Tensors = tensorInfo };
    }

    private static TensorShape Shape(int[] s, string where, Func<string, QuantizationException> corrupt) =>
        s.Length == 3 ? new TensorShape(s[0], s[1], s[2]) : throw corrupt($"{where}: shape must be [C, H, W]");

    /// <summary>The network description stored in the metadata (deterministic, compact JSON).</summary>
    private static string NetworkJson(QuantizedNetwork q)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, JsonOptions))
        {
            w.WriteStartObject();
            w.WriteString("name", q.Name);
            w.WriteString("scheme", q.Scheme.ToString());
            w.WriteStartObject("input");
            WriteShape(w, q.InputShape);
            w.WriteNumber("scale", q.Tensors[Network.InputName].Scale);
            w.WriteEndObject();
            w.WriteStartArray("ops");
            foreach (var op in q.Ops)
            {
                w.WriteStartObject();
                w.WriteString("name", op.Name);
                w.WriteString("op", QuantizedNetworkChecks.OpOf(op).Tag());
                w.WriteStartArray("inputs");
                foreach (var i in op.Inputs) w.WriteStringValue(i);
                w.WriteEndArray();
                WriteShape(w, q.Tensors[op.Name].Shape);
                w.WriteNumber("scale", q.Tensors[op.Name].Scale);
                switch (op)
                {
                    case QConv c:
                        w.WriteNumber("in_channels", c.InChannels);
                        w.WriteNumber("out_channels", c.OutChannels);
                        w.WriteNumber("kernel", c.Kernel);
                        w.WriteNumber("stride", c.Stride);
                        w.WriteNumber("padding", c.Padding);
                        w.WriteNumber("groups", c.Groups);
                        w.WriteNumber("lo", c.Lo);
                        w.WriteNumber("hi", c.Hi);
                        if (c.Patterns is { } table)
                        {
                            w.WriteStartObject("patterns");
                            w.WriteNumber("kernel", table.Kernel);
                            w.WriteStartArray("masks");
                            foreach (ulong m in table.Masks) w.WriteStringValue("0x" + m.ToString("x", CultureInfo.InvariantCulture));
                            w.WriteEndArray();
                            w.WriteEndObject();
                        }
                        else w.WriteNull("patterns");
                        break;
                    case QAdd a:
                        w.WriteNumber("multiplier_a", a.MultiplierA);
                        w.WriteNumber("multiplier_b", a.MultiplierB);
                        w.WriteNumber("shift", a.Shift);
                        w.WriteNumber("lo", a.Lo);
                        w.WriteNumber("hi", a.Hi);
                        break;
                    case QConcat cat:
                        w.WriteStartArray("multipliers");
                        foreach (int m in cat.Multipliers) w.WriteNumberValue(m);
                        w.WriteEndArray();
                        w.WriteNumber("shift", cat.Shift);
                        w.WriteNumber("lo", cat.Lo);
                        w.WriteNumber("hi", cat.Hi);
                        break;
                    case QPool { IsAdaptive: true } p:
                        w.WriteNumber("output_height", p.AdaptiveHeight);
                        w.WriteNumber("output_width", p.AdaptiveWidth);
                        w.WriteNumber("shift", p.Shift);
                        break;
                    case QPool p:
                        w.WriteNumber("kernel", p.Kernel);
                        w.WriteNumber("stride", p.Stride);
                        w.WriteNumber("padding", p.Padding);
                        w.WriteBoolean("ceil_mode", p.CeilMode);
                        w.WriteNumber("shift", p.Shift);
                        break;
                    case QClamp cl:
                        w.WriteNumber("lo", cl.Lo);
                        w.WriteNumber("hi", cl.Hi);
                        break;
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteShape(Utf8JsonWriter w, TensorShape s)
    {
        w.WriteStartArray("shape");
        w.WriteNumberValue(s.Channels);
        w.WriteNumberValue(s.Height);
        w.WriteNumberValue(s.Width);
        w.WriteEndArray();
    }

    /// <summary>Strict accessors that report problems through the caller's error factory.</summary>
    private sealed class JsonReader(Func<string, QuantizationException> corrupt)
    {
        public void Only(JsonElement e, string where, params string[] allowed)
        {
            foreach (var p in e.EnumerateObject())
                if (Array.IndexOf(allowed, p.Name) < 0) throw corrupt($"{where}: unknown key '{p.Name}'");
            foreach (var key in allowed)
                if (!e.TryGetProperty(key, out _)) throw corrupt($"{where}: missing key '{key}'");
        }

        private JsonElement Get(JsonElement e, string key, string where) =>
            e.TryGetProperty(key, out var v) ? v : throw corrupt($"{where}: missing key '{key}'");

        public string Str(JsonElement e, string key, string where) =>
            Get(e, key, where) is { ValueKind: JsonValueKind.String } v ? v.GetString()! : throw corrupt($"{where}: '{key}' is not a string");

        public int Int(JsonElement e, string key, string where) =>
            Get(e, key, where) is { ValueKind: JsonValueKind.Number } v && v.TryGetInt32(out int i) ? i : throw corrupt($"{where}: '{key}' is not a 32-bit integer");

        public double Dbl(JsonElement e, string key, string where) =>
            Get(e, key, where) is { ValueKind: JsonValueKind.Number } v && v.TryGetDouble(out double d) ? d : throw corrupt($"{where}: '{key}' is not a number");

        public bool Bool(JsonElement e, string key, string where) =>
            Get(e, key, where) is { ValueKind: JsonValueKind.True or JsonValueKind.False } v ? v.GetBoolean() : throw corrupt($"{where}: '{key}' is not a boolean");

        public JsonElement Obj(JsonElement e, string key, string where) =>
            Get(e, key, where) is { ValueKind: JsonValueKind.Object } v ? v : throw corrupt($"{where}: '{key}' is not an object");

        private JsonElement Arr(JsonElement e, string key, string where) =>
            Get(e, key, where) is { ValueKind: JsonValueKind.Array } v ? v : throw corrupt($"{where}: '{key}' is not an array");

        public int[] Ints(JsonElement e, string key, string where) =>
            Arr(e, key, where).EnumerateArray().Select(x => x.ValueKind == JsonValueKind.Number && x.TryGetInt32(out int i) ? i : throw corrupt($"{where}: '{key}' holds a non-integer")).ToArray();

        public long[] Longs(JsonElement e, string key, string where) =>
            Arr(e, key, where).EnumerateArray().Select(x => x.ValueKind == JsonValueKind.Number && x.TryGetInt64(out long i) ? i : throw corrupt($"{where}: '{key}' holds a non-integer")).ToArray();

        public string[] Strs(JsonElement e, string key, string where) =>
            Arr(e, key, where).EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString()! : throw corrupt($"{where}: '{key}' holds a non-string")).ToArray();
    }
}
