using System.Buffers.Binary;

namespace ZooForge.Graph.Serialization;

/// <summary>
/// The safetensors framing shared by the model and quantized-network files: an 8-byte
/// little-endian header length, the JSON header padded with spaces to a multiple of 8, then the
/// raw tensor data.
/// </summary>
public static class SafetensorsLayout
{
    /// <summary>Frames a UTF-8 JSON header and the data.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> header, ReadOnlySpan<byte> data)
    {
        int padded = (header.Length + 7) / 8 * 8;
        var result = new byte[8 + padded + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(result, (ulong)padded);
        header.CopyTo(result.AsSpan(8));
        result.AsSpan(8 + header.Length, padded - header.Length).Fill((byte)' ');
        data.CopyTo(result.AsSpan(8 + padded));
        return result;
    }

    /// <summary>Splits a file into header and data; <paramref name="corrupt"/> builds the error for a bad length.</summary>
    public static (ReadOnlyMemory<byte> Header, ReadOnlyMemory<byte> Data) Split(byte[] bytes, Func<string, Exception> corrupt)
    {
        if (bytes.Length < 8) throw corrupt($"only {bytes.Length} bytes (truncated)");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength == 0 || headerLength > (ulong)(bytes.Length - 8))
            throw corrupt($"header length {headerLength} does not fit in {bytes.Length} bytes (truncated or not a safetensors file)");
        return (bytes.AsMemory(8, (int)headerLength), bytes.AsMemory(8 + (int)headerLength));
    }
}
