using ZooForge.Core.Errors;
using System.Diagnostics;
using ZooForge.Compression.Patterns;
using ZooForge.Compression.Quantization;
using ZooForge.Compression.Reference;
using ZooForge.Graph.Layers;
using ZooForge.Graph.Model;
using ZooForge.Torch.Modules;
using ZooForge.Torch.Quantization;
using ZooForge.Torch.Training;
using static TorchSharp.torch;

namespace ZooForge.Torch.Tests.Quantization;

/// <summary>Straight-through gradients and quantization-aware fine-tuning on zoo checkpoints.</summary>
[Category("Data")]
public class QuantizationAwareTrainingTests
{
    [OneTimeSetUp]
    public void Configure() => TorchRuntime.Configure();

    private static void AssertSameWeights(NetworkWeights a, NetworkWeights b)
    {
        Assert.That(a.Entries.Select(e => e.Key), Is.EqualTo(b.Entries.Select(e => e.Key)));
        foreach (var (key, tensor) in a.Entries)
            Assert.That(b.Get(key).BitwiseEquals(tensor), Is.True, $"tensor {key} differs");
    }

    [Test]
    public void One_sgd_step_moves_the_float_weights_and_some_integer_weights_along_the_float_gradient()
    {
        var (network, weights, ranges) = QuantTestData.Model("mnist_resnet");
        var train = QuantTestData.Train;
        using var model = new FakeQuantNetwork(network, weights, ranges, QuantScheme.Int8);
        var q0 = model.ToQuantized();
        var w0 = model.ExportWeights();
        var indices = Enumerable.Range(0, 32).ToArray();

        // The float network (frozen batch-norm) on the same dequantized inputs, for its gradient.
        using var reference = new GraphModule(network);
        reference.LoadWeights(weights);
        reference.eval();

        using var optimizer = optim.SGD(model.Parameters(), 0.005);
        using (var scope = NewDisposeScope())
        {
            var images = model.QuantizeInputs(train, indices);
            var labels = tensor(indices.Select(i => (long)train.Labels[i]).ToArray());
            optimizer.zero_grad();
            nn.functional.cross_entropy(model.Forward(images), labels).backward();
            nn.functional.cross_entropy(reference.call(images * model.InputScale), labels).backward();
            var ste = model.Module.named_parameters().ToList();
            var flt = reference.named_parameters().ToList();
            Assert.That(ste.Select(p => p.name), Is.EqualTo(flt.Select(p => p.name)));
            for (int i = 0; i < ste.Count; i++)
            {
                var g = ste[i].parameter.grad;
                Assert.That(g, Is.Not.Null, ste[i].name);
                var f = flt[i].parameter.grad!;
                double norm = g!.norm().item<float>();
                double cosine = (g * f).sum().item<float>() / (norm * f.norm().item<float>());
                Assert.That(norm, Is.GreaterThan(0), $"{ste[i].name}: no gradient reaches it");
                Assert.That(cosine, Is.GreaterThan(0.98), $"{ste[i].name}: the straight-through gradient points elsewhere than the float one");
            }
            optimizer.step();
        }

        var w1 = model.ExportWeights();
        foreach (var (key, tensor) in w0.Entries.Where(e => !e.Key.Contains("running_")))
            Assert.That(w1.Get(key).BitwiseEquals(tensor), Is.False, $"float tensor {key} did not change");
        foreach (var (key, tensor) in w0.Entries.Where(e => e.Key.Contains("running_")))
            Assert.That(w1.Get(key).BitwiseEquals(tensor), Is.True, $"batch-norm statistic {key} changed");

        var q1 = model.ToQuantized();
        var changed = q0.Ops.OfType<QConv>().Zip(q1.Ops.OfType<QConv>())
            .Where(p => !p.First.Weights.SequenceEqual(p.Second.Weights)).Select(p => p.First.Name).ToList();
        TestContext.Out.WriteLine($"layers whose integer weights changed after one step: {string.Join(", ", changed)}");
        Assert.That(changed, Is.Not.Empty);

        // Still the integer reference after the step.
        var integer = new IntegerReference(q1);
        using var noGrad = no_grad();
        using var again = NewDisposeScope();
        var batch = model.QuantizeInputs(QuantTestData.Validation, Enumerable.Range(0, 50).ToArray());
        using var pass = model.Run(batch, q1, keepIntegers: false);
        for (int b = 0; b < 50; b++)
        {
            var expected = integer.Output(Quantizer.QuantizeInput(QuantTestData.Validation.GetImage(b), q1));
            Assert.That(pass.Integers[q1.OutputName][b].contiguous().data<long>().ToArray(), Is.EqualTo(expected.Select(v => (long)v).ToArray()));
        }
    }

