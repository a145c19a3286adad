using ZooForge.Compression.Quantization;
using ZooForge.Compression.Reference;
using ZooForge.Torch.Quantization;
using ZooForge.Torch.Training;
using static TorchSharp.torch;

namespace ZooForge.Torch.Tests.Quantization;

/// <summary>The TorchSharp integer kernels against scalar loops over <see cref="Requantizer"/> and <see cref="WindowGeometry"/>.</summary>
public class IntegerKernelsTests
{
    [OneTimeSetUp]
    public void Configure() => TorchRuntime.Configure();

    private static long[] Values(Tensor t) => t.contiguous().data<long>().ToArray();

    [Test]
    public void RoundShift_matches_the_requantizer_for_every_shift_including_negatives_and_ties()
    {
        var random = new Random(1);
        var xs = new List<long> { 0, 1, -1, 2, -2, 3, -3, 5, -5, long.MaxValue / 4, long.MinValue / 4 };
        for (int i = 0; i < 500; i++) xs.Add(random.NextInt64(-(1L << 61), 1L << 61));
        for (int s = 1; s <= 62; s++)
        {
            // Exact ties ±(2k+1)·2^(s−1) round half up.
            xs.Add(3L << (s - 1));
            xs.Add(-(3L << (s - 1)));
            xs.Add(-(1L << (s - 1)));
        }
        using var x = tensor(xs.ToArray());
        for (int s = 0; s <= 62; s++)
        {
            using var scalarShift = IntegerKernels.RoundShift(x, s);
            using var shiftTensor = full(xs.Count, s, ScalarType.Int64);
            using var tensorShift = IntegerKernels.RoundShift(x, shiftTensor);
            var expected = xs.Select(v => Requantizer.RoundShift(v, s)).ToArray();
            Assert.That(Values(scalarShift), Is.EqualTo(expected), $"shift {s}");
            Assert.That(Values(tensorShift), Is.EqualTo(expected), $"shift {s} (tensor)");
        }
    }

    private static QConv RandomConv(Random random, int n, int m, int k, int stride, int padding, int groups, int weightMax = 127)
    {
        int per = n / groups * k * k;
        var w = Enumerable.Range(0, m * per).Select(_ => random.Next(-weightMax, weightMax + 1)).ToArray();
        var bias = Enumerable.Range(0, m).Select(_ => random.Next(-20000, 20000)).ToArray();
        var mult = Enumerable.Range(0, m).Select(_ => random.Next(1 << 30, int.MaxValue)).ToArray();
        var shift = Enumerable.Range(0, m).Select(_ => random.Next(36, 46)).ToArray();
        return new QConv("c", "input", n, m, k, stride, padding, groups, w, bias, mult, shift, -128, 127);
    }

    /// <summary>The convolution the integer reference defines, as a plain loop.</summary>
    private static long[] ScalarConv(QConv c, int[] x, int batch, int h, int w)
    {
        int oh = WindowGeometry.ConvOutputSize(h, c.Kernel, c.Stride, c.Padding), ow = WindowGeometry.ConvOutputSize(w, c.Kernel, c.Stride, c.Padding);
        int inPer = c.InChannels / c.Groups, outPer = c.OutChannels / c.Groups;
        var y = new long[batch * c.OutChannels * oh * ow];
        for (int b = 0; b < batch; b++)
            for (int m = 0; m < c.OutChannels; m++)
                for (int i = 0; i < oh; i++)
                    for (int j = 0; j < ow; j++)
                    {
                        long acc = c.Bias[m];
                        int g = m / outPer;
                        for (int n = 0; n < inPer; n++)
                            for (int r = 0; r < c.Kernel; r++)
                                for (int s = 0; s < c.Kernel; s++)
                                {
                                    int ih = i * c.Stride + r - c.Padding, iw = j * c.Stride + s - c.Padding;
                                    if (ih < 0 || ih >= h || iw < 0 || iw >= w) continue;
                                    acc += (long)c.Weights[((m * inPer + n) * c.Kernel + r) * c.Kernel + s] * x[((b * c.InChannels + g * inPer + n) * h + ih) * w + iw];
                                }
                        y[((b * c.OutChannels + m) * oh + i) * ow + j] = Requantizer.Requantize(acc, c.Multiplier[m], c.Shift[m], c.Lo, c.Hi);
                    }
        return y;
    }

