using ZooForge.Data.Datasets;
using ZooForge.Graph.Zoo;
using ZooForge.Torch.Tasks;

namespace ZooForge.Cli.App;

/// <summary>The project's fixed MNIST split, loaded once per data folder and process (see <see cref="TaskData"/>).</summary>
internal static class MnistData
{
    /// <summary>8,000 training and 2,000 validation digits (seed 2026); throws naming the fetch command when missing.</summary>
    public static (ImageDataset Train, ImageDataset Validation) Split() => TaskData.Split(ZooTask.Mnist);
}