    [Test]
    public void Fine_tuning_a_pattern_pruned_int8_model_recovers_accuracy_keeps_the_patterns_and_is_repeatable()
    {
        var (network, weights, _) = QuantTestData.Model("mnist_resnet");
        var pruned = PatternPruning.Apply(network, weights);
        var ranges = Calibration.Ranges(network, pruned.Weights, QuantTestData.Train, QuantTestData.CalibrationImages);
        var validation = QuantTestData.Validation;
        var before = QuantizationAwareTraining.Evaluate(network, pruned.Weights, ranges, QuantScheme.Int8, pruned.Assignments, validation);
        const int batches = 50;

        var clock = Stopwatch.StartNew();
        var first = QuantizationAwareTraining.FineTune(network, pruned.Weights, ranges, QuantScheme.Int8, pruned.Assignments,
            QuantTestData.Train, batches);
        var perBatch = clock.Elapsed / batches;
        var second = QuantizationAwareTraining.FineTune(network, pruned.Weights, ranges, QuantScheme.Int8, pruned.Assignments,
            QuantTestData.Train, batches);
        AssertSameWeights(first.Weights, second.Weights);
        Assert.That(first.Epochs[^1].Batches, Is.EqualTo(batches));

        var after = QuantizationAwareTraining.Evaluate(network, first.Weights, ranges, QuantScheme.Int8, pruned.Assignments, validation);
        var q = Quantizer.Quantize(network, first.Weights, ranges, QuantScheme.Int8, pruned.Assignments);
        var integer = IntegerReference.Evaluate(q, validation);
        TestContext.Out.WriteLine($"mnist_resnet, pattern-pruned int8: {before} before, {after} after {batches} QAT batches " +
            $"(integer reference {integer.Correct}/{integer.Total}); {perBatch.TotalMilliseconds:0} ms per batch of 32");
        Assert.That(after.Correct, Is.EqualTo(integer.Correct));
        Assert.That(after.Correct, Is.GreaterThanOrEqualTo(before.Correct));
        Assert.That(after.Fraction, Is.GreaterThan(0.5), "fifty batches should recover most of what pruning lost");

        // Pruned weights stayed exactly zero.
        foreach (var (layer, assignment) in pruned.Assignments)
        {
            var conv = (Conv2dLayer)network[layer].Layer;
            int kk = conv.Kernel * conv.Kernel;
            var data = first.Weights.Get($"{layer}.weight").Data;
            for (int k = 0; k < assignment.PatternIds.Length; k++)
            {
                ulong mask = assignment.PatternIds[k] < 0 ? 0 : assignment.Table.Masks[assignment.PatternIds[k]];
                for (int p = 0; p < kk; p++)
                    if ((mask >> p & 1) == 0) Assert.That(data[k * kk + p], Is.EqualTo(0f), $"{layer} kernel {k} position {p}");
            }
        }
    }

    [Test]
    public void Fine_tuning_a_dense_int8_model_keeps_its_accuracy()
    {
        var (network, weights, ranges) = QuantTestData.Model("mnist_lenet5");
        var validation = QuantTestData.Validation;
        var before = QuantizationAwareTraining.Evaluate(network, weights, ranges, QuantScheme.Int8, null, validation);
        var clock = Stopwatch.StartNew();
        var tuned = QuantizationAwareTraining.FineTune(network, weights, ranges, QuantScheme.Int8, null, QuantTestData.Train, 50,
            validation: validation);
        TestContext.Out.WriteLine($"mnist_lenet5 int8: {before} before, {tuned.Epochs[^1].Validation} after 50 QAT batches; {clock.Elapsed.TotalMilliseconds / 50:0} ms per batch (with one evaluation)");
        Assert.That(tuned.Epochs[^1].Validation!.Value.Fraction, Is.GreaterThanOrEqualTo(before.Fraction - 0.005));
    }

    [Test]
    public void Bad_pattern_assignments_are_refused_naming_the_layer()
    {
        var (network, weights, ranges) = QuantTestData.Model("mnist_resnet");
        var table = new KernelPatternTable(3, [0b000_010_111UL]);
        var wrong = new Dictionary<string, PatternAssignment> { ["fc"] = new("fc", table, [0]) };
        var e = Assert.Throws<QuantizationException>(() => new FakeQuantNetwork(network, weights, ranges, QuantScheme.Int8, wrong));
        Assert.That(e!.Message, Does.Contain("'fc'"));
    }

    [Test]
    public void Inputs_must_be_integers_in_the_bit_range_of_the_right_shape()
    {
        var (network, weights, ranges) = QuantTestData.Model("mnist_lenet5");
        using var model = new FakeQuantNetwork(network, weights, ranges, QuantScheme.Int8);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Assert.Throws<InvalidInputException>(() => model.Forward(full(new long[] { 1, 1, 28, 28 }, 128f)));
        Assert.Throws<InvalidInputException>(() => model.Forward(full(new long[] { 1, 1, 28, 28 }, 0.5f)));
        Assert.Throws<InvalidInputException>(() => model.Forward(zeros(1, 1, 14, 14)));
        Assert.That(model.Forward(full(new long[] { 2, 1, 28, 28 }, -128f)).shape, Is.EqualTo(new long[] { 2, 10 }));
    }
}