    [TestCase(8, 16, 3, 1, 1, 1)]
    [TestCase(16, 16, 3, 2, 1, 16)]
    [TestCase(6, 16, 5, 1, 2, 1)]
    [TestCase(32, 8, 1, 1, 0, 1)]
    [TestCase(12, 24, 3, 1, 1, 3)]
    public void Convolution_matches_the_scalar_definition_in_float32_and_float64(int n, int m, int k, int stride, int padding, int groups)
    {
        var random = new Random(n * 100 + m + k);
        var conv = RandomConv(random, n, m, k, stride, padding, groups);
        const int batch = 20, h = 9, w = 9; // ≥ 16 images, where torch may pick other CPU convolution paths
        var x = Enumerable.Range(0, batch * n * h * w).Select(_ => random.Next(-128, 128)).ToArray();
        var expected = ScalarConv(conv, x, batch, h, w);
        Assert.That(IntegerKernels.ChooseAccumulator(conv, 128), Is.EqualTo(IntegerKernels.Accumulator.Float32));
        using var input = tensor(x.Select(v => (long)v).ToArray(), [batch, n, h, w]);
        foreach (var acc in new[] { IntegerKernels.Accumulator.Float32, IntegerKernels.Accumulator.Float64 })
        {
            using var y = IntegerKernels.Conv(conv, input, acc);
            Assert.That(Values(y), Is.EqualTo(expected), acc.ToString());
        }
        // Not saturating everything: the test means something.
        Assert.That(expected.Count(v => v is > -128 and < 127), Is.GreaterThan(expected.Length / 4));
    }

    [Test]
    public void The_accumulator_is_float32_below_2_to_the_24_float64_below_2_to_the_53_and_refused_beyond()
    {
        // Σ|w| = 2^17 − 1 per channel: with |x| ≤ 128 the bound is just below 2^24.
        var w = new int[1024];
        Array.Fill(w, 127);
        w[^1] = 127 - (1024 * 127 - ((1 << 17) - 1));
        var conv = new QConv("big", "input", 1024, 1, 1, 1, 0, 1, w, [0], [1 << 30], [40], -128, 127);
        Assert.That(IntegerKernels.MaxAbsWeightSum(conv), Is.EqualTo((1 << 17) - 1));
        Assert.That(IntegerKernels.ChooseAccumulator(conv, 128), Is.EqualTo(IntegerKernels.Accumulator.Float32));
        Assert.That(IntegerKernels.ChooseAccumulator(conv, 129), Is.EqualTo(IntegerKernels.Accumulator.Float64));
        Assert.That(IntegerKernels.ChooseAccumulator(conv, 1L << 36), Is.EqualTo(IntegerKernels.Accumulator.Float64));
        var e = Assert.Throws<NotSupportedException>(() => IntegerKernels.ChooseAccumulator(conv, 1L << 37));
        Assert.That(e!.Message, Does.Contain("'big'"));
    }

    [Test]
    public void A_16_bit_convolution_beyond_2_to_the_24_is_exact_in_float64_where_float32_is_not()
    {
        var random = new Random(7);
        var conv = RandomConv(random, 64, 4, 3, 1, 1, 1, weightMax: 32767) with { Lo = int.MinValue, Hi = int.MaxValue, Shift = [0, 0, 0, 0], Multiplier = [1, 1, 1, 1] };
        const int batch = 2, h = 6, w = 6;
        var x = Enumerable.Range(0, batch * 64 * h * w).Select(_ => random.Next(-32768, 32768)).ToArray();
        Assert.That(IntegerKernels.ChooseAccumulator(conv, 32768), Is.EqualTo(IntegerKernels.Accumulator.Float64));
        var expected = ScalarConv(conv, x, batch, h, w);
        using var input = tensor(x.Select(v => (long)v).ToArray(), [batch, 64, h, w]);
        using var exact = IntegerKernels.Conv(conv, input, IntegerKernels.Accumulator.Float64);
        using var rounded = IntegerKernels.Conv(conv, input, IntegerKernels.Accumulator.Float32);
        Assert.That(Values(exact), Is.EqualTo(expected));
        Assert.That(Values(rounded), Is.Not.EqualTo(expected), "float32 should lose bits here, which is why the bound is checked");
    }

