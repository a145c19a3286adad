using ZooForge.Core.Errors;
using ZooForge.Data.Datasets;
using ZooForge.Graph.Model;
using ZooForge.Torch.Modules;
using static TorchSharp.torch;

namespace ZooForge.Torch.Training;

/// <summary>Top-1 accuracy of a network with given weights on a labelled set.</summary>
public static class Evaluator
{
    /// <summary>Evaluates in inference mode (batch-norm uses its running statistics).</summary>
    public static Accuracy Evaluate(Network network, NetworkWeights weights, ImageDataset data, int batchSize = 500, int threads = TorchRuntime.DefaultThreads)
    {
        TorchRuntime.Configure(threads);
        using var module = new GraphModule(network);
        module.LoadWeights(weights);
        return Evaluate(module, data, batchSize);
    }

    /// <summary>Evaluates an already-built module; its training mode is restored afterwards.</summary>
    public static Accuracy Evaluate(GraphModule module, ImageDataset data, int batchSize = 500)
    {
        CheckShape(module.Network, data);
        bool wasTraining = module.training;
        module.eval();
        int correct = 0;
        var all = Enumerable.Range(0, data.Count).ToArray();
        using (no_grad())
        {
            for (int start = 0; start < data.Count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                int n = Math.Min(batchSize, data.Count - start);
                var (images, labels) = Batches.Make(data, all.AsSpan(start, n));
                var predicted = module.call(images).argmax(1);
                correct += (int)predicted.eq(labels).sum().item<long>();
            }
        }
        module.train(wasTraining);
        return new Accuracy(correct, data.Count);
    }

    /// <summary>Throws naming both shapes when the data do not fit the network's input.</summary>
    internal static void CheckShape(Network network, ImageDataset data)
    {
        var expected = network.InputShape;
        if (expected != new TensorShape(data.Channels, data.Height, data.Width))
            throw new InvalidInputException(
                $"dataset '{data.Name}' has {data.Channels}x{data.Height}x{data.Width} images but network '{network.Name}' expects {expected}");
        if (network.OutputShape.Channels < data.Classes)
            throw new InvalidInputException($"network '{network.Name}' has {network.OutputShape.Channels} outputs for {data.Classes} classes of '{data.Name}'");
    }
}
