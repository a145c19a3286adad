using ZooForge.TestSupport;
using System.Collections.Concurrent;
using ZooForge.Compression.Quantization;
using ZooForge.Data.Datasets;
using ZooForge.Data.Mnist;
using ZooForge.Data.Splits;
using ZooForge.Graph.Model;
using ZooForge.Graph.Zoo;

namespace ZooForge.Torch.Tests.Quantization;

/// <summary>MNIST, zoo checkpoints and their calibrated ranges, loaded once per test run.</summary>
internal static class QuantTestData
{
    /// <summary>Calibration images (first N of the training split), as the compression pipeline's default.</summary>
    public const int CalibrationImages = 512;


    private static readonly ConcurrentDictionary<string, (Network Network, NetworkWeights Weights, IReadOnlyDictionary<string, double> Ranges)> Models = new();

    public static ImageDataset Train => TestSupport.Digits.Train;

    public static ImageDataset Validation => TestSupport.Digits.Validation;

    public static (Network Network, NetworkWeights Weights, IReadOnlyDictionary<string, double> Ranges) Model(string name) =>
        Models.GetOrAdd(name, n =>
        {
            var checkpoint = ZooCatalogue.Open().Load(n);
            var ranges = Calibration.Ranges(checkpoint.Network, checkpoint.Weights, Train, CalibrationImages);
            return (checkpoint.Network, checkpoint.Weights, ranges);
        });
}
