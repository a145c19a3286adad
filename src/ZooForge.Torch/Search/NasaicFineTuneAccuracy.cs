using ZooForge.Graph.Zoo;
using ZooForge.Search.Nasaic;
using ZooForge.Torch.Tasks;
using ZooForge.Torch.Training;

namespace ZooForge.Torch.Search;

/// <summary>
/// NASAIC's slow exploration: the hot start of one task's network from its zoo checkpoint (cut to
/// the architecture), fine-tuned for the configured batch budget on the task's training split, and
/// scored top-1 on the first <see cref="NasaicFineTune.ValidationImages"/> images of its validation
/// split. A network the search did not change (width 0) is scored as trained, without a fine-tune.
/// </summary>
/// <param name="zoo">The tasks' zoos.</param>
/// <param name="settings">Batch budget, batch size, learning rate and validation images.</param>
public sealed class NasaicFineTuneAccuracy(NasaicZoo zoo, NasaicFineTune settings) : INasaicAccuracy
{
    /// <inheritdoc />
    public (int Correct, int Total) Accuracy(NasaicArchitecture architecture, long seed)
    {
        TorchRuntime.Configure();
        var task = ZooTask.Find(architecture.Task);
        var (train, validation) = TaskData.Split(task);
        int count = Math.Min(settings.ValidationImages, validation.Count);
        var scored = count == validation.Count ? validation : validation.Subset(Enumerable.Range(0, count).ToArray(), validation.Name + $"[:{count}]");
        var (network, weights) = zoo.Build(architecture);
        if (architecture.Width > 0)
        {
            var options = TrainingOptions.HotNasFineTune(seed) with { BatchSize = settings.BatchSize, LearningRate = settings.LearningRate };
            weights = Trainer.FineTune(network, weights, train, settings.Batches, options).Weights;
        }
        var accuracy = Evaluator.Evaluate(network, weights, scored);
        return (accuracy.Correct, accuracy.Total);
    }
}
