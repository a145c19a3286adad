using ZooForge.Data.Datasets;
using ZooForge.Graph.Layers;
using ZooForge.Graph.Model;
using ZooForge.Torch.Modules;
using static TorchSharp.torch;

namespace ZooForge.Torch.Training;

/// <summary>
/// Re-estimates batch-norm running statistics after the weights feeding them changed (pattern
/// pruning, channel cutting): forward passes in training mode without gradient steps. Without
/// it the folded batch-norm scales of a pruned network are stale and its accuracy collapses.
/// </summary>
public static class BatchNormRecalibration
{
    /// <summary>Returns weights whose running statistics follow <paramref name="batches"/> batches of <paramref name="data"/>.</summary>
    public static NetworkWeights Run(Network network, NetworkWeights weights, ImageDataset data, int batches = 100, int batchSize = 64, long seed = 1)
    {
        if (!network.Nodes.Any(n => n.Layer is BatchNorm2dLayer)) return weights;
        Evaluator.CheckShape(network, data);
        TorchRuntime.Configure();
        using var module = new GraphModule(network);
        module.LoadWeights(weights);
        module.train();
        var order = BatchOrder.Permutation(data.Count, seed, 0);
        using (no_grad())
        {
            for (int b = 0, start = 0; b < batches; b++, start = (start + batchSize) % Math.Max(1, data.Count - batchSize))
            {
                using var scope = NewDisposeScope();
                int n = Math.Min(batchSize, data.Count - start);
                var (images, _) = Batches.Make(data, order.AsSpan(start, n));
                module.call(images);
            }
        }
        return module.ExportWeights();
    }
}
