using ZooForge.Core.Errors;
using ZooForge.Compression.Patterns;
using ZooForge.Compression.Quantization;
using ZooForge.Compression.Reference;
using ZooForge.Compression.Tests.Quantization;
using ZooForge.Graph.Layers;
using ZooForge.Graph.Model;

namespace ZooForge.Compression.Tests.Reference;

public class IntegerReferenceTests
{
    private static readonly int[] Grid = [1, 2, 3, 4, -5, 6, 7, 8, -9];

    private static QuantizedNetwork Single(QOp op, TensorShape input, TensorShape output, int bits = 8) => new()
    {
        Name = "hand",
        Scheme = new QuantScheme(QuantKind.Symmetric, bits),
        InputShape = input,
        Ops = [op],
        Tensors = new Dictionary<string, QTensor> { ["input"] = new(input, 1), [op.Name] = new(output, 1) },
    };

    [Test]
    public void AveragePoolByHand()
    {
        // ceil_mode windows of n = 4, 2, 2, 1: multipliers 16384, 32768, 32768, 65536 (shift 16).
        var q = Single(new QPool("p", "input", false, 2, 2, 0, true, 0, 0, 16), new(1, 3, 3), new(1, 2, 2));
        // (1+2+4-5)/4 = 0.5 -> 1; (3+6)/2 = 4.5 -> 5; (7+8)/2 = 7.5 -> 8; -9/1 = -9
        Assert.That(IntegerReference.Run(q, Grid)["p"], Is.EqualTo(new[] { 1, 5, 8, -9 }));
        // count_include_pad: every window divides by 9: 2/9 -> 0, 6/9 -> 1, 14/9 -> 2, 0 -> 0.
        q = Single(new QPool("p", "input", false, 3, 2, 1, false, 0, 0, 16), new(1, 3, 3), new(1, 2, 2));
        Assert.That(IntegerReference.Run(q, Grid)["p"], Is.EqualTo(new[] { 0, 1, 2, 0 }));
        // adaptive to 1x1: sum 17 over n = 9, multiplier (65536 + 4) / 9 = 7282; 17·7282 / 2^16 = 1.889 -> 2.
        q = Single(new QPool("p", "input", false, 0, 0, 0, false, 1, 1, 16), new(1, 3, 3), new(1, 1, 1));
        Assert.That(IntegerReference.Run(q, Grid)["p"], Is.EqualTo(new[] { 2 }));
        Assert.That(IntegerReference.AverageMultiplier(9, 16), Is.EqualTo(7282));
        Assert.That(IntegerReference.AverageMultiplier(3, 16), Is.EqualTo(21845));
        Assert.That(IntegerReference.AverageMultiplier(2, 16), Is.EqualTo(32768));
        // halves round up: -2/4 = -0.5 -> 0, -6/4 = -1.5 -> -1, 2/4 = 0.5 -> 1
        q = Single(new QPool("p", "input", false, 2, 2, 0, false, 0, 0, 16), new(1, 2, 2), new(1, 1, 1));
        Assert.That(IntegerReference.Run(q, [-1, -1, 0, 0])["p"], Is.EqualTo(new[] { 0 }));
        Assert.That(IntegerReference.Run(q, [-3, -3, 0, 0])["p"], Is.EqualTo(new[] { -1 }));
        Assert.That(IntegerReference.Run(q, [1, 1, 0, 0])["p"], Is.EqualTo(new[] { 1 }));
    }

    [Test]
    public void MaxPoolByHand()
    {
        var q = Single(new QPool("p", "input", true, 3, 2, 1, false, 0, 0, 0), new(1, 3, 3), new(1, 2, 2));
        var negative = Grid.Select(v => -Math.Abs(v)).ToArray();
        Assert.That(IntegerReference.Run(q, negative)["p"], Is.EqualTo(new[] { -1, -2, -4, -5 }));
    }

    [Test]
    public void AddAndConcatRoundOnceHalfUp()
    {
        var add = new QAdd("add", "input", "input", 715827883, 1431655765, 31, -128, 127);
        var q = Single(add, new(1, 1, 4), new(1, 1, 4));
        // a·M_A + b·M_B with a = b: x·2^31 -> x exactly
        Assert.That(IntegerReference.Run(q, [3, -3, 127, -128])["add"], Is.EqualTo(new[] { 3, -3, 127, -128 }));
        var half = new QAdd("add", "input", "input", 1 << 29, 1 << 29, 31, -128, 127); // (x + x)/4 = x/2
        Assert.That(IntegerReference.Run(Single(half, new(1, 1, 4), new(1, 1, 4)), [3, -3, 1, -1])["add"], Is.EqualTo(new[] { 2, -1, 1, 0 }));
        var cat = new QConcat("cat", ["input", "input"], [1 << 30, 1 << 29], 30, -128, 127);
        Assert.That(IntegerReference.Run(Single(cat, new(1, 1, 2), new(2, 1, 2)), [5, -5])["cat"], Is.EqualTo(new[] { 5, -5, 3, -2 }));
        var clamp = new QClamp("c", "input", 0, 6);
        Assert.That(IntegerReference.Run(Single(clamp, new(1, 1, 3), new(1, 1, 3)), [-4, 3, 9])["c"], Is.EqualTo(new[] { 0, 3, 6 }));
    }

