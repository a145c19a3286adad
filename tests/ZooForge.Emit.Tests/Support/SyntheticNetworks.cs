using ZooForge.Compression.Patterns;
using ZooForge.Compression.Quantization;
using ZooForge.Graph.Model;

namespace ZooForge.Emit.Tests.Support;

/// <summary>
/// Small hand-built integer networks with seeded random weights, for what the zoo does not
/// cover: every op kind (concat, standalone clamp, average pooling with padding and ceil_mode,
/// uneven adaptive windows, strided depthwise, pruned kernels, patterns of different sizes),
/// and shapes the kernels reject.
/// </summary>
internal static class SyntheticNetworks
{
    private sealed class Builder(string name, TensorShape input, int seed, int bits = 8)
    {
        private readonly Random _random = new(seed);
        private readonly int _hi = (1 << (bits - 1)) - 1;
        private readonly List<QOp> _ops = [];
        private readonly Dictionary<string, QTensor> _tensors = new(StringComparer.Ordinal) { [Network.InputName] = new(input, 0.01) };

        public string Add(QOp op, TensorShape shape)
        {
            _ops.Add(op);
            _tensors[op.Name] = new QTensor(shape, 0.01);
            return op.Name;
        }

        public TensorShape Shape(string tensor) => _tensors[tensor].Shape;

        // Weights in ±20 (±320 at 12 bits; zero outside each kernel's pattern), biases in ±300, and
        // a requantization scale near 1/256 so outputs spread over the range and sometimes clamp.
        // lo/hi default to the whole range.
        public string Conv(string opName, string x, int outChannels, int kernel, int stride, int padding, int groups = 1,
            KernelPatternTable? patterns = null, int? lo = null, int? hi = null)
        {
            int weightRange = _hi > 127 ? 320 : 20;
            var s = Shape(x);
            int perGroup = s.Channels / groups, kk = kernel * kernel;
            var weights = new int[outChannels * perGroup * kk];
            int[]? ids = patterns is null ? null : new int[outChannels * perGroup];
            for (int kernelIndex = 0; kernelIndex < outChannels * perGroup; kernelIndex++)
            {
                int[] keep = Enumerable.Range(0, kk).ToArray();
                if (ids is not null)
                {
                    ids[kernelIndex] = _random.Next(-1, patterns!.Count);
                    keep = ids[kernelIndex] < 0 ? [] : patterns.Offsets(ids[kernelIndex]);
                }
                foreach (int position in keep) weights[kernelIndex * kk + position] = _random.Next(-weightRange, weightRange + 1);
            }
            var bias = Enumerable.Range(0, outChannels).Select(_ => _random.Next(-300, 301)).ToArray();
            var multiplier = Enumerable.Range(0, outChannels).Select(_ => _random.Next(1 << 30, int.MaxValue)).ToArray();
            var shift = Enumerable.Range(0, outChannels).Select(_ => 38 + _random.Next(0, 3)).ToArray();
            int oh = (s.Height + 2 * padding - kernel) / stride + 1, ow = (s.Width + 2 * padding - kernel) / stride + 1;
            return Add(new QConv(opName, x, s.Channels, outChannels, kernel, stride, padding, groups, weights, bias, multiplier, shift, lo ?? -_hi - 1, hi ?? _hi,
                patterns, ids), new TensorShape(outChannels, oh, ow));
        }

        public QuantizedNetwork Build() => new()
        {
            Name = name, Scheme = bits == 8 ? QuantScheme.Int8 : QuantScheme.Parse($"int{bits}"), InputShape = _tensors[Network.InputName].Shape, Ops = _ops, Tensors = _tensors,
        };

        public int[] RandomInput() =>
            Enumerable.Range(0, (int)_tensors[Network.InputName].Shape.Elements).Select(_ => _random.Next(-_hi - 1, _hi + 1)).ToArray();
    }

    /// <summary>A pattern table with patterns of 4, 4 and 3 non-zeros (the last padded when packed).</summary>
    public static KernelPatternTable Patterns3x3 { get; } = new(3, [Mask(1, 3, 4, 5), Mask(4, 5, 7, 8), Mask(0, 4, 8)]);

    private static ulong Mask(params int[] positions) => positions.Aggregate(0UL, (m, p) => m | 1UL << p);

    /// <summary>
    /// Every op kind once: pattern conv → strided depthwise → clamp → 1×1 conv → add → max pool
    /// (ceil_mode) and padded average pool → concat → uneven adaptive pool → flatten → linear.
    /// Returns the network and <paramref name="images"/> random quantized inputs.
    /// </summary>
    public static (QuantizedNetwork Network, IReadOnlyList<int[]> Inputs) AllOps(int images = 16, int bits = 8)
    {
        var b = new Builder(bits == 8 ? "tiny_all_ops" : $"tiny_all_ops_int{bits}", new TensorShape(2, 9, 9), seed: 7, bits);
        string c0 = b.Conv("conv0", Network.InputName, 6, kernel: 3, stride: 1, padding: 1, patterns: Patterns3x3, lo: 0);
        string dw = b.Conv("dw", c0, 6, kernel: 3, stride: 2, padding: 1, groups: 6);
        string clamp = b.Add(new QClamp("clamp", dw, -20, 50), b.Shape(dw));
        string pw = b.Conv("pw", clamp, 6, kernel: 1, stride: 1, padding: 0);
        string add = b.Add(new QAdd("add", pw, clamp, 1 << 30, 3 << 28, 31, -100, 100), b.Shape(pw));
        string max = b.Add(new QPool("maxpool", add, IsMax: true, Kernel: 2, Stride: 2, Padding: 0, CeilMode: true, 0, 0, Shift: 0), new TensorShape(6, 3, 3));
        string avg = b.Add(new QPool("avgpool", add, IsMax: false, Kernel: 3, Stride: 2, Padding: 1, CeilMode: false, 0, 0, Shift: 16), new TensorShape(6, 3, 3));
        string cat = b.Add(new QConcat("concat", [max, avg], [1 << 30, 1_500_000_000], 30, -128, 127), new TensorShape(12, 3, 3));
        string adaptive = b.Add(new QPool("adaptive", cat, IsMax: false, 0, 0, 0, false, AdaptiveHeight: 2, AdaptiveWidth: 2, Shift: 16), new TensorShape(12, 2, 2));
        string flat = b.Add(new QFlatten("flatten", adaptive), new TensorShape(48, 1, 1));
        b.Conv("fc", flat, 5, kernel: 1, stride: 1, padding: 0);
        var network = b.Build();
        return (network, Enumerable.Range(0, images).Select(_ => b.RandomInput()).ToArray());
    }

