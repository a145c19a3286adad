using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using ZooForge.Graph.Model;

namespace ZooForge.Torch.Tests.Import;

/// <summary>
/// Writes a state_dict the way <c>torch.save(model.state_dict(), path)</c> does (PyTorch ≥ 1.6
/// zip serialization), without PyTorch: an uncompressed zip with <c>archive/data.pkl</c> (pickle
/// protocol 2: a <c>collections.OrderedDict</c> of <c>torch._utils._rebuild_tensor_v2</c> calls
/// whose storages are persistent ids <c>('storage', torch.FloatStorage, key, 'cpu', numel)</c>,
/// with memoised globals, then the <c>_metadata</c> attribute set by BUILD),
/// <c>archive/data/&lt;key&gt;</c> raw little-endian storages, <c>archive/byteorder</c>,
/// <c>archive/version</c> and <c>archive/.data/serialization_id</c>. PyBridge's own writer
/// differs (a plain dict, deflated entries, no memo, no metadata), so this checks that the
/// importer reads what PyTorch itself writes.
/// </summary>
internal static class TorchSaveFormat
{
    private const byte Proto = 0x80, Global = (byte)'c', EmptyTuple = (byte)')', Reduce = (byte)'R', Mark = (byte)'(',
        Tuple = (byte)'t', Tuple1 = 0x85, Tuple2 = 0x86, Tuple3 = 0x87, SetItems = (byte)'u', SetItem = (byte)'s',
        EmptyDict = (byte)'}', BinUnicode = (byte)'X', BinInt = (byte)'J', BinInt1 = (byte)'K', BinInt2 = (byte)'M',
        NewFalse = 0x89, BinPersId = (byte)'Q', Build = (byte)'b', Stop = (byte)'.', BinPut = (byte)'q', BinGet = (byte)'h',
        LongBinPut = (byte)'r', LongBinGet = (byte)'j';

    /// <summary>A float32 tensor, or an int64 one (for <c>num_batches_tracked</c>).</summary>
    public sealed record Entry(string Key, int[] Shape, float[]? Floats = null, long[]? Longs = null);

    /// <summary>Entries in torch's order for <paramref name="weights"/>: per layer weight, bias, running stats, then num_batches_tracked.</summary>
    public static List<Entry> StateDict(Network network, NetworkWeights weights)
    {
        var entries = new List<Entry>();
        foreach (var (key, _) in NetworkWeights.Expected(network))
        {
            var w = weights.Get(key);
            entries.Add(new Entry(key, w.Shape, Floats: w.Data));
            if (key.EndsWith(".running_var", StringComparison.Ordinal))
                entries.Add(new Entry(key[..^".running_var".Length] + ".num_batches_tracked", [], Longs: [12345]));
        }
        return entries;
    }

    public static void Write(string path, IReadOnlyList<Entry> entries)
    {
        var pickle = new Pickle();
        pickle.Op(Proto, 2);
        pickle.GlobalMemo("collections", "OrderedDict");
        pickle.Op(EmptyTuple, Reduce);
        pickle.Put();
        var storages = new List<byte[]>();
        for (int start = 0; start < entries.Count; start += 1000)
        {
            pickle.Op(Mark);
            foreach (var e in entries.Skip(start).Take(1000))
            {
                pickle.String(e.Key);
                pickle.GlobalMemo("torch._utils", "_rebuild_tensor_v2");
                pickle.Op(Mark);
                pickle.Op(Mark);
                pickle.StringMemo("storage");
                pickle.GlobalMemo("torch", e.Longs is null ? "FloatStorage" : "LongStorage");
                pickle.String(storages.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
                pickle.StringMemo("cpu");
                int count = e.Floats?.Length ?? e.Longs!.Length;
                pickle.Int(count);
                pickle.Op(Tuple);
                pickle.Put();
                pickle.Op(BinPersId);
                pickle.Int(0);
                pickle.IntTuple(e.Shape);
                pickle.IntTuple(Strides(e.Shape));
                pickle.Op(NewFalse);
                pickle.GlobalMemo("collections", "OrderedDict");
                pickle.Op(EmptyTuple, Reduce);
                pickle.Put();
                pickle.Op(Tuple, Reduce);
                pickle.Put();
                storages.Add(Bytes(e));
            }
            pickle.Op(SetItems);
        }
        // state_dict()._metadata: OrderedDict of module prefix -> {'version': 1}.
        pickle.Op(EmptyDict);
        pickle.Put();
        pickle.String("_metadata");
        pickle.GlobalMemo("collections", "OrderedDict");
        pickle.Op(EmptyTuple, Reduce);
        pickle.Put();
        pickle.Op(Mark);
        foreach (var module in entries.Select(e => e.Key[..e.Key.LastIndexOf('.')]).Prepend("").Distinct())
        {
            pickle.String(module);
            pickle.Op(EmptyDict);
            pickle.Put();
            pickle.StringMemo("version");
            pickle.Int(1);
            pickle.Op(SetItem);
        }
        pickle.Op(SetItems, SetItem, Build, Stop);

        using var file = File.Create(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Create);
        void Add(string name, byte[] bytes)
        {
            using var s = zip.CreateEntry("archive/" + name, CompressionLevel.NoCompression).Open();
            s.Write(bytes);
        }
        Add("data.pkl", pickle.ToArray());
        Add("byteorder", Encoding.ASCII.GetBytes("little"));
        for (int i = 0; i < storages.Count; i++) Add($"data/{i}", storages[i]);
        Add("version", Encoding.ASCII.GetBytes("3\n"));
        Add(".data/serialization_id", Encoding.ASCII.GetBytes("1234567890123456789012345678901234567890"));
    }

    private static int[] Strides(int[] shape)
    {
        var strides = new int[shape.Length];
        int s = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            strides[i] = s;
            s *= shape[i];
        }
        return strides;
    }

