using ZooForge.Data.Cache;
using ZooForge.Data.Datasets;
using ZooForge.Data.Splits;

namespace ZooForge.Data.Fashion;

/// <summary>The project's fixed Fashion-MNIST split, loaded once per data folder and process.</summary>
public static class FashionSplit
{
    /// <summary>60,000 training and 10,000 validation images (seed 2026); throws naming the fetch command when missing.</summary>
    public static (ImageDataset Train, ImageDataset Validation) Default()
    {
        var cache = DataCache.Default();
        return LoadedSplits.GetOrLoad(NpmFashionMnist.PackageDirectory(cache), () => NpmFashionMnist.LoadSplit(cache));
    }

    /// <summary>Human description recorded in manifests.</summary>
    public const string Description = $"npm {NpmFashionMnist.PackageSpec} clothes (70,000), seeded split 2026: 60,000 train / 10,000 validation, pixels in [0,1]";
}
