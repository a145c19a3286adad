using System.Collections;
using System.Globalization;
using TorchSharp.PyBridge;
using ZooForge.Graph.Model;
using ZooForge.Graph.Zoo;
using static TorchSharp.torch;

namespace ZooForge.Torch.Import;

/// <summary>What <see cref="StateDictImporter.Import"/> read.</summary>
/// <param name="Network">The built-in architecture (renamed if a name was given).</param>
/// <param name="Weights">Every tensor the architecture needs, validated against it.</param>
/// <param name="SourceDtypes">Imported tensors per dtype in the file (e.g. <c>float32</c> → 102); anything but float32 was converted.</param>
/// <param name="IgnoredKeys">Keys of the file that were dropped on purpose (batch-norm <c>num_batches_tracked</c> counters), in ordinal order.</param>
/// <param name="StrippedPrefix">A prefix removed from every key (<c>module.</c> of <c>nn.DataParallel</c>), or null.</param>
public sealed record StateDictImport(
    Network Network,
    NetworkWeights Weights,
    IReadOnlyDictionary<string, int> SourceDtypes,
    IReadOnlyList<string> IgnoredKeys,
    string? StrippedPrefix);

/// <summary>
/// Imports a PyTorch <c>state_dict</c> file — <c>torch.save(model.state_dict(), path)</c> — for
/// one of the built-in torchvision architectures (<see cref="BuiltinModels"/>), whose IR layer
/// names are torchvision's module names, so the file's keys map onto
/// <see cref="NetworkWeights"/> key for key.
/// </summary>
/// <remarks>
/// <para>Reading: the file is PyTorch's zip serialization (the default since PyTorch 1.6),
/// unpickled by TorchSharp.PyBridge's <see cref="PyTorchUnpickler"/>. The unpickler only
/// rebuilds tensors and dictionaries; any other Python object in the pickle stays an inert
/// description, so no code from the file runs. The legacy non-zip format
/// (<c>_use_new_zipfile_serialization=False</c>) and files holding a whole pickled
/// <c>nn.Module</c> are rejected with a message that says how to re-save. Every zip entry is
/// checked against its CRC-32 first (.NET's zip reader does not check it, and torch stores
/// tensors uncompressed), so corrupted tensor bytes are reported rather than imported.</para>
/// <para>Keys: batch-norm <c>num_batches_tracked</c> counters are dropped (the IR keeps no training
/// state); if every key starts with <c>module.</c> (a model saved from <c>nn.DataParallel</c>) that
/// prefix is removed; a checkpoint dictionary that holds the state_dict under <c>state_dict</c>,
/// <c>model_state_dict</c> or <c>model</c> is unwrapped. Every other key must be exactly one the
/// architecture needs, and every needed key must be present.</para>
/// <para>Dtypes: the IR stores float32. float32 tensors are copied bit for bit; float16 and
/// bfloat16 are widened to float32 (exact); float64 is rounded to the nearest float32, as
/// <c>model.float()</c> does in PyTorch. Integer, boolean and complex tensors are rejected. The
/// result reports how many tensors had each source dtype.</para>
/// <para>Every failure is a <see cref="GraphException"/> whose one-line message starts with the
/// file path and names the offending key (with both shapes for a shape mismatch).</para>
/// </remarks>
public static class StateDictImporter
{
    /// <summary>File extensions PyTorch state_dicts conventionally use.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".pt", ".pth", ".bin"];

    private const string BatchCounterSuffix = ".num_batches_tracked";
    private const string DataParallelPrefix = "module.";
    private static readonly string[] CheckpointKeys = ["state_dict", "model_state_dict", "model"];