    private static byte[] Bytes(Entry e)
    {
        if (e.Floats is { } f)
        {
            var b = new byte[f.Length * 4];
            for (int i = 0; i < f.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(i * 4), f[i]);
            return b;
        }
        var l = e.Longs!;
        var bytes = new byte[l.Length * 8];
        for (int i = 0; i < l.Length; i++) BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * 8), l[i]);
        return bytes;
    }

    /// <summary>A pickle stream with a memo, as Python's pickler writes it.</summary>
    private sealed class Pickle
    {
        private readonly MemoryStream _out = new();
        private readonly Dictionary<string, int> _memo = new(StringComparer.Ordinal);
        private int _next;

        public void Op(params byte[] ops) => _out.Write(ops);

        public void Put()
        {
            if (_next < 256) Op(BinPut, (byte)_next);
            else
            {
                Op(LongBinPut);
                Span<byte> b = stackalloc byte[4];
                BinaryPrimitives.WriteInt32LittleEndian(b, _next);
                _out.Write(b);
            }
            _next++;
        }

        private bool Get(string memoKey)
        {
            if (!_memo.TryGetValue(memoKey, out int index)) return false;
            if (index < 256) Op(BinGet, (byte)index);
            else
            {
                Op(LongBinGet);
                Span<byte> b = stackalloc byte[4];
                BinaryPrimitives.WriteInt32LittleEndian(b, index);
                _out.Write(b);
            }
            return true;
        }

        public void GlobalMemo(string module, string name)
        {
            string key = "global:" + module + "." + name;
            if (Get(key)) return;
            Op(Global);
            _out.Write(Encoding.ASCII.GetBytes($"{module}\n{name}\n"));
            _memo[key] = _next;
            Put();
        }

        public void StringMemo(string value)
        {
            string key = "str:" + value;
            if (Get(key)) return;
            String(value);
            _memo[key] = _next - 1;
        }

        public void String(string value)
        {
            var bytes = Encoding.UTF8.GetBytes(value);
            Op(BinUnicode);
            Span<byte> length = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)bytes.Length);
            _out.Write(length);
            _out.Write(bytes);
            Put();
        }

        public void Int(int value)
        {
            if (value is >= 0 and < 256) Op(BinInt1, (byte)value);
            else if (value is >= 0 and < 65536) Op(BinInt2, (byte)value, (byte)(value >> 8));
            else
            {
                Op(BinInt);
                Span<byte> b = stackalloc byte[4];
                BinaryPrimitives.WriteInt32LittleEndian(b, value);
                _out.Write(b);
            }
        }

        public void IntTuple(int[] values)
        {
            switch (values.Length)
            {
                case 0: Op(EmptyTuple); return; // the empty tuple is a singleton: never memoised
                case <= 3:
                    foreach (var v in values) Int(v);
                    Op(values.Length switch { 1 => Tuple1, 2 => Tuple2, _ => Tuple3 });
                    break;
                default:
                    Op(Mark);
                    foreach (var v in values) Int(v);
                    Op(Tuple);
                    break;
            }
            Put();
        }

        public byte[] ToArray() => _out.ToArray();
    }
}
