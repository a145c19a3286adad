using ZooForge.Compression.Quantization;
using ZooForge.Data.Datasets;
using ZooForge.Graph.Model;
using ZooForge.Graph.Zoo;
using ZooForge.Graph.Zoo.Mnist;
using ZooForge.Hardware.Devices;
using ZooForge.Hardware.Exploration;
using ZooForge.Hardware.Performance;
using ZooForge.Search.Config;
using ZooForge.Search.Evaluation;
using ZooForge.Search.Exploration;
using ZooForge.Search.Space;

namespace ZooForge.Search.Tests;

/// <summary>Shared fixtures: the shipped zoo, the default config, an explorer on the ZCU102, and a fake evaluator.</summary>
internal static class TestSearch
{
    private static readonly Dictionary<string, (Network, NetworkWeights)> Models = new(StringComparer.Ordinal);

    public static (Network Network, NetworkWeights Weights) Zoo(string name)
    {
        lock (Models)
        {
            if (!Models.TryGetValue(name, out var m))
            {
                var contents = ZooCatalogue.Open().Load(name);
                Models[name] = m = (contents.Network, contents.Weights);
            }
            return m;
        }
    }

    public static SearchConfig Parse(string yaml, string source = "test.yaml") => SearchConfigFile.Parse(yaml, source, MnistModels.Create);

    public static SearchConfig Default => SearchConfigFile.Parse(SearchConfigFile.DefaultText, "default", MnistModels.Create);

    /// <summary>
    /// The engine tests' space: lenet5 and resnet, patterns/zeros/bits, one resnet cut
    /// (2 · 2·2·2 · 3 = 96 raw points), latency ≤ 0.15 ms (prunes some) and accuracy ≥ 0.965.
    /// </summary>
    public static SearchConfig EngineConfig { get; } = Parse(Yaml(
        genes: "  patterns: [0, 4]\n  zeros: [2, 4]\n  bits: [8, 6]\n  layers:\n    - {model: mnist_resnet, layer: layer3.0.conv1, cut: [0, 0.25, 0.5]}\n",
        constraints: "[\"latency_ms <= 0.15\", \"accuracy >= 0.965\"]"));

    public static FastExplorer Explorer(SearchConfig config) => new(Zoo, config.Device,
        config.HardwareSpace, config.PerfModel, config.ClockMhz);

    /// <summary>A minimal valid config with extra top-level YAML lines appended.</summary>
    public static string Yaml(string genes = "  patterns: [0, 4]\n  zeros: [2, 4]\n  bits: [8, 6]\n", string constraints = "[\"latency_ms <= 1\"]", string extra = "") =>
        "format: zooforge-search/1\nname: t\ndevice: zcu102\nclock_mhz: 200\nzoo: [mnist_lenet5, mnist_resnet]\ngenes:\n" + genes +
        "objective: accuracy\nconstraints: " + constraints + "\n" + extra;
}

/// <summary>
/// A deterministic stand-in for slow exploration: accuracy falls with compression (fewer bits,
/// more zeros, larger cuts) and varies with the seed, so the engine's logic can be tested
/// without TorchSharp.
/// </summary>
internal sealed class FakeEvaluator : IAccuracyEvaluator
{
    public int Calls { get; private set; }

    public AccuracyOutcome Evaluate(Candidate c, long seed)
    {
        Calls++;
        double accuracy = 0.99 - (8 - c.Bits) * 0.01 - (c.Patterns > 0 ? c.Zeros * 0.004 : 0) - c.Cuts.Values.Sum() * 0.02 - (seed % 7) * 0.001;
        int correct = (int)Math.Round(accuracy * 1000);
        return new AccuracyOutcome(correct, 1000, Network(c.Bits), TimeSpan.FromMilliseconds(1));
    }

    private static readonly Dictionary<int, QuantizedNetwork> Networks = [];

    // A real (valid) integer lenet5, calibrated on random pixels: the engine saves it like a trained one.
    private static QuantizedNetwork Network(int bits)
    {
        lock (Networks)
        {
            if (Networks.TryGetValue(bits, out var cached)) return cached;
            var (network, weights) = TestSearch.Zoo("mnist_lenet5");
            var random = new Random(1);
            var data = new ImageDataset("random", 1, 28, 28, 10, Enumerable.Range(0, 8 * 784).Select(_ => (float)random.NextDouble()).ToArray(), new int[8]);
            var ranges = Calibration.Ranges(network, weights, data, 8);
            return Networks[bits] = Quantizer.Quantize(network, weights, ranges, new QuantScheme(QuantKind.Symmetric, bits), new Dictionary<string, ZooForge.Compression.Patterns.PatternAssignment>());
        }
    }

    public (int Correct, int Total) UncompressedAccuracy(string model) => (model == "mnist_resnet" ? 985 : 980, 1000);
}