    /// <summary>Only dense convolutions and a linear layer: no depthwise, pooling or element-wise kernel.</summary>
    public static (QuantizedNetwork Network, IReadOnlyList<int[]> Inputs) DenseOnly(int images = 8)
    {
        var b = new Builder("tiny_dense", new TensorShape(3, 6, 5), seed: 11);
        string c0 = b.Conv("conv0", Network.InputName, 4, kernel: 3, stride: 2, padding: 0, lo: 0, hi: 127);
        string flat = b.Add(new QFlatten("flatten", c0), new TensorShape(4 * 2 * 2, 1, 1));
        b.Conv("fc", flat, 3, kernel: 1, stride: 1, padding: 0);
        return (b.Build(), Enumerable.Range(0, images).Select(_ => b.RandomInput()).ToArray());
    }

    /// <summary>
    /// Kernels larger than a Tk = 3 engine: a strided, padded 7×7 conv (3 passes per side, the
    /// last overhanging the kernel), a 3×3 pattern conv, a 5×5 depthwise (2 passes per side) and
    /// a linear layer. Run on <see cref="DecomposingTiling"/>.
    /// </summary>
    public static (QuantizedNetwork Network, IReadOnlyList<int[]> Inputs) LargeKernels(int images = 4)
    {
        var b = new Builder("tiny_large_kernels", new TensorShape(3, 11, 10), seed: 5);
        string c7 = b.Conv("conv7", Network.InputName, 5, kernel: 7, stride: 2, padding: 3, lo: 0);
        string c3 = b.Conv("conv3", c7, 4, kernel: 3, stride: 1, padding: 1, patterns: Patterns3x3);
        string dw5 = b.Conv("dw5", c3, 4, kernel: 5, stride: 1, padding: 2, groups: 4);
        var s = b.Shape(dw5);
        string flat = b.Add(new QFlatten("flatten", dw5), new TensorShape(s.Channels * s.Height * s.Width, 1, 1));
        b.Conv("fc", flat, 3, kernel: 1, stride: 1, padding: 0);
        return (b.Build(), Enumerable.Range(0, images).Select(_ => b.RandomInput()).ToArray());
    }

    /// <summary>Conv and depthwise engines with a 3×3 window, for <see cref="LargeKernels"/>.</summary>
    public const string DecomposingTiling = "{tm: 4, tn: 3, tr: 4, tc: 5, tk: 3}";

    /// <summary>The depthwise engine of <see cref="DecomposingTiling"/>.</summary>
    public const string DecomposingDepthwise = "{tm: 3, tr: 5, tc: 4, tk: 3}";

    /// <summary>A grouped (not depthwise) convolution, which the HLS kernels do not implement.</summary>
    public static QuantizedNetwork Grouped()
    {
        var b = new Builder("tiny_grouped", new TensorShape(4, 5, 5), seed: 3);
        string g = b.Conv("grouped", Network.InputName, 4, kernel: 3, stride: 1, padding: 1, groups: 2);
        b.Add(new QFlatten("flatten", g), new TensorShape(100, 1, 1));
        return b.Build();
    }

    /// <summary>Writes <paramref name="network"/> and a design for it into <paramref name="folder"/>; returns the design path.</summary>
    public static string WriteDesign(string folder, QuantizedNetwork network, string tiling = "{tm: 4, tn: 3, tr: 4, tc: 5, tk: 3}",
        string? depthwise = "{tm: 4, tr: 5, tc: 5, tk: 3}", int dataBits = 8, bool dense = false,
        string ports = "{weight: 6, input: 4, output: 4}", int clockMhz = 250, string? name = null)
    {
        Directory.CreateDirectory(folder);
        QuantizedNetworkFile.Save(Path.Combine(folder, "network.zfq.safetensors"), network);
        string path = Path.Combine(folder, "design.yaml");
        File.WriteAllText(path,
            "format: zooforge-design/1\n" +
            $"name: {name ?? network.Name}\n" +
            "network: network.zfq.safetensors\n" +
            "device: zcu102\n" +
            $"clock_mhz: {clockMhz}\n" +
            $"data_bits: {dataBits}\n" +
            $"conv: {tiling}\n" +
            (depthwise is null ? "" : $"depthwise: {depthwise}\n") +
            $"ports: {ports}\n" +
            (dense ? "dense: true\n" : ""));
        return path;
    }
}
