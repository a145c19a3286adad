using System.Buffers.Binary;
using Onnx;

namespace ZooForge.Import.Onnx;

/// <summary>Decoding of <see cref="TensorProto"/> payloads and ONNX element-type names.</summary>
internal static class OnnxTensors
{
    public const int Float = 1;
    public const int Int32 = 6;
    public const int Int64 = 7;

    /// <summary>The ONNX name of an element type, e.g. <c>FLOAT</c> or <c>INT64</c>.</summary>
    public static string TypeName(int dataType) => dataType switch
    {
        0 => "UNDEFINED",
        1 => "FLOAT",
        2 => "UINT8",
        3 => "INT8",
        4 => "UINT16",
        5 => "INT16",
        6 => "INT32",
        7 => "INT64",
        8 => "STRING",
        9 => "BOOL",
        10 => "FLOAT16",
        11 => "DOUBLE",
        12 => "UINT32",
        13 => "UINT64",
        14 => "COMPLEX64",
        15 => "COMPLEX128",
        16 => "BFLOAT16",
        17 => "FLOAT8E4M3FN",
        18 => "FLOAT8E4M3FNUZ",
        19 => "FLOAT8E5M2",
        20 => "FLOAT8E5M2FNUZ",
        21 => "UINT4",
        22 => "INT4",
        23 => "FLOAT4E2M1",
        _ => $"type {dataType}",
    };

    public static int[] Dims(TensorProto t, Func<string, ImportException> error)
    {
        var dims = new int[t.Dims.Count];
        for (int i = 0; i < dims.Length; i++)
        {
            long d = t.Dims[i];
            if (d < 0 || d > int.MaxValue) throw error($"has invalid dimension {d}");
            dims[i] = (int)d;
        }
        return dims;
    }

    public static long ElementCount(TensorProto t) => t.Dims.Aggregate(1L, (a, d) => a * d);

    /// <summary>Float32 values from <c>raw_data</c> (little-endian) or <c>float_data</c>.</summary>
    /// <param name="t">The tensor.</param>
    /// <param name="error">Builds an exception naming the tensor from a problem description.</param>
    public static float[] ReadFloats(TensorProto t, Func<string, ImportException> error)
    {
        RequireEmbedded(t, error);
        if (t.DataType != Float)
            throw error($"has element type {TypeName(t.DataType)}; only FLOAT (float32) is supported");
        long count = CheckedCount(t, error);
        if (t.RawData.Length > 0)
        {
            if (t.RawData.Length != count * 4)
                throw error($"holds {t.RawData.Length} raw bytes, but its shape [{string.Join(",", t.Dims)}] needs {count * 4}");
            var span = t.RawData.Span;
            var values = new float[count];
            for (int i = 0; i < values.Length; i++)
                values[i] = BinaryPrimitives.ReadSingleLittleEndian(span.Slice(i * 4, 4));
            return values;
        }
        if (t.FloatData.Count != count)
            throw error($"holds {t.FloatData.Count} values, but its shape [{string.Join(",", t.Dims)}] needs {count}");
        return [.. t.FloatData];
    }

    /// <summary>Integer values of an INT64 (or INT32) tensor, for shapes.</summary>
    public static long[] ReadIntegers(TensorProto t, Func<string, ImportException> error)
    {
        RequireEmbedded(t, error);
        long count = CheckedCount(t, error);
        switch (t.DataType)
        {
            case Int64:
                if (t.RawData.Length > 0)
                {
                    if (t.RawData.Length != count * 8) throw error($"holds {t.RawData.Length} raw bytes, expected {count * 8}");
                    var span = t.RawData.Span;
                    var values = new long[count];
                    for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadInt64LittleEndian(span.Slice(i * 8, 8));
                    return values;
                }
                if (t.Int64Data.Count != count) throw error($"holds {t.Int64Data.Count} values, expected {count}");
                return [.. t.Int64Data];
            case Int32:
                if (t.RawData.Length > 0)
                {
                    if (t.RawData.Length != count * 4) throw error($"holds {t.RawData.Length} raw bytes, expected {count * 4}");
                    var span = t.RawData.Span;
                    var values = new long[count];
                    for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadInt32LittleEndian(span.Slice(i * 4, 4));
                    return values;
                }
                if (t.Int32Data.Count != count) throw error($"holds {t.Int32Data.Count} values, expected {count}");
                return [.. t.Int32Data.Select(v => (long)v)];
            default:
                throw error($"has element type {TypeName(t.DataType)}; an INT64 tensor is required");
        }
    }

    private static long CheckedCount(TensorProto t, Func<string, ImportException> error)
    {
        long count = 1;
        foreach (long d in t.Dims)
        {
            if (d < 0) throw error($"has negative dimension {d}");
            count *= d;
            if (count > int.MaxValue) throw error($"has {count}+ elements, too many");
        }
        return count;
    }

    private static void RequireEmbedded(TensorProto t, Func<string, ImportException> error)
    {
        if (t.DataLocation == TensorProto.Types.DataLocation.External || t.ExternalData.Count > 0)
            throw error("is stored in an external data file, which is not supported; save the model with the weights embedded");
        if (t.Segment != null) throw error("is a segment of a split tensor, which is not supported");
    }
}
