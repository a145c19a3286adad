using ZooForge.Core.Errors;
using StbImageSharp;
using ZooForge.Data.Datasets;

namespace ZooForge.Data.Formats;

/// <summary>
/// Reads a folder of images arranged by class, <c>root/&lt;class name&gt;/&lt;image&gt;</c>, as a
/// labelled dataset of one fixed shape.
/// </summary>
/// <remarks>
/// <para>
/// <b>Layout.</b> Every subfolder of <c>root</c> is a class; classes are sorted by name with
/// ordinal (byte-wise) comparison and numbered 0, 1, … in that order. Within a class folder the
/// files ending in <c>.png</c>, <c>.jpg</c>, <c>.jpeg</c> or <c>.bmp</c> (any letter case) are the
/// images, sorted ordinally by file name; the dataset lists the classes' images in class order.
/// Files and folders whose names start with <c>.</c> are ignored, as are other files, files
/// directly in <c>root</c> and deeper subfolders.
/// </para>
/// <para>
/// <b>Decoding.</b> Images are decoded with StbImageSharp to 8-bit RGB: grey images are repeated
/// into all three channels and an alpha channel is dropped (not composited). With
/// <c>channels = 3</c> the R, G and B planes are kept; with <c>channels = 1</c> each pixel becomes
/// the ITU-R BT.601 luma <c>(299·R + 587·G + 114·B) / 1000</c>, which leaves grey images
/// unchanged. Values are then divided by 255, so they lie in [0, 1].
/// </para>
/// <para>
/// <b>Resizing</b> (after the channel conversion) is the bilinear interpolation of
/// <see cref="Resize"/>. An image already of the requested size is copied unchanged.
/// </para>
/// <para>
/// <b>Errors.</b> A missing root, a root without class folders, a class folder without images and
/// an image that cannot be decoded each raise a <see cref="DatasetException"/> naming the folder or file.
/// </para>
/// </remarks>
public static class ImageFolderReader
{
    /// <summary>The file extensions read as images (compared case-insensitively).</summary>
    public static IReadOnlyList<string> Extensions { get; } = Array.AsReadOnly([".png", ".jpg", ".jpeg", ".bmp"]);