    [Test]
    public void RejectsInputsOutsideTheBitRange()
    {
        var q = Single(new QClamp("c", "input", -128, 127), new(1, 1, 2), new(1, 1, 2));
        Assert.Throws<InvalidInputException>(() => IntegerReference.Run(q, [128, 0]));
        Assert.Throws<InvalidInputException>(() => IntegerReference.Run(q, [0]));
    }

    [Test]
    public void ValidationNamesTheOp()
    {
        var bad = new QConv("conv", "input", 2, 1, 3, 1, 1, 1, new int[18], [0], [1 << 30], [30], -128, 127);
        var q = Single(bad, new(1, 3, 3), new(1, 3, 3));
        var e = Assert.Throws<QuantizationException>(() => new IntegerReference(q));
        Assert.That(e!.Message, Does.Contain("op 'conv'").And.Contain("input channels"));
    }

    [Test]
    public void KernelsAgreeWithTheirScalarForms()
    {
        var random = new Random(3);
        foreach (int length in new[] { 1, 9, 16, 25, 75, 144 })
        {
            int rowStride = 48, m = 7;
            var weights = Enumerable.Range(0, m * length).Select(_ => random.Next(-128, 128)).ToArray();
            var packed = Kernels.PackPairs(weights, m);
            int pairs = (length + 1) / 2;
            var col = new int[pairs * rowStride];
            for (int i = 0; i < col.Length; i++) col[i] = (ushort)(short)random.Next(-128, 128) | random.Next(-128, 128) << 16;
            if (length % 2 == 1) // the unpaired half has weight zero: make its value large
                for (int p = 0; p < rowStride; p++) col[(pairs - 1) * rowStride + p] = (col[(pairs - 1) * rowStride + p] & 0xffff) | short.MinValue << 16;
            var bias = Enumerable.Range(0, m).Select(_ => random.Next(-100000, 100000)).ToArray();
            var fast = new int[m * rowStride];
            var slow = new int[m * rowStride];
            var wide = new long[m * rowStride];
            Kernels.GemmPairs(packed, pairs, bias, 0, m, col, rowStride, fast);
            Kernels.GemmPairsScalar(packed, pairs, bias, 0, m, col, rowStride, slow);
            Kernels.GemmPairsWide(packed, pairs, bias, 0, m, col, rowStride, wide);
            Assert.That(fast, Is.EqualTo(slow), $"length {length}");
            Assert.That(fast.Select(v => (long)v), Is.EqualTo(wide), $"length {length}");
            for (int mm = 0; mm < m; mm++)
                for (int p = 0; p < rowStride; p++)
                {
                    long expected = bias[mm];
                    for (int k = 0; k < length; k++)
                    {
                        int pair = col[(k / 2) * rowStride + p];
                        expected += (long)weights[mm * length + k] * (k % 2 == 0 ? (short)pair : (short)(pair >> 16));
                    }
                    Assert.That(wide[mm * rowStride + p], Is.EqualTo(expected));
                }
        }
        var accs = new long[4000];
        for (int i = 0; i < accs.Length; i++) accs[i] = random.NextInt64(int.MinValue, (long)int.MaxValue + 1);
        var narrow = accs.Select(a => (int)a).ToArray();
        foreach (var (mult, shift) in new[] { (1 << 30, 30), (1431655765, 31), (int.MaxValue, 62), (12345, 0), (1 << 30, 45) })
        {
            var y = new int[accs.Length];
            var z = new int[accs.Length];
            Kernels.Requantize(accs, 0, accs.Length, mult, shift, -128, 127, y, 0);
            Kernels.Requantize(narrow, 0, accs.Length, mult, shift, -128, 127, z, 0);
            for (int i = 0; i < accs.Length; i++)
                Assert.That((y[i], z[i]), Is.EqualTo((Requantizer.Requantize(accs[i], mult, shift, -128, 127), Requantizer.Requantize(accs[i], mult, shift, -128, 127))),
                    $"acc {accs[i]}, M {mult}, shift {shift}");
        }
    }