    /// <summary>Reads the state_dict at <paramref name="path"/> into the weights of <paramref name="architecture"/>.</summary>
    /// <param name="path">The file written by <c>torch.save(model.state_dict(), path)</c>.</param>
    /// <param name="architecture">A built-in architecture name (case-insensitive), e.g. <c>resnet18</c>.</param>
    /// <param name="name">Network name; defaults to the architecture name.</param>
    /// <exception cref="GraphException">Unknown architecture; the file is missing, unreadable, truncated or corrupt; or its keys, shapes or dtypes do not fit the architecture. The message names the file.</exception>
    public static StateDictImport Import(string path, string architecture, string? name = null)
    {
        if (!BuiltinModels.TryCreate(architecture, out var network))
            throw new GraphException($"{path}: unknown architecture '{architecture}'; built-in architectures: {string.Join(", ", BuiltinModels.Names)}");
        if (name is not null && name != network.Name)
            network = new Network(name, network.InputShape, network.Nodes.Select(n => n.Layer), network.Batch);

        using var scope = NewDisposeScope();
        var raw = Read(path);
        var (tensors, ignored, prefix) = MapKeys(raw, path);
        var expected = NetworkWeights.Expected(network);
        CheckKeys(path, network, tensors, expected);

        var weights = new NetworkWeights();
        var dtypes = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var (key, shape) in expected)
        {
            var t = tensors[key];
            var actual = t.shape.Select(d => (int)d).ToArray();
            if (!actual.AsSpan().SequenceEqual(shape))
                throw new GraphException($"{path}: tensor '{key}' has shape {ShapeText(actual)}, {network.Name} expects {ShapeText(shape)}");
            if (!t.is_floating_point() || t.is_complex())
                throw new GraphException($"{path}: tensor '{key}' has dtype {DtypeName(t.dtype)}; only floating-point tensors (float32, or float64/float16/bfloat16, converted) can be imported");
            string dtype = DtypeName(t.dtype);
            dtypes[dtype] = dtypes.GetValueOrDefault(dtype) + 1;
            using var f = t.to_type(ScalarType.Float32).cpu().contiguous();
            weights.Set(key, new WeightTensor(actual, f.data<float>().ToArray()));
        }
        try
        {
            weights.Validate(network);
        }
        catch (GraphException e)
        {
            throw new GraphException($"{path}: {e.Message}");
        }
        return new StateDictImport(network, weights, dtypes, ignored, prefix);
    }

    /// <summary>Unpickles the file; every failure names it.</summary>
    private static Hashtable Read(string path)
    {
        if (!File.Exists(path)) throw new GraphException($"{path}: file does not exist");
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (stream.Length == 0) throw new GraphException($"{path}: the file is empty");
            Span<byte> magic = stackalloc byte[4];
            int read = stream.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
            if (read < 4 || magic[0] != 'P' || magic[1] != 'K' || magic[2] != 3 || magic[3] != 4)
            {
                throw new GraphException(read >= 2 && magic[0] == 0x80 && magic[1] <= 5
                    ? $"{path}: saved in PyTorch's legacy (pre-1.6) format, which cannot be read; re-save it with torch.save(model.state_dict(), path) from PyTorch 1.6 or later"
                    : $"{path}: not a PyTorch state_dict file (torch.save writes a zip archive; this file does not start with one)");
            }
            stream.Position = 0;
            if (ZipIntegrity.FirstCorruptEntry(stream) is { } corrupt)
                throw new GraphException($"{path}: cannot read the PyTorch state_dict: corrupt (zip entry '{corrupt}' does not match its CRC-32)");
            stream.Position = 0;
            return PyTorchUnpickler.UnpickleStateDict(stream, leaveOpen: true);
        }
        catch (GraphException)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            string reason = e switch
            {
                NotImplementedException when e.Message.Contains("entire model", StringComparison.Ordinal) =>
                    "it holds a whole pickled model, not a state_dict; re-save it with torch.save(model.state_dict(), path)",
                InvalidCastException =>
                    $"the pickle does not hold a dictionary of tensors ({OneLine(e.Message)}); save it with torch.save(model.state_dict(), path)",
                _ => $"truncated or corrupt ({e.GetType().Name}: {OneLine(e.Message)})",
            };
            throw new GraphException($"{path}: cannot read the PyTorch state_dict: {reason}");
        }
    }

    /// <summary>Turns the unpickled dictionary into tensors keyed like the IR.</summary>
    private static (Dictionary<string, Tensor> Tensors, List<string> Ignored, string? Prefix) MapKeys(Hashtable raw, string path)
    {
        var source = raw;
        if (!raw.Values.OfType<Tensor>().Any())
        {
            foreach (var k in CheckpointKeys)
            {
                if (raw[k] is Hashtable inner && inner.Values.OfType<Tensor>().Any())
                {
                    source = inner;
                    break;
                }
            }
        }
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in source)
        {
            if (entry.Key is not string key)
                throw new GraphException($"{path}: not a state_dict: a key is a {entry.Key.GetType().Name} ({entry.Key}), not a string");
            if (entry.Value is not Tensor t)
                throw new GraphException($"{path}: not a state_dict: entry '{key}' is {(entry.Value is null ? "None" : "a " + entry.Value.GetType().Name)}, not a tensor; save it with torch.save(model.state_dict(), path)");
            tensors[key] = t;
        }
        if (tensors.Count == 0) throw new GraphException($"{path}: the state_dict holds no tensors");

        string? prefix = tensors.Keys.All(k => k.StartsWith(DataParallelPrefix, StringComparison.Ordinal)) ? DataParallelPrefix : null;
        var mapped = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var ignored = new List<string>();
        foreach (var (key, t) in tensors)
        {
            if (key.EndsWith(BatchCounterSuffix, StringComparison.Ordinal))
            {
                ignored.Add(key);
                continue;
            }
            mapped[prefix is null ? key : key[prefix.Length..]] = t;
        }
        ignored.Sort(StringComparer.Ordinal);
        return (mapped, ignored, prefix);
    }

    /// <summary>Reports missing and unexpected keys in one line, suggesting a matching architecture.</summary>
    private static void CheckKeys(string path, Network network, Dictionary<string, Tensor> tensors, IReadOnlyList<(string Key, int[] Shape)> expected)
    {
        var missing = expected.Where(e => !tensors.ContainsKey(e.Key)).ToList();
        var known = expected.Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        var unexpected = tensors.Keys.Where(k => !known.Contains(k)).Order(StringComparer.Ordinal).ToList();
        if (missing.Count == 0 && unexpected.Count == 0) return;

        var parts = new List<string>();
        if (missing.Count > 0)
            parts.Add($"{Count(missing.Count, "missing key")} ({List(missing.Select(m => $"'{m.Key}' {ShapeText(m.Shape)}"), missing.Count)})");
        if (unexpected.Count > 0)
            parts.Add($"{Count(unexpected.Count, "unexpected key")} ({List(unexpected.Select(k => $"'{k}' {ShapeText(tensors[k].shape)}"), unexpected.Count)})");
        string message = $"{path}: the state_dict does not match {network.Name}: {string.Join("; ", parts)}";
        var keys = tensors.Keys.ToHashSet(StringComparer.Ordinal);
        var match = BuiltinModels.Names.FirstOrDefault(n =>
            NetworkWeights.Expected(BuiltinModels.Create(n)).Select(e => e.Key).ToHashSet(StringComparer.Ordinal).SetEquals(keys));
        if (match is not null) message += $"; its keys are those of the built-in architecture '{match}'";
        throw new GraphException(message);
    }

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    private static string List(IEnumerable<string> items, int total)
    {
        const int shown = 3;
        string text = string.Join(", ", items.Take(shown));
        return total > shown ? $"{text}, … {total - shown} more" : text;
    }

    private static string ShapeText(IEnumerable<int> shape) => "[" + string.Join(",", shape) + "]";

    private static string ShapeText(IEnumerable<long> shape) => "[" + string.Join(",", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();

    /// <summary>PyTorch's name for a dtype, e.g. <c>float32</c>.</summary>
    private static string DtypeName(ScalarType dtype) => dtype switch
    {
        ScalarType.Float32 => "float32",
        ScalarType.Float64 => "float64",
        ScalarType.Float16 => "float16",
        ScalarType.BFloat16 => "bfloat16",
        ScalarType.Int64 => "int64",
        ScalarType.Int32 => "int32",
        ScalarType.Int16 => "int16",
        ScalarType.Int8 => "int8",
        ScalarType.Byte => "uint8",
        ScalarType.Bool => "bool",
        ScalarType.ComplexFloat32 => "complex64",
        ScalarType.ComplexFloat64 => "complex128",
        _ => dtype.ToString().ToLowerInvariant(),
    };
}
