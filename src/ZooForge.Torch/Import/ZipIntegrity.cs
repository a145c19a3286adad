using System.IO.Compression;

namespace ZooForge.Torch.Import;

/// <summary>
/// Checks every entry of a zip archive against the CRC-32 its directory records. .NET's
/// <see cref="ZipArchive"/> does not, and <c>torch.save</c> stores tensors uncompressed, so a
/// flipped byte inside a tensor would otherwise be read as a valid weight.
/// </summary>
internal static class ZipIntegrity
{
    private static readonly uint[] Table = BuildTable();

    /// <summary>Returns the full name of the first entry whose data does not match its CRC-32, or null if all match.</summary>
    /// <exception cref="InvalidDataException">The archive itself is malformed.</exception>
    public static string? FirstCorruptEntry(Stream stream)
    {
        using var archive = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        var buffer = new byte[1 << 16];
        foreach (var entry in archive.Entries)
        {
            using var data = entry.Open();
            uint crc = 0xFFFFFFFFu;
            long total = 0;
            int n;
            while ((n = data.Read(buffer, 0, buffer.Length)) > 0)
            {
                crc = Update(crc, buffer.AsSpan(0, n));
                total += n;
            }
            if (total != entry.Length || ~crc != entry.Crc32) return entry.FullName;
        }
        return null;
    }

    private static uint Update(uint crc, ReadOnlySpan<byte> bytes)
    {
        var table = Table;
        foreach (byte b in bytes) crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint c = i;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            table[i] = c;
        }
        return table;
    }
}
