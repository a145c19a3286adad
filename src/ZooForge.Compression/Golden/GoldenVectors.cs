using ZooForge.Core.Errors;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ZooForge.Compression.Quantization;
using ZooForge.Graph.Serialization;
using ZooForge.Compression.Reference;
using ZooForge.Data.Datasets;
using ZooForge.Graph.Model;

namespace ZooForge.Compression.Golden;

/// <summary>One tensor of a golden set: the input or one op's output.</summary>
/// <param name="Name">Tensor name (<c>"input"</c> or the op name).</param>
/// <param name="Op">Op kind (<c>input</c>, <c>conv</c>, <c>add</c>, …).</param>
/// <param name="Inputs">Tensors the op reads.</param>
/// <param name="Shape">C×H×W.</param>
/// <param name="Scale">Real value of one integer step.</param>
/// <param name="File">File stem inside each image folder (<c>input</c>, <c>op_000</c>, …); <c>.txt</c> and <c>.hex</c> exist.</param>
public sealed record GoldenTensor(string Name, string Op, IReadOnlyList<string> Inputs, TensorShape Shape, double Scale, string File);

/// <summary>The manifest of a golden set (<c>manifest.json</c>).</summary>
/// <param name="Network">Network name.</param>
/// <param name="Scheme">Quantization scheme, e.g. <c>int8</c>.</param>
/// <param name="Bits">Bits of every tensor value.</param>
/// <param name="HexDigits">Hex digits per value in the <c>.hex</c> files, ⌈bits/4⌉.</param>
/// <param name="ImageFolders">One folder per image, in order.</param>
/// <param name="Tensors">The input, then every op in execution order.</param>
/// <param name="Output">Name of the output tensor.</param>
/// <param name="Predictions">The integer reference's argmax per image (ties: lowest index).</param>
/// <param name="Labels">Dataset labels per image, when known.</param>
public sealed record GoldenManifest(string Network, string Scheme, int Bits, int HexDigits, IReadOnlyList<string> ImageFolders,
    IReadOnlyList<GoldenTensor> Tensors, string Output, IReadOnlyList<int> Predictions, IReadOnlyList<int>? Labels);

/// <summary>A golden set read back: the manifest, the network and every tensor of every image.</summary>
/// <param name="Manifest">The manifest.</param>
/// <param name="Network">The quantized network stored beside it.</param>
/// <param name="Images">Per image, every tensor by name.</param>
public sealed record GoldenSet(GoldenManifest Manifest, QuantizedNetwork Network, IReadOnlyList<IReadOnlyDictionary<string, int[]>> Images);

/// <summary>
/// Golden vectors for C++ and SystemVerilog testbenches (hls4ml's <c>tb_data/</c> idea): for N
/// images, the quantized input, every op's output and the predictions of the
/// <see cref="IntegerReference"/>. Layout of the folder (documented in the Compression README):
/// <code>
/// manifest.json              format, scheme, bits, tensors (name, op, inputs, shape, scale, file), predictions, labels
/// network.zfq.safetensors    the quantized network (QuantizedNetworkFile)
/// inputs.txt  outputs.txt    one line per image: the input / output tensor, space-separated decimals
/// predictions.txt            one line per image: the predicted class
/// labels.txt                 one line per image (only when labels are known)
/// image_0000/input.txt       one signed decimal per line, C-major then row-major
/// image_0000/input.hex       the same values, two's complement, ⌈bits/4⌉ hex digits per line ($readmemh)
/// image_0000/op_000.txt/.hex the output of op 0 (execution order), and so on
/// </code>
/// Files use '\n' line ends and no trailing spaces; numbers are invariant-culture.
/// </summary>
public static class GoldenVectors
{
    /// <summary>Format tag in the manifest.</summary>
    public const string Format = "zooforge-golden/1";

    /// <summary>Manifest file name.</summary>
    public const string ManifestName = "manifest.json";

    /// <summary>File name of the quantized network inside the folder.</summary>
    public const string NetworkFileName = "network" + QuantizedNetworkFile.Extension;

    private const string Layout =
        "tensor files: <image folder>/<file>.txt holds one signed decimal per line and <file>.hex the same values as two's complement " +
        "with hex_digits digits per line; values in C-major then row-major order (index (c*H + h)*W + w)";

    /// <summary>
    /// Quantizes the first <paramref name="count"/> images of <paramref name="data"/> with
    /// <see cref="Quantizer.QuantizeInput"/> and writes their golden vectors (labels included).
    /// </summary>
    public static GoldenManifest Write(string folder, QuantizedNetwork network, ImageDataset data, int count)
    {
        if (count < 1 || count > data.Count) throw new InvalidInputException($"{count} images requested, dataset '{data.Name}' has {data.Count}", nameof(count));
        var inputs = Enumerable.Range(0, count).Select(i => Quantizer.QuantizeInput(data.GetImage(i), network)).ToArray();
        return Write(folder, network, inputs, data.Labels.Take(count).ToArray());
    }

