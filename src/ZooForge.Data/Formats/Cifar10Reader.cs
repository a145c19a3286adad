using ZooForge.Data.Datasets;

namespace ZooForge.Data.Formats;

/// <summary>
/// Reads CIFAR-10 binary batches (<c>data_batch_1.bin</c> … <c>data_batch_5.bin</c>, <c>test_batch.bin</c>).
/// </summary>
/// <remarks>
/// Each file is a sequence of 3,073-byte records: one label byte (0…9), then 3,072 pixel bytes,
/// the 32×32 red plane, then green, then blue, each row-major. That is already C·H·W order, so
/// images are kept as 3×32×32 with values byte / 255 in [0, 1]. A file whose size is not a
/// positive multiple of 3,073 or that holds a label above 9 is rejected with a
/// <see cref="DatasetException"/> naming it.
/// </remarks>
public static class Cifar10Reader
{
    /// <summary>Image side in pixels (32).</summary>
    public const int ImageSide = 32;

    /// <summary>Pixel bytes per record: 3 planes of 32×32.</summary>
    public const int PixelBytes = 3 * ImageSide * ImageSide;

    /// <summary>Bytes per record: the label byte and the pixels.</summary>
    public const int RecordBytes = 1 + PixelBytes;

    /// <summary>The CIFAR-10 class names, indexed by label (from <c>batches.meta.txt</c>).</summary>
    public static IReadOnlyList<string> ClassNames { get; } = Array.AsReadOnly(
        ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]);

    /// <summary>Loads one or more batch files, concatenated in the order given.</summary>
    /// <param name="batchFiles">The batch files; at least one.</param>
    /// <returns>The dataset <c>cifar10</c>, N×3×32×32, 10 classes with <see cref="ClassNames"/>.</returns>
    /// <exception cref="DatasetException">No file is given, or a file is missing or malformed.</exception>
    public static ImageDataset Load(params string[] batchFiles)
    {
        ArgumentNullException.ThrowIfNull(batchFiles);
        if (batchFiles.Length == 0)
        {
            throw new DatasetException("no CIFAR-10 batch files given");
        }

        var contents = new List<byte[]>(batchFiles.Length);
        long records = 0;
        foreach (string path in batchFiles)
        {
            byte[] bytes = ReadFile(path);
            if (bytes.Length == 0 || bytes.Length % RecordBytes != 0)
            {
                throw new DatasetException(path,
                    $"size {bytes.Length} bytes is not a positive multiple of the {RecordBytes}-byte CIFAR-10 record (1 label + 3×32×32 pixels)");
            }

            for (int r = 0; r < bytes.Length / RecordBytes; r++)
            {
                byte label = bytes[r * RecordBytes];
                if (label > 9)
                {
                    throw new DatasetException(path, $"record {r} has label {label}; CIFAR-10 labels are 0…9");
                }
            }

            contents.Add(bytes);
            records += bytes.Length / RecordBytes;
        }

        if (records * PixelBytes > Array.MaxLength)
        {
            throw new DatasetException($"{records} CIFAR-10 records are too many to hold in one dataset");
        }

        var pixels = new float[records * PixelBytes];
        var labels = new int[records];
        int index = 0;
        foreach (byte[] bytes in contents)
        {
            for (int offset = 0; offset < bytes.Length; offset += RecordBytes, index++)
            {
                labels[index] = bytes[offset];
                var source = bytes.AsSpan(offset + 1, PixelBytes);
                var target = pixels.AsSpan(index * PixelBytes, PixelBytes);
                for (int i = 0; i < PixelBytes; i++)
                {
                    target[i] = source[i] / 255f;
                }
            }
        }

        return new ImageDataset("cifar10", 3, ImageSide, ImageSide, 10, pixels, labels, ClassNames);
    }

    private static byte[] ReadFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new DatasetException(path, "file not found", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException(path, $"cannot read: {ex.Message}", ex);
        }
    }
}