    [Test]
    public void Addition_and_concatenation_requantize_as_defined()
    {
        var random = new Random(3);
        var a = Enumerable.Range(0, 2 * 3 * 4 * 4).Select(_ => (long)random.Next(-128, 128)).ToArray();
        var b = Enumerable.Range(0, a.Length).Select(_ => (long)random.Next(-128, 128)).ToArray();
        var add = new QAdd("add", "a", "b", 1_500_000_000, 1_100_000_000, 31, -128, 127);
        using var ta = tensor(a, [2, 3, 4, 4]);
        using var tb = tensor(b, [2, 3, 4, 4]);
        using var sum = IntegerKernels.Add(add, ta, tb);
        Assert.That(Values(sum), Is.EqualTo(a.Zip(b, (x, y) => (long)Requantizer.Saturate(
            Requantizer.RoundShift(x * add.MultiplierA + y * add.MultiplierB, add.Shift), add.Lo, add.Hi)).ToArray()));

        var concat = new QConcat("cat", ["a", "b"], [1_200_000_000, 2_000_000_000], 31, 0, 127);
        using var joined = IntegerKernels.Concat(concat, [ta, tb]);
        var expected = new List<long>();
        for (int img = 0; img < 2; img++)
            for (int part = 0; part < 2; part++)
                expected.AddRange((part == 0 ? a : b).Skip(img * 48).Take(48)
                    .Select(v => (long)Requantizer.Requantize(v, concat.Multipliers[part], concat.Shift, concat.Lo, concat.Hi)));
        Assert.That(Values(joined), Is.EqualTo(expected.ToArray()));
    }

    private static long[] ScalarPool(QPool p, long[] x, int batch, int c, int h, int w, out int oh, out int ow)
    {
        oh = p.IsAdaptive ? p.AdaptiveHeight : WindowGeometry.PoolOutputSize(h, p.Kernel, p.Stride, p.Padding, p.CeilMode);
        ow = p.IsAdaptive ? p.AdaptiveWidth : WindowGeometry.PoolOutputSize(w, p.Kernel, p.Stride, p.Padding, p.CeilMode);
        var y = new long[batch * c * oh * ow];
        for (int b = 0; b < batch; b++)
            for (int ch = 0; ch < c; ch++)
                for (int i = 0; i < oh; i++)
                    for (int j = 0; j < ow; j++)
                    {
                        int h0, h1, w0, w1, n;
                        if (p.IsAdaptive)
                        {
                            (h0, h1) = WindowGeometry.AdaptiveWindow(i, h, oh);
                            (w0, w1) = WindowGeometry.AdaptiveWindow(j, w, ow);
                            n = (h1 - h0) * (w1 - w0);
                        }
                        else
                        {
                            var (hs, he, hx) = WindowGeometry.PoolWindow(i, h, p.Kernel, p.Stride, p.Padding);
                            var (ws, we, wx) = WindowGeometry.PoolWindow(j, w, p.Kernel, p.Stride, p.Padding);
                            (h0, h1, w0, w1, n) = (hs, he, ws, we, hx * wx);
                        }
                        long acc = p.IsMax ? long.MinValue : 0;
                        for (int r = h0; r < h1; r++)
                            for (int s = w0; s < w1; s++)
                            {
                                long v = x[((b * c + ch) * h + r) * w + s];
                                acc = p.IsMax ? Math.Max(acc, v) : acc + v;
                            }
                        y[((b * c + ch) * oh + i) * ow + j] = p.IsMax ? acc
                            : Requantizer.Saturate(Requantizer.RoundShift(acc * IntegerKernels.AverageMultiplier(n, p.Shift), p.Shift), -128, 127);
                    }
        return y;
    }

    [TestCase(true, 2, 2, 0, false, 0)]
    [TestCase(true, 3, 2, 1, true, 0)]
    [TestCase(false, 2, 2, 0, false, 0)]
    [TestCase(false, 3, 2, 1, true, 0)]
    [TestCase(false, 3, 2, 1, false, 0)]
    [TestCase(false, 0, 0, 0, false, 1)]
    [TestCase(false, 0, 0, 0, false, 3)]
    public void Pooling_matches_the_window_geometry(bool max, int kernel, int stride, int padding, bool ceil, int adaptive)
    {
        var p = new QPool("pool", "x", max, kernel, stride, padding, ceil, adaptive, adaptive == 0 ? 0 : adaptive + 1, 16);
        var random = new Random(kernel * 7 + adaptive);
        const int batch = 2, c = 3, h = 7, w = 8;
        var x = Enumerable.Range(0, batch * c * h * w).Select(_ => (long)random.Next(-128, 128)).ToArray();
        var expected = ScalarPool(p, x, batch, c, h, w, out int oh, out int ow);
        using var input = tensor(x, [batch, c, h, w]);
        using var y = IntegerKernels.Pool(p, input, -128, 127);
        Assert.That(y.shape, Is.EqualTo(new long[] { batch, c, oh, ow }));
        Assert.That(Values(y), Is.EqualTo(expected));
    }
}
