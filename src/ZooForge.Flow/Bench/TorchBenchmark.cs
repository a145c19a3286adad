using System.Diagnostics;
using ZooForge.Data.Mnist;
using ZooForge.Graph.Zoo;
using ZooForge.Graph.Zoo.Mnist;
using ZooForge.Torch.Training;

namespace ZooForge.Flow.Bench;

/// <summary>
/// Training throughput of every zoo architecture and the wall time of HotNAS's 100-batch
/// fine-tune from a zoo checkpoint, on the default two threads. Printed, never asserted.
/// </summary>
public static class TorchBenchmark
{
    /// <summary>The figures, training <paramref name="batches"/> batches per zoo model; <paramref name="progress"/> hears what is being measured.</summary>
    public static IEnumerable<BenchFigure> Run(int batches, Action<string>? progress = null)
    {
        var (train, _) = MnistSplit.Default();
        foreach (var name in MnistModels.Names)
        {
            progress?.Invoke($"training throughput, {name}");
            var network = MnistModels.Create(name);
            // A short run first: it pays TorchSharp's and the JIT's one-time costs.
            Trainer.Train(network, null, train, null, new TrainingOptions { MaxBatches = 3 });
            var result = Trainer.Train(network, null, train, null, new TrainingOptions { MaxBatches = batches, BatchSize = 64 });
            yield return new BenchFigure($"training images/s ({name})", result.ImagesPerSecond, "1/s",
                $"{batches} batches of 64 from scratch, SGD, {TorchRuntime.DefaultThreads} threads");
        }
        ZooCatalogue zoo;
        try { zoo = ZooCatalogue.Open(); }
        catch (Graph.Model.GraphException) { yield break; }
        foreach (var entry in zoo.Manifest.Models)
        {
            progress?.Invoke($"100-batch fine-tune, {entry.Name}");
            var checkpoint = zoo.Load(entry.Name);
            var clock = Stopwatch.StartNew();
            Trainer.FineTune(checkpoint.Network, checkpoint.Weights, train, 100, TrainingOptions.HotNasFineTune(seed: 1));
            yield return new BenchFigure($"100-batch fine-tune ({entry.Name})", clock.Elapsed.TotalSeconds * 1000, "ms",
                $"HotNAS budget: 100 batches of 32 from the zoo checkpoint, {TorchRuntime.DefaultThreads} threads");
        }
    }
}