    [TestCase("mnist_vgg")]
    [TestCase("mnist_mobilenetv2")]
    [TestCase("mnist_lenet5")]
    [Category("Data")] // zoo checkpoints (inputs are synthetic)
    public void PatternSparseExecutionEqualsDenseBitForBit(string model)
    {
        var (network, original) = TestNetworks.LoadZoo(model);
        var (weights, patterns) = CrossPatterns(network, original);
        Assert.That(patterns, Is.Not.Empty);
        var data = TestNetworks.Synthetic(network.InputShape, 6, 21);
        var ranges = Calibration.Ranges(network, weights, data, 4);
        foreach (var scheme in new[] { QuantScheme.Int8, QuantScheme.Parse("fixed:8") })
        {
            var q = Quantizer.Quantize(network, weights, ranges, scheme, patterns);
            var sparseConvs = q.Ops.OfType<QConv>().Where(c => c.PatternIds is not null).ToList();
            Assert.That(sparseConvs, Has.Count.EqualTo(patterns.Count));
            Assert.That(sparseConvs.Sum(c => c.PatternIds!.Count(id => id < 0)), Is.GreaterThan(0), "some kernels are pruned entirely");
            var sparse = new IntegerReference(q, ConvExecution.PatternSparse);
            var dense = new IntegerReference(q, ConvExecution.Dense);
            var stripped = new IntegerReference(q with
            {
                Ops = q.Ops.Select(o => o is QConv c ? c with { Patterns = null, PatternIds = null } : o).ToArray(),
            });
            for (int i = 0; i < data.Count; i++)
            {
                var input = Quantizer.QuantizeInput(data.GetImage(i), q);
                var a = sparse.Run(input);
                var b = dense.Run(input);
                var c = stripped.Run(input);
                foreach (var op in q.Ops)
                {
                    Assert.That(a[op.Name], Is.EqualTo(b[op.Name]), $"{scheme} image {i} op {op.Name}");
                    Assert.That(a[op.Name], Is.EqualTo(c[op.Name]), $"{scheme} image {i} op {op.Name}");
                }
                Assert.That(a[q.OutputName].Any(v => v != 0), $"image {i}: the output is not all zero");
            }
        }
    }

    /// <summary>
    /// Every K×K convolution keeps, per kernel, the L2-best of four patterns; the quarter of
    /// kernels with the smallest norm are pruned entirely (id −1). Weights are masked.
    /// </summary>
    internal static (NetworkWeights Weights, Dictionary<string, PatternAssignment> Patterns) CrossPatterns(Network network, NetworkWeights original)
    {
        var weights = new NetworkWeights();
        foreach (var (key, t) in original.Entries) weights.Set(key, new WeightTensor(t.Shape, (float[])t.Data.Clone()));
        var patterns = new Dictionary<string, PatternAssignment>();
        foreach (var conv in network.Nodes.Select(n => n.Layer).OfType<Conv2dLayer>().Where(c => c.Kernel > 1))
        {
            int k = conv.Kernel, kk = k * k;
            // Four patterns: the centre plus the row, the column, and the two diagonals through it.
            var masks = new[]
            {
                Enumerable.Range(0, k).Aggregate(0UL, (m, c) => m | 1UL << (k / 2 * k + c)),
                Enumerable.Range(0, k).Aggregate(0UL, (m, r) => m | 1UL << (r * k + k / 2)),
                Enumerable.Range(0, k).Aggregate(0UL, (m, r) => m | 1UL << (r * k + r)),
                Enumerable.Range(0, k).Aggregate(0UL, (m, r) => m | 1UL << (r * k + k - 1 - r)),
            };
            var table = new KernelPatternTable(k, masks);
            var w = weights.Get(conv.Name + ".weight").Data;
            int kernels = w.Length / kk;
            var ids = new int[kernels];
            var norms = new double[kernels];
            for (int i = 0; i < kernels; i++)
            {
                double Energy(ulong mask) => Enumerable.Range(0, kk).Where(p => (mask >> p & 1) != 0).Sum(p => (double)w[i * kk + p] * w[i * kk + p]);
                ids[i] = Enumerable.Range(0, masks.Length).MaxBy(j => Energy(masks[j]));
                norms[i] = Energy(masks[ids[i]]);
            }
            foreach (int i in Enumerable.Range(0, kernels).OrderBy(i => norms[i]).ThenBy(i => i).Take(kernels / 4)) ids[i] = -1;
            for (int i = 0; i < kernels; i++)
                for (int p = 0; p < kk; p++)
                    if (ids[i] < 0 || (masks[ids[i]] >> p & 1) == 0) w[i * kk + p] = 0;
            patterns[conv.Name] = new PatternAssignment(conv.Name, table, ids);
        }
        return (weights, patterns);
    }
}