    /// <summary>
    /// Runs the integer reference on every quantized input and writes the golden set to
    /// <paramref name="folder"/>, replacing an earlier golden set there. The folder is assembled
    /// beside the target and moved into place, so it is never half-written.
    /// </summary>
    /// <exception cref="IOException">The folder exists, is not empty and is not a golden set.</exception>
    public static GoldenManifest Write(string folder, QuantizedNetwork network, IReadOnlyList<int[]> inputs, IReadOnlyList<int>? labels = null)
    {
        if (inputs.Count == 0) throw new ArgumentException("golden vectors need at least one input", nameof(inputs));
        if (labels is not null && labels.Count != inputs.Count)
            throw new ArgumentException($"{labels.Count} labels for {inputs.Count} inputs", nameof(labels));
        var reference = new IntegerReference(network);
        var runs = inputs.Select(i => reference.Run(i)).ToArray();
        int digits = (network.Bits + 3) / 4;
        var tensors = new List<GoldenTensor>
        {
            new(Network.InputName, "input", [], network.InputShape, network.Tensors[Network.InputName].Scale, "input"),
        };
        for (int i = 0; i < network.Ops.Count; i++)
        {
            var op = network.Ops[i];
            var t = network.Tensors[op.Name];
            tensors.Add(new GoldenTensor(op.Name, QuantizedNetworkChecks.KindOf(op), op.Inputs.ToArray(), t.Shape, t.Scale, $"op_{i:D3}"));
        }
        var folders = Enumerable.Range(0, inputs.Count).Select(i => $"image_{i:D4}").ToArray();
        var predictions = runs.Select(r => EvaluationResult.ArgMax<int>(r[network.OutputName])).ToArray();
        var manifest = new GoldenManifest(network.Name, network.Scheme.ToString(), network.Bits, digits, folders, tensors,
            network.OutputName, predictions, labels?.ToArray());

        string target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any() && !IsGoldenSet(target))
            throw new IOException($"golden vectors: '{target}' exists, is not empty and holds no golden set ({ManifestName} with format {Format}); refusing to overwrite it");
        AtomicFolder.Replace(target, temp =>
        {
            QuantizedNetworkFile.Save(Path.Combine(temp, NetworkFileName), network);
            for (int i = 0; i < runs.Length; i++)
            {
                string dir = Path.Combine(temp, folders[i]);
                Directory.CreateDirectory(dir);
                foreach (var t in tensors)
                {
                    var values = runs[i][t.Name];
                    File.WriteAllText(Path.Combine(dir, t.File + ".txt"), Lines(values, v => v.ToString(CultureInfo.InvariantCulture)));
                    File.WriteAllText(Path.Combine(dir, t.File + ".hex"), Lines(values, v => Hex(v, network.Bits, digits)));
                }
            }
            File.WriteAllText(Path.Combine(temp, "inputs.txt"), Rows(runs.Select(r => r[Network.InputName])));
            File.WriteAllText(Path.Combine(temp, "outputs.txt"), Rows(runs.Select(r => r[network.OutputName])));
            File.WriteAllText(Path.Combine(temp, "predictions.txt"), Lines(predictions, v => v.ToString(CultureInfo.InvariantCulture)));
            if (labels is not null) File.WriteAllText(Path.Combine(temp, "labels.txt"), Lines(labels.ToArray(), v => v.ToString(CultureInfo.InvariantCulture)));
            File.WriteAllText(Path.Combine(temp, ManifestName), ManifestJson(manifest));
        });
        return manifest;
    }

    /// <summary>
    /// Reads a golden set back and checks it: the manifest, the network file, and every tensor
    /// file (line count equal to the shape, values inside the bit range, <c>.hex</c> equal to
    /// <c>.txt</c>, the summary files equal to the per-image files).
    /// </summary>
    /// <exception cref="InvalidDataException">Anything missing or inconsistent; names the file.</exception>
    public static GoldenSet Read(string folder)
    {
        string manifestPath = Path.Combine(folder, ManifestName);
        if (!File.Exists(manifestPath)) throw new InvalidDataException($"{manifestPath}: golden manifest does not exist");
        GoldenManifest manifest;
        try
        {
            manifest = ParseManifest(File.ReadAllText(manifestPath));
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException or ArgumentException)
        {
            throw new InvalidDataException($"{manifestPath}: invalid golden manifest: {e.Message}");
        }
        QuantizedNetwork network;
        try
        {
            network = QuantizedNetworkFile.Load(Path.Combine(folder, NetworkFileName));
        }
        catch (QuantizationException e)
        {
            throw new InvalidDataException(e.Message, e);
        }
        if (network.Name != manifest.Network || network.Bits != manifest.Bits || network.Scheme.ToString() != manifest.Scheme)
            throw new InvalidDataException($"{manifestPath}: the manifest describes '{manifest.Network}' ({manifest.Scheme}), the network file holds '{network.Name}' ({network.Scheme})");
        var (lo, hi) = Requantizer.SignedRange(manifest.Bits);
        var images = new List<IReadOnlyDictionary<string, int[]>>();
        foreach (var dir in manifest.ImageFolders)
        {
            var tensors = new Dictionary<string, int[]>(StringComparer.Ordinal);
            foreach (var t in manifest.Tensors)
            {
                string txt = Path.Combine(folder, dir, t.File + ".txt"), hex = Path.Combine(folder, dir, t.File + ".hex");
                var values = ReadLines(txt, s => int.Parse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
                if (values.Length != t.Shape.Elements)
                    throw new InvalidDataException($"{txt}: {values.Length} values, tensor '{t.Name}' is {t.Shape} = {t.Shape.Elements}");
                for (int i = 0; i < values.Length; i++)
                    if (values[i] < lo || values[i] > hi)
                        throw new InvalidDataException($"{txt}: line {i + 1}: {values[i]} is outside the {manifest.Bits}-bit range");
                var hexValues = ReadLines(hex, s => s.Length == manifest.HexDigits ? FromHex(s, manifest.Bits) : throw new FormatException($"'{s}' is not {manifest.HexDigits} hex digits"));
                if (!hexValues.AsSpan().SequenceEqual(values)) throw new InvalidDataException($"{hex}: differs from {Path.GetFileName(txt)}");
                tensors[t.Name] = values;
            }
            images.Add(tensors);
        }
        CheckRows(Path.Combine(folder, "inputs.txt"), images.Select(i => i[Network.InputName]).ToArray());
        CheckRows(Path.Combine(folder, "outputs.txt"), images.Select(i => i[manifest.Output]).ToArray());
        var predictions = ReadLines(Path.Combine(folder, "predictions.txt"), s => int.Parse(s, CultureInfo.InvariantCulture));
        if (!predictions.SequenceEqual(manifest.Predictions)) throw new InvalidDataException($"{Path.Combine(folder, "predictions.txt")}: differs from the manifest");
        return new GoldenSet(manifest, network, images);
    }

    private static bool IsGoldenSet(string folder)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, ManifestName)));
            return doc.RootElement.TryGetProperty("format", out var f) && f.ValueKind == JsonValueKind.String && f.GetString() == Format;
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary><paramref name="value"/> as <paramref name="digits"/> lower-case hex digits of its <paramref name="bits"/>-bit two's complement.</summary>
    public static string Hex(int value, int bits, int digits) =>
        ((uint)value & (bits >= 32 ? uint.MaxValue : (1u << bits) - 1)).ToString("x" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static int FromHex(string s, int bits)
    {
        uint u = uint.Parse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
        if (bits < 32 && u >> bits != 0) throw new FormatException($"'{s}' does not fit {bits} bits");
        return bits >= 32 ? (int)u : (int)(u << (32 - bits)) >> (32 - bits);
    }

    private static string Lines(int[] values, Func<int, string> format)
    {
        var sb = new StringBuilder(values.Length * 4);
        foreach (int v in values) sb.Append(format(v)).Append('\n');
        return sb.ToString();
    }

    private static string Rows(IEnumerable<int[]> rows)
    {
        var sb = new StringBuilder();
        foreach (var row in rows) sb.AppendJoin(' ', row.Select(v => v.ToString(CultureInfo.InvariantCulture))).Append('\n');
        return sb.ToString();
    }

    private static int[] ReadLines(string path, Func<string, int> parse)
    {
        if (!File.Exists(path)) throw new InvalidDataException($"{path}: golden file does not exist");
        var lines = File.ReadAllText(path).Split('\n');
        if (lines[^1].Length != 0) throw new InvalidDataException($"{path}: the last line has no line end (truncated?)");
        var values = new int[lines.Length - 1];
        for (int i = 0; i < values.Length; i++)
        {
            try
            {
                values[i] = parse(lines[i]);
            }
            catch (Exception e) when (e is FormatException or OverflowException)
            {
                throw new InvalidDataException($"{path}: line {i + 1}: '{lines[i]}' is not a valid value ({e.Message})");
            }
        }
        return values;
    }

    private static void CheckRows(string path, int[][] expected)
    {
        if (!File.Exists(path)) throw new InvalidDataException($"{path}: golden file does not exist");
        var lines = File.ReadAllText(path).Split('\n');
        if (lines.Length != expected.Length + 1 || lines[^1].Length != 0)
            throw new InvalidDataException($"{path}: expected {expected.Length} lines");
        for (int i = 0; i < expected.Length; i++)
            if (lines[i] != string.Join(' ', expected[i].Select(v => v.ToString(CultureInfo.InvariantCulture))))
                throw new InvalidDataException($"{path}: line {i + 1} differs from the per-image files");
    }

    private static string ManifestJson(GoldenManifest m)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("format", Format);
            w.WriteString("network", m.Network);
            w.WriteString("network_file", NetworkFileName);
            w.WriteString("scheme", m.Scheme);
            w.WriteNumber("bits", m.Bits);
            w.WriteNumber("hex_digits", m.HexDigits);
            w.WriteString("layout", Layout);
            w.WriteNumber("images", m.ImageFolders.Count);
            w.WriteStartArray("image_folders");
            foreach (var f in m.ImageFolders) w.WriteStringValue(f);
            w.WriteEndArray();
            w.WriteStartArray("tensors");
            foreach (var t in m.Tensors)
            {
                w.WriteStartObject();
                w.WriteString("name", t.Name);
                w.WriteString("op", t.Op);
                w.WriteStartArray("inputs");
                foreach (var i in t.Inputs) w.WriteStringValue(i);
                w.WriteEndArray();
                w.WriteStartArray("shape");
                w.WriteNumberValue(t.Shape.Channels);
                w.WriteNumberValue(t.Shape.Height);
                w.WriteNumberValue(t.Shape.Width);
                w.WriteEndArray();
                w.WriteNumber("scale", t.Scale);
                w.WriteString("file", t.File);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteString("output", m.Output);
            w.WriteStartArray("predictions");
            foreach (int p in m.Predictions) w.WriteNumberValue(p);
            w.WriteEndArray();
            if (m.Labels is null) w.WriteNull("labels");
            else
            {
                w.WriteStartArray("labels");
                foreach (int l in m.Labels) w.WriteNumberValue(l);
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static GoldenManifest ParseManifest(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var r = doc.RootElement;
        string format = r.GetProperty("format").GetString()!;
        if (format != Format) throw new FormatException($"format is '{format}', expected '{Format}'");
        var tensors = r.GetProperty("tensors").EnumerateArray().Select(t =>
        {
            var s = t.GetProperty("shape").EnumerateArray().Select(x => x.GetInt32()).ToArray();
            if (s.Length != 3) throw new FormatException($"tensor '{t.GetProperty("name").GetString()}': shape must be [C, H, W]");
            return new GoldenTensor(t.GetProperty("name").GetString()!, t.GetProperty("op").GetString()!,
                t.GetProperty("inputs").EnumerateArray().Select(x => x.GetString()!).ToArray(),
                new TensorShape(s[0], s[1], s[2]), t.GetProperty("scale").GetDouble(), t.GetProperty("file").GetString()!);
        }).ToArray();
        foreach (var t in tensors)
            if (t.File.Contains('/') || t.File.Contains('\\') || t.File.Contains("..")) throw new FormatException($"tensor '{t.Name}': file '{t.File}' is not a plain name");
        var folders = r.GetProperty("image_folders").EnumerateArray().Select(x => x.GetString()!).ToArray();
        foreach (var f in folders)
            if (f.Contains('/') || f.Contains('\\') || f.Contains("..")) throw new FormatException($"image folder '{f}' is not a plain name");
        if (r.GetProperty("images").GetInt32() != folders.Length) throw new FormatException("'images' differs from the number of image folders");
        var predictions = r.GetProperty("predictions").EnumerateArray().Select(x => x.GetInt32()).ToArray();
        if (predictions.Length != folders.Length) throw new FormatException($"{predictions.Length} predictions for {folders.Length} images");
        var labelsElement = r.GetProperty("labels");
        int[]? labels = labelsElement.ValueKind == JsonValueKind.Null ? null : labelsElement.EnumerateArray().Select(x => x.GetInt32()).ToArray();
        if (labels is not null && labels.Length != folders.Length) throw new FormatException($"{labels.Length} labels for {folders.Length} images");
        int bits = r.GetProperty("bits").GetInt32();
        Requantizer.SignedRange(bits);
        int digits = r.GetProperty("hex_digits").GetInt32();
        if (digits != (bits + 3) / 4) throw new FormatException($"hex_digits {digits} does not match {bits} bits");
        string output = r.GetProperty("output").GetString()!;
        if (tensors.Length == 0 || tensors[0].Name != Network.InputName || tensors.All(t => t.Name != output))
            throw new FormatException("the tensor list must start with 'input' and contain the output");
        return new GoldenManifest(r.GetProperty("network").GetString()!, r.GetProperty("scheme").GetString()!, bits, digits,
            folders, tensors, output, predictions, labels);
    }
}
