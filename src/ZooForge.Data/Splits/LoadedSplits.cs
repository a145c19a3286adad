using ZooForge.Data.Datasets;

namespace ZooForge.Data.Splits;

/// <summary>
/// Train/validation splits kept for the life of the process, one per dataset package folder: the
/// search, the zoo and the checks of one run then share one copy of the images instead of
/// decoding the package again per caller.
/// </summary>
public static class LoadedSplits
{
    private static readonly Dictionary<string, (ImageDataset Train, ImageDataset Validation)> Loaded = new(StringComparer.Ordinal);

    /// <summary>The split of <paramref name="packageFolder"/>, loaded by <paramref name="load"/> the first time only.</summary>
    /// <param name="packageFolder">The dataset's package folder in the data cache (the key).</param>
    /// <param name="load">Loads and splits the dataset; its errors reach the caller and nothing is kept.</param>
    public static (ImageDataset Train, ImageDataset Validation) GetOrLoad(string packageFolder, Func<(ImageDataset Train, ImageDataset Validation)> load)
    {
        lock (Loaded)
        {
            if (!Loaded.TryGetValue(packageFolder, out var split))
                Loaded[packageFolder] = split = load();
            return split;
        }
    }
}
