using ZooForge.Compression.Quantization;
using ZooForge.Data.Datasets;
using ZooForge.Graph.Model;
using ZooForge.Graph.Zoo;
using ZooForge.Import.Onnx;

namespace ZooForge.Emit.Tests.Support;

/// <summary>
/// torchvision's resnet18 at its ImageNet shape (3×224×224 in, 1,000 classes out) with seeded
/// float weights made here (no pretrained weights are downloaded), int8-quantised by the
/// project's own pipeline: calibration ranges from the float reference on a few seeded
/// synthetic images, then <see cref="Quantizer"/> (batch-norm folding, ReLU fusion, per-channel
/// weight scales), optionally through an ONNX file and the importer. The values mean nothing; the shapes, the 7×7 stride-2 stem, the strided
/// projections, the residual adds and the 512→1,000 classifier are ImageNet's.
/// </summary>
internal static class ImageNetResNet18
{
    /// <summary>The design <c>zooforge dse --model resnet18 --device zcu102</c> picks in the zooforge space at 8 bits (a space file with <c>data_bits: 8</c>): [70, 72, 32, 32, 3, 18, 6, 6], dense, 7.410 ms in the model.</summary>
    public const string DseTiling = "{tm: 70, tn: 72, tr: 32, tc: 32, tk: 3}";

    /// <summary>Its AXI lanes (16 bits each): weights, input, output.</summary>
    public const string DsePorts = "{weight: 18, input: 6, output: 6}";

    /// <summary>Name of the design (and of its generated files and programs).</summary>
    public const string DesignName = "resnet18_int8";

    /// <summary>The architecture, as the zoo builds it.</summary>
    public static Network Architecture() => BuiltinModels.Create("resnet18");

    /// <summary>
    /// Seeded weights for every parameter: convolution and linear weights uniform with He's
    /// variance (±√(6/fan_in)) so activations neither vanish nor explode through 18 layers, small
    /// biases, and batch-norm statistics away from the identity so folding changes every weight.
    /// </summary>
    public static NetworkWeights SeededWeights(Network network, int seed)
    {
        var random = new Random(seed);
        var weights = new NetworkWeights();
        foreach (var (key, shape) in NetworkWeights.Expected(network))
        {
            int count = shape.Aggregate(1, (a, d) => a * d);
            int fanIn = shape.Length > 1 ? count / shape[0] : 1;
            var data = new float[count];
            for (int i = 0; i < count; i++)
            {
                double u = random.NextDouble() * 2 - 1;
                data[i] = key.EndsWith(".running_var", StringComparison.Ordinal) ? (float)(0.5 + random.NextDouble())
                    : key.EndsWith(".running_mean", StringComparison.Ordinal) ? (float)(0.2 * u)
                    : key.EndsWith(".bias", StringComparison.Ordinal) ? (float)(0.1 * u)
                    : shape.Length == 1 ? (float)(1 + 0.3 * u) // batch-norm gamma
                    : (float)(u * Math.Sqrt(6.0 / fanIn));
            }
            weights.Set(key, new WeightTensor(shape, data));
        }
        return weights;
    }

    /// <summary>Seeded images in [0, 1]: smooth colour gradients plus noise, so every channel and region differs.</summary>
    public static ImageDataset SyntheticImages(TensorShape shape, int count, int seed)
    {
        var random = new Random(seed);
        int size = (int)shape.Elements;
        var pixels = new float[count * size];
        for (int image = 0; image < count; image++)
        {
            var (fx, fy) = (random.NextDouble() * 4, random.NextDouble() * 4);
            for (int c = 0; c < shape.Channels; c++)
                for (int y = 0; y < shape.Height; y++)
                    for (int x = 0; x < shape.Width; x++)
                    {
                        double smooth = 0.5 + 0.35 * Math.Sin(fx * x / shape.Width * Math.PI + fy * y / shape.Height * Math.PI + c);
                        pixels[image * size + (c * shape.Height + y) * shape.Width + x] = (float)Math.Clamp(smooth + 0.15 * (random.NextDouble() - 0.5), 0, 1);
                    }
        }
        return new ImageDataset("synthetic-imagenet", shape.Channels, shape.Height, shape.Width, BuiltinModels.ImageNetClasses,
            pixels, Enumerable.Range(0, count).Select(_ => random.Next(BuiltinModels.ImageNetClasses)).ToArray());
    }

    /// <summary>
    /// The float network as an ONNX import: <paramref name="network"/> and <paramref name="weights"/>
    /// written to <paramref name="onnxPath"/> (<see cref="OnnxExport"/>) and read back by
    /// <c>zooforge import</c>'s <see cref="OnnxImporter"/>.
    /// </summary>
    public static (Network Network, NetworkWeights Weights) ThroughOnnx(Network network, NetworkWeights weights, string onnxPath)
    {
        OnnxExport.Save(onnxPath, network, weights);
        return OnnxImporter.Import(onnxPath, network.Name);
    }

    /// <summary>The int8 network: calibrated on <paramref name="calibrationImages"/> seeded images, then quantised.</summary>
    public static QuantizedNetwork Quantize(Network network, NetworkWeights weights, ImageDataset calibration, int calibrationImages)
    {
        var ranges = Calibration.Ranges(network, weights, calibration, calibrationImages);
        return Quantizer.Quantize(network, weights, ranges, QuantScheme.Int8);
    }

    /// <summary>Writes <paramref name="network"/> and the DSE's ZCU102 design for it into <paramref name="folder"/>; returns the design path.</summary>
    public static string WriteDesign(string folder, QuantizedNetwork network) =>
        SyntheticNetworks.WriteDesign(folder, network, DseTiling, depthwise: null, dataBits: 8, dense: true, ports: DsePorts, clockMhz: 200, name: DesignName);
}
