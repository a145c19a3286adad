using System.Buffers.Binary;
using System.IO.Compression;
using ZooForge.Data.Datasets;

namespace ZooForge.Data.Formats;

/// <summary>
/// Reads MNIST-style IDX files: an image file (magic <c>0x00000803</c>: unsigned bytes, 3
/// dimensions N×H×W) and a label file (magic <c>0x00000801</c>: unsigned bytes, 1 dimension N).
/// </summary>
/// <remarks>
/// <para>
/// The format: a big-endian 32-bit magic number whose third byte is the element type (0x08 =
/// unsigned byte) and fourth the number of dimensions, then one big-endian 32-bit size per
/// dimension, then the elements in row-major order. Files may be plain or gzip-compressed
/// (recognised by the gzip signature <c>1F 8B</c>, whatever the extension), as distributed for
/// MNIST, Fashion-MNIST and KMNIST.
/// </para>
/// <para>
/// Reading is strict; a <see cref="DatasetException"/> naming the file is thrown for a wrong
/// magic number, a file shorter or longer than its header says, corrupt gzip data, a label
/// outside [0, classes), or image and label counts that differ.
/// </para>
/// </remarks>
public static class IdxReader
{
    /// <summary>Magic number of an IDX image file: unsigned bytes, 3 dimensions.</summary>
    public const int ImagesMagic = 0x00000803;

    /// <summary>Magic number of an IDX label file: unsigned bytes, 1 dimension.</summary>
    public const int LabelsMagic = 0x00000801;

    /// <summary>
    /// Loads an image file and its label file as a 1-channel dataset with pixels scaled to [0, 1]
    /// (byte / 255).
    /// </summary>
    /// <param name="imagesPath">The IDX image file (plain or gzip).</param>
    /// <param name="labelsPath">The IDX label file (plain or gzip).</param>
    /// <param name="classes">Number of classes; every label must be below it. 10 for MNIST and Fashion-MNIST.</param>
    /// <param name="name">Dataset name; defaults to the image file's name without a <c>.gz</c> extension.</param>
    /// <returns>The dataset, N×1×H×W.</returns>
    /// <exception cref="DatasetException">A file is missing or malformed, a label is out of range, or the counts differ.</exception>
    public static ImageDataset LoadIdx(string imagesPath, string labelsPath, int classes = 10, string? name = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 1);
        var (count, height, width, pixelBytes) = ReadImages(imagesPath);
        byte[] labelBytes = ReadLabels(labelsPath);
        if (labelBytes.Length != count)
        {
            throw new DatasetException(labelsPath, $"has {labelBytes.Length} labels but {imagesPath} has {count} images");
        }

        var labels = new int[count];
        for (int i = 0; i < count; i++)
        {
            if (labelBytes[i] >= classes)
            {
                throw new DatasetException(labelsPath, $"label {labelBytes[i]} at index {i} is outside [0, {classes})");
            }

            labels[i] = labelBytes[i];
        }

        var pixels = new float[pixelBytes.Length];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = pixelBytes[i] / 255f;
        }

        string datasetName = name ?? StripGz(Path.GetFileName(imagesPath));
        return new ImageDataset(datasetName, 1, height, width, classes, pixels, labels);
    }

    /// <summary>Reads an IDX image file (magic <c>0x00000803</c>).</summary>
    /// <param name="path">The file, plain or gzip.</param>
    /// <returns>The image count, height, width and the N·H·W raw bytes.</returns>
    /// <exception cref="DatasetException">The file is missing or malformed.</exception>
    public static (int Count, int Height, int Width, byte[] Pixels) ReadImages(string path)
    {
        var (dims, data) = Read(path, ImagesMagic, "images: unsigned bytes, 3 dimensions");
        if (dims[1] == 0 || dims[2] == 0)
        {
            throw new DatasetException(path, $"image size {dims[1]}×{dims[2]} must be positive");
        }

        return (dims[0], dims[1], dims[2], data);
    }

    /// <summary>Reads an IDX label file (magic <c>0x00000801</c>).</summary>
    /// <param name="path">The file, plain or gzip.</param>
    /// <returns>One byte per label.</returns>
    /// <exception cref="DatasetException">The file is missing or malformed.</exception>
    public static byte[] ReadLabels(string path) => Read(path, LabelsMagic, "labels: unsigned bytes, 1 dimension").Data;

    private static (int[] Dims, byte[] Data) Read(string path, int expectedMagic, string what)
    {
        byte[] bytes = ReadMaybeGzip(path);
        if (bytes.Length < 4)
        {
            throw new DatasetException(path, $"truncated: {bytes.Length} bytes, too short for the IDX magic number");
        }

        int magic = BinaryPrimitives.ReadInt32BigEndian(bytes);
        if (magic != expectedMagic)
        {
            throw new DatasetException(path, $"bad magic number 0x{magic:X8}; expected 0x{expectedMagic:X8} (IDX {what})");
        }

        int rank = expectedMagic & 0xFF;
        int headerBytes = 4 + 4 * rank;
        if (bytes.Length < headerBytes)
        {
            throw new DatasetException(path, $"truncated: {bytes.Length} bytes, too short for the {headerBytes}-byte IDX header");
        }

        var dims = new int[rank];
        long elements = 1;
        for (int d = 0; d < rank; d++)
        {
            dims[d] = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(4 + 4 * d));
            if (dims[d] < 0)
            {
                throw new DatasetException(path, $"dimension {d} has the negative size {dims[d]}");
            }

            elements *= dims[d];
            if (elements > Array.MaxLength)
            {
                throw new DatasetException(path, $"the header's sizes {string.Join('×', dims.Take(d + 1))} are too large");
            }
        }

        long expected = headerBytes + elements;
        if (bytes.Length < expected)
        {
            throw new DatasetException(path,
                $"truncated: the header promises {string.Join('×', dims)} = {elements} bytes of data, but only {bytes.Length - headerBytes} follow");
        }

        if (bytes.Length > expected)
        {
            throw new DatasetException(path,
                $"{bytes.Length - expected} unexpected bytes after the {string.Join('×', dims)} = {elements} bytes of data the header promises");
        }

        return (dims, bytes[headerBytes..]);
    }

    private static byte[] ReadMaybeGzip(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        try
        {
            byte[] raw = File.ReadAllBytes(path);
            if (raw.Length < 2 || raw[0] != 0x1F || raw[1] != 0x8B)
            {
                return raw;
            }

            using var gzip = new GZipStream(new MemoryStream(raw), CompressionMode.Decompress);
            using var output = new MemoryStream();
            gzip.CopyTo(output);
            return output.ToArray();
        }
        catch (FileNotFoundException ex)
        {
            throw new DatasetException(path, "file not found", ex);
        }
        catch (DirectoryNotFoundException ex)
        {
            throw new DatasetException(path, "file not found", ex);
        }
        catch (InvalidDataException ex)
        {
            throw new DatasetException(path, $"corrupt gzip data: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException(path, $"cannot read: {ex.Message}", ex);
        }
    }

    private static string StripGz(string fileName) =>
        fileName.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? fileName[..^3] : fileName;
}
