using ZooForge.TestSupport;
using System.Collections.Concurrent;
using ZooForge.Compression.Quantization;
using ZooForge.Data.Datasets;
using ZooForge.Data.Mnist;
using ZooForge.Data.Splits;
using ZooForge.Graph.Layers;
using ZooForge.Graph.Model;
using ZooForge.Graph.Zoo;
using ZooForge.Graph.Zoo.Mnist;

namespace ZooForge.Compression.Tests.Quantization;

/// <summary>Shared fixtures: zoo checkpoints, the MNIST split, synthetic images, random networks.</summary>
internal static class TestNetworks
{
    private static readonly ConcurrentDictionary<string, Lazy<(Network, NetworkWeights)>> Zoo = new();

    public static IEnumerable<string> ZooNames => MnistModels.Names;

    public static (Network Network, NetworkWeights Weights) LoadZoo(string name) =>
        Zoo.GetOrAdd(name, n => new Lazy<(Network, NetworkWeights)>(() =>
        {
            var c = ZooCatalogue.Open().Load(n);
            return (c.Network, c.Weights);
        })).Value;

    /// <summary>The MNIST train split (8,000) — needs the data cache.</summary>
    public static ImageDataset MnistTrain => Digits.Train;

    /// <summary>The MNIST validation split (2,000) — needs the data cache.</summary>
    public static ImageDataset MnistValidation => Digits.Validation;

    /// <summary>Deterministic pseudo-random images in [0, 1] with blobs, so activations are not trivial.</summary>
    public static ImageDataset Synthetic(TensorShape shape, int count, int seed, int classes = 10)
    {
        var random = new Random(seed);
        int size = (int)shape.Elements;
        var pixels = new float[count * size];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = random.NextDouble() < 0.7 ? 0f : (float)random.NextDouble();
        var labels = Enumerable.Range(0, count).Select(_ => random.Next(classes)).ToArray();
        return new ImageDataset("synthetic", shape.Channels, shape.Height, shape.Width, classes, pixels, labels);
    }

    /// <summary>Random float weights for every parameter of <paramref name="network"/> (batch-norm statistics plausible).</summary>
    public static NetworkWeights RandomWeights(Network network, int seed)
    {
        var random = new Random(seed);
        var weights = new NetworkWeights();
        foreach (var (key, shape) in NetworkWeights.Expected(network))
        {
            int count = shape.Aggregate(1, (a, d) => a * d);
            var data = new float[count];
            int fanIn = shape.Length > 1 ? count / shape[0] : 1;
            for (int i = 0; i < count; i++)
            {
                double u = random.NextDouble() * 2 - 1;
                data[i] = key.EndsWith(".running_var") ? (float)(0.5 + random.NextDouble())
                    : key.EndsWith(".running_mean") ? (float)(0.2 * u)
                    : key.EndsWith(".bias") ? (float)(0.1 * u)
                    : shape.Length == 1 ? (float)(1 + 0.3 * u) // batch-norm gamma
                    : (float)(u * Math.Sqrt(3.0 / fanIn));
            }
            weights.Set(key, new WeightTensor(shape, data));
        }
        return weights;
    }

    /// <summary>A small network with every supported layer type.</summary>
    public static Network EveryLayer()
    {
        var b = new NetworkBuilder("every_layer", new TensorShape(2, 9, 9));
        string x = b.Conv("conv1", b.Input, 8, kernel: 3, padding: 1, bias: false);
        x = b.BatchNorm("bn1", x);
        x = b.Relu("relu1", x);
        string d = b.DepthwiseConv("dw", x, kernel: 3, padding: 1, bias: true);
        d = b.BatchNorm("dwbn", d);
        d = b.Relu6("dwrelu", d);
        string g = b.Conv("gconv", d, 8, kernel: 1, groups: 2);
        string s = b.Sum("add", g, x);
        s = b.Relu("addrelu", s);
        string m = b.MaxPool("maxpool", s, kernel: 3, stride: 2, padding: 1, ceilMode: true);
        string a = b.AvgPool("avgpool", s, kernel: 2, stride: 2, ceilMode: true);
        string c = b.Concat("cat", m, a);
        c = b.Relu6("catrelu6", c);
        string p = b.AdaptiveAvgPool("adaptive", c, 2, 2);
        string f = b.Flatten("flatten", p);
        f = b.Linear("fc1", f, 12);
        f = b.Relu("fc1relu", f);
        b.Linear("fc2", f, 5);
        return b.Build();
    }
}
