using ZooForge.Data.Datasets;
using ZooForge.Data.Fashion;
using ZooForge.Data.Mnist;
using ZooForge.Graph.Zoo;

namespace ZooForge.Torch.Tasks;

/// <summary>The images of each <see cref="ZooTask"/>: its fixed train/validation split and the line its zoo manifest records.</summary>
public static class TaskData
{
    /// <summary>The split of a task; throws a <see cref="DatasetException"/> naming the fetch command when the data are missing.</summary>
    /// <param name="task">The task.</param>
    /// <returns>The training and validation subsets.</returns>
    public static (ImageDataset Train, ImageDataset Validation) Split(ZooTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return task == ZooTask.Fashion ? FashionSplit.Default() : MnistSplit.Default();
    }

    /// <summary>The description recorded in a task's zoo manifest.</summary>
    /// <param name="task">The task.</param>
    /// <returns>One line naming the package, the split and the pixel range.</returns>
    public static string Description(ZooTask task) => task == ZooTask.Fashion ? FashionSplit.Description : MnistSplit.Description;
}
