using System.Diagnostics;
using ZooForge.Compression.Quantization;
using ZooForge.Compression.Reference;
using ZooForge.Graph.Zoo.Mnist;
using ZooForge.Torch.Quantization;
using ZooForge.Torch.Training;
using static TorchSharp.torch;

namespace ZooForge.Torch.Tests.Quantization;

/// <summary>
/// The fake-quant forward against the integer reference on every zoo checkpoint, int8, all 2,000
/// validation digits: the bound on the difference of any activation is 0.
/// </summary>
[Category("Data")]
public class FakeQuantBitExactnessTests
{
    private const int OpSample = 100;

    [OneTimeSetUp]
    public void Configure() => TorchRuntime.Configure();

    private static int[] Ints(Tensor t, int image)
    {
        var row = t[image].contiguous();
        return row.data<long>().ToArray().Select(v => checked((int)v)).ToArray();
    }

    [TestCaseSource(typeof(MnistModels), nameof(MnistModels.Names))]
    public void The_fake_quant_forward_is_the_integer_reference_bit_for_bit(string name)
    {
        var (network, weights, ranges) = QuantTestData.Model(name);
        var data = QuantTestData.Validation;
        using var model = new FakeQuantNetwork(network, weights, ranges, QuantScheme.Int8);
        var q = model.ToQuantized();

        // The torch round trip of the weights is lossless: the same integer network as quantizing directly.
        var direct = Quantizer.Quantize(network, weights, ranges, QuantScheme.Int8);
        Assert.That(QuantizedNetworkFile.ToBytes(q), Is.EqualTo(QuantizedNetworkFile.ToBytes(direct)), "the quantized networks differ");

        var reference = new IntegerReference(q);
        var clock = Stopwatch.StartNew();
        var expected = new IReadOnlyDictionary<string, int[]>[data.Count];
        Parallel.For(0, data.Count, i => expected[i] = reference.Run(Quantizer.QuantizeInput(data.GetImage(i), q)));
        var referenceTime = clock.Elapsed;

        clock.Restart();
        var all = Enumerable.Range(0, data.Count).ToArray();
        int logitMismatches = 0, opMismatches = 0, predictionMismatches = 0, correct = 0, opsCompared = 0;
        double outScale = q.Tensors[q.OutputName].Scale;
        using (no_grad())
        {
            for (int start = 0; start < data.Count; start += 500)
            {
                using var scope = NewDisposeScope();
                int n = Math.Min(500, data.Count - start);
                var images = model.QuantizeInputs(data, all.AsSpan(start, n));
                using var pass = model.Run(images, q, keepIntegers: start == 0);
                var logits = pass.Logits.contiguous().data<float>().ToArray();
                for (int b = 0; b < n; b++)
                {
                    int image = start + b;
                    var want = expected[image][q.OutputName];
                    var got = Ints(pass.Integers[q.OutputName], b);
                    if (!got.SequenceEqual(want)) logitMismatches++;
                    // The forward value is the integer times the output scale, exactly.
                    for (int c = 0; c < want.Length; c++)
                        if (logits[b * want.Length + c] != (float)(want[c] * outScale)) logitMismatches++;
                    int predicted = EvaluationResult.ArgMax<int>(got);
                    if (predicted != EvaluationResult.ArgMax<int>(want)) predictionMismatches++;
                    if (predicted == data.Labels[image]) correct++;
                    if (start == 0 && b < OpSample)
                        foreach (var op in q.Ops.Select(o => o.Name).Prepend("input"))
                        {
                            opsCompared++;
                            if (!Ints(pass.Integers[op], b).SequenceEqual(expected[image][op])) opMismatches++;
                        }
                }
            }
        }
        var fakeTime = clock.Elapsed;
        var integerAccuracy = reference.Evaluate(data);
        var fakeAccuracy = model.Evaluate(data);
        var bounds = QuantizedNetworkChecks.AccumulatorBounds(q);
        TestContext.Out.WriteLine(
            $"{name}: {data.Count} images, logits/prediction mismatches {logitMismatches}/{predictionMismatches}, " +
            $"{opsCompared} op tensors compared ({OpSample} images × {q.Ops.Count + 1}), mismatches {opMismatches}; " +
            $"accuracy fake-quant {fakeAccuracy}, integer reference {integerAccuracy.Correct}/{integerAccuracy.Total}; " +
            $"reference {referenceTime.TotalSeconds:0.00}s, fake-quant {fakeTime.TotalSeconds:0.00}s; " +
            $"largest Σ|w|·max|x| {bounds.Max(b => b.MaxAbsProducts)} (float32 below 2^24 = {IntegerKernels.Float32ExactBound})");
        Assert.Multiple(() =>
        {
            Assert.That(logitMismatches, Is.Zero);
            Assert.That(opMismatches, Is.Zero);
            Assert.That(predictionMismatches, Is.Zero);
            Assert.That(correct, Is.EqualTo(integerAccuracy.Correct));
            Assert.That(fakeAccuracy, Is.EqualTo(new Accuracy(integerAccuracy.Correct, data.Count)));
        });
    }