    /// <summary>Loads an image folder.</summary>
    /// <param name="root">The folder holding one subfolder per class.</param>
    /// <param name="channels">1 for grey (BT.601 luma) or 3 for RGB.</param>
    /// <param name="height">Output image height; at least 1.</param>
    /// <param name="width">Output image width; at least 1.</param>
    /// <param name="name">Dataset name; defaults to the root folder's name.</param>
    /// <returns>The dataset, N×channels×height×width, with the class folder names as class names.</returns>
    /// <exception cref="DatasetException">The layout is wrong or an image cannot be decoded (the message names it).</exception>
    public static ImageDataset Load(string root, int channels, int height, int width, string? name = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        if (channels is not (1 or 3))
        {
            throw new InvalidInputException($"channels must be 1 (grey) or 3 (RGB), got {channels}", nameof(channels));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        if (!Directory.Exists(root))
        {
            throw new DatasetException(root, "image folder not found");
        }

        string[] classDirs = Directory.GetDirectories(root)
            .Where(d => !Path.GetFileName(d).StartsWith('.'))
            .OrderBy(d => Path.GetFileName(d), StringComparer.Ordinal)
            .ToArray();
        if (classDirs.Length == 0)
        {
            throw new DatasetException(root, "no class folders; expected root/<class name>/<image files>");
        }

        int imageSize = channels * height * width;
        var images = new List<float[]>();
        var labels = new List<int>();
        for (int label = 0; label < classDirs.Length; label++)
        {
            string[] files = Directory.GetFiles(classDirs[label])
                .Where(IsImageFile)
                .OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal)
                .ToArray();
            if (files.Length == 0)
            {
                throw new DatasetException(classDirs[label],
                    $"class folder has no images ({string.Join(", ", Extensions)})");
            }

            foreach (string file in files)
            {
                images.Add(LoadImage(file, channels, height, width));
                labels.Add(label);
            }
        }

        var pixels = new float[(long)images.Count * imageSize];
        for (int i = 0; i < images.Count; i++)
        {
            images[i].CopyTo(pixels, (long)i * imageSize);
        }

        string[] classNames = classDirs.Select(d => Path.GetFileName(d)).ToArray();
        string datasetName = name ?? Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)));
        return new ImageDataset(datasetName, channels, height, width, classNames.Length, pixels, labels.ToArray(), classNames);
    }

    /// <summary>Decodes one image file and converts and resizes it as described in the class remarks.</summary>
    /// <param name="path">The image file.</param>
    /// <param name="channels">1 or 3.</param>
    /// <param name="height">Output height.</param>
    /// <param name="width">Output width.</param>
    /// <returns>channels·height·width values in [0, 1], channel planes then rows.</returns>
    /// <exception cref="DatasetException">The file cannot be read or decoded.</exception>
    public static float[] LoadImage(string path, int channels, int height, int width)
    {
        if (channels is not (1 or 3))
        {
            throw new InvalidInputException($"channels must be 1 (grey) or 3 (RGB), got {channels}", nameof(channels));
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException(path, $"cannot read: {ex.Message}", ex);
        }

        ImageResult image;
        try
        {
            image = ImageResult.FromMemory(bytes, ColorComponents.RedGreenBlue);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new DatasetException(path, $"cannot decode image: {ex.Message}", ex);
        }

        if (image is null || image.Width < 1 || image.Height < 1 || image.Data is null
            || image.Data.Length < 3L * image.Width * image.Height)
        {
            throw new DatasetException(path, "cannot decode image: the decoder returned no pixels");
        }

        int srcH = image.Height, srcW = image.Width, plane = srcH * srcW;
        byte[] rgb = image.Data;
        var planes = new float[channels * plane];
        for (int p = 0; p < plane; p++)
        {
            int r = rgb[3 * p], g = rgb[(3 * p) + 1], b = rgb[(3 * p) + 2];
            if (channels == 1)
            {
                planes[p] = (299 * r + 587 * g + 114 * b) / 1000f / 255f;
            }
            else
            {
                planes[p] = r / 255f;
                planes[plane + p] = g / 255f;
                planes[(2 * plane) + p] = b / 255f;
            }
        }

        return Resize(planes, channels, srcH, srcW, height, width);
    }

    /// <summary>
    /// Bilinear resampling of C planes from <paramref name="sourceHeight"/>×<paramref name="sourceWidth"/>
    /// to <paramref name="height"/>×<paramref name="width"/>, deterministic and without antialiasing.
    /// </summary>
    /// <remarks>
    /// Pixel centres are aligned (as <c>align_corners=False</c> in PyTorch and <c>INTER_LINEAR</c>
    /// in OpenCV). For output row y the source coordinate is <c>sy = (y + ½)·Hs/H − ½</c>, clamped to
    /// [0, Hs − 1]; with <c>y0 = ⌊sy⌋</c>, <c>y1 = min(y0 + 1, Hs − 1)</c> and <c>fy = sy − y0</c>, and
    /// likewise <c>x0</c>, <c>x1</c>, <c>fx</c> for columns, the output is
    /// <c>(1−fy)·((1−fx)·s[y0,x0] + fx·s[y0,x1]) + fy·((1−fx)·s[y1,x0] + fx·s[y1,x1])</c>, computed in
    /// <see cref="double"/> and rounded to <see cref="float"/>. Equal sizes give an exact copy.
    /// Reductions by more than 2× skip source pixels (no area averaging), so fine detail may alias.
    /// </remarks>
    /// <param name="source">C·Hs·Ws values, channel planes then rows.</param>
    /// <param name="channels">Number of planes C.</param>
    /// <param name="sourceHeight">Hs.</param>
    /// <param name="sourceWidth">Ws.</param>
    /// <param name="height">H, at least 1.</param>
    /// <param name="width">W, at least 1.</param>
    /// <returns>C·H·W values.</returns>
    public static float[] Resize(ReadOnlySpan<float> source, int channels, int sourceHeight, int sourceWidth, int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sourceHeight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sourceWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        if (source.Length != channels * sourceHeight * sourceWidth)
        {
            throw new InvalidInputException(
                $"{source.Length} values do not make {channels}×{sourceHeight}×{sourceWidth}", nameof(source));
        }

        var (y0, y1, fy) = Axis(sourceHeight, height);
        var (x0, x1, fx) = Axis(sourceWidth, width);
        var output = new float[channels * height * width];
        int sourcePlane = sourceHeight * sourceWidth;
        for (int c = 0; c < channels; c++)
        {
            var s = source.Slice(c * sourcePlane, sourcePlane);
            int outBase = c * height * width;
            for (int y = 0; y < height; y++)
            {
                int top = y0[y] * sourceWidth, bottom = y1[y] * sourceWidth;
                double wy = fy[y];
                for (int x = 0; x < width; x++)
                {
                    double wx = fx[x];
                    double upper = ((1 - wx) * s[top + x0[x]]) + (wx * s[top + x1[x]]);
                    double lower = ((1 - wx) * s[bottom + x0[x]]) + (wx * s[bottom + x1[x]]);
                    output[outBase + (y * width) + x] = (float)(((1 - wy) * upper) + (wy * lower));
                }
            }
        }

        return output;
    }

    private static (int[] Low, int[] High, double[] Fraction) Axis(int sourceSize, int size)
    {
        var low = new int[size];
        var high = new int[size];
        var fraction = new double[size];
        double scale = (double)sourceSize / size;
        for (int i = 0; i < size; i++)
        {
            double s = Math.Clamp(((i + 0.5) * scale) - 0.5, 0, sourceSize - 1);
            int l = (int)Math.Floor(s);
            low[i] = l;
            high[i] = Math.Min(l + 1, sourceSize - 1);
            fraction[i] = s - l;
        }

        return (low, high, fraction);
    }

    private static bool IsImageFile(string path)
    {
        string fileName = Path.GetFileName(path);
        return !fileName.StartsWith('.')
            && Extensions.Contains(Path.GetExtension(fileName), StringComparer.OrdinalIgnoreCase);
    }
}