    [Test]
    public void With_gradients_enabled_the_forward_value_is_still_exactly_the_integer_output()
    {
        var (network, weights, ranges) = QuantTestData.Model("mnist_resnet");
        using var model = new FakeQuantNetwork(network, weights, ranges, QuantScheme.Int8);
        using var scope = NewDisposeScope();
        var images = model.QuantizeInputs(QuantTestData.Validation, Enumerable.Range(0, 64).ToArray());
        var q = model.ToQuantized();
        using var withGradients = model.Run(images, q);
        Assert.That(withGradients.Logits.requires_grad, Is.True);
        Tensor plain;
        using (no_grad()) plain = model.Run(images, q, keepIntegers: false).Logits;
        Assert.That(plain.requires_grad, Is.False);
        Assert.That(withGradients.Logits.contiguous().data<float>().ToArray(), Is.EqualTo(plain.contiguous().data<float>().ToArray()));
        // And every intermediate tensor matches the reference for those images.
        var reference = new IntegerReference(q);
        for (int b = 0; b < 64; b++)
        {
            var expected = reference.Run(Quantizer.QuantizeInput(QuantTestData.Validation.GetImage(b), q));
            foreach (var op in q.Ops)
                Assert.That(Ints(withGradients.Integers[op.Name], b), Is.EqualTo(expected[op.Name]), $"image {b}, op {op.Name}");
        }
    }

    [Test]
    public void Every_zoo_convolution_runs_in_float32_under_int8()
    {
        foreach (var name in MnistModels.Names)
        {
            var (network, weights, ranges) = QuantTestData.Model(name);
            var q = Quantizer.Quantize(network, weights, ranges, QuantScheme.Int8);
            var bounds = QuantizedNetworkChecks.AccumulatorBounds(q);
            foreach (var bound in bounds)
                Assert.That(IntegerKernels.ChooseAccumulator(bound.Op, bound.MaxAbsProducts), Is.EqualTo(IntegerKernels.Accumulator.Float32), $"{name}/{bound.Op}");
            var worst = bounds.MaxBy(b => b.MaxAbsProducts)!;
            TestContext.Out.WriteLine($"{name}: largest bound Σ|w|·max|x| = {worst.MaxAbsProducts} at '{worst.Op}' ({worst.MaxAbsProducts / (double)IntegerKernels.Float32ExactBound:P1} of 2^24)");
        }
    }

    [Test]
    public void Int12_takes_the_float64_path_and_stays_bit_exact()
    {
        var (network, weights, ranges) = QuantTestData.Model("mnist_lenet5");
        var scheme = QuantScheme.Parse("int12");
        using var model = new FakeQuantNetwork(network, weights, ranges, scheme);
        var q = model.ToQuantized();
        var bounds = QuantizedNetworkChecks.AccumulatorBounds(q);
        Assert.That(bounds.Select(b => IntegerKernels.ChooseAccumulator(b.Op, b.MaxAbsProducts)), Has.Some.EqualTo(IntegerKernels.Accumulator.Float64));
        Assert.That(bounds.Select(b => b.FitsInt32), Has.All.True);
        var reference = new IntegerReference(q);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var images = model.QuantizeInputs(QuantTestData.Validation, Enumerable.Range(0, 200).ToArray());
        using var pass = model.Run(images, q);
        for (int b = 0; b < 200; b++)
        {
            var expected = reference.Run(Quantizer.QuantizeInput(QuantTestData.Validation.GetImage(b), q));
            foreach (var op in q.Ops)
                Assert.That(Ints(pass.Integers[op.Name], b), Is.EqualTo(expected[op.Name]), $"image {b}, op {op.Name}");
        }
    }

    [Test]
    public void An_accumulator_beyond_32_bits_is_refused_like_the_integer_reference()
    {
        // int16 weights and activations overflow LeNet-5's 32-bit accumulators on real digits.
        var (network, weights, ranges) = QuantTestData.Model("mnist_lenet5");
        using var model = new FakeQuantNetwork(network, weights, ranges, QuantScheme.Parse("int16"));
        var q = model.ToQuantized();
        var input = Quantizer.QuantizeInput(QuantTestData.Validation.GetImage(0), q);
        var expected = Assert.Throws<QuantizationException>(() => new IntegerReference(q).Run(input));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var images = model.QuantizeInputs(QuantTestData.Validation, [0]);
        var actual = Assert.Throws<QuantizationException>(() => model.Run(images, q));
        Assert.That(expected!.Message, Does.Contain("'relu1'"));
        Assert.That(actual!.Message, Does.Contain("'relu1'").And.Contain("32-bit accumulator"));
    }
}
