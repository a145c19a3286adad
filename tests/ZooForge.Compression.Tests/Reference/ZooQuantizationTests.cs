using System.Collections.Concurrent;
using ZooForge.Compression.Quantization;
using ZooForge.Compression.Reference;
using ZooForge.Compression.Tests.Quantization;
using ZooForge.Graph.Zoo;

namespace ZooForge.Compression.Tests.Reference;

/// <summary>
/// Every zoo checkpoint, calibrated on the first 512 training digits, quantized without
/// fine-tuning and run on the 2,000 validation digits by the float and integer references.
/// </summary>
[Category("Data")]
public class ZooQuantizationTests
{
    private const int CalibrationImages = 512;

    private sealed record SchemeOutcome(QuantizedNetwork Network, int[][] Logits, int[] Predictions, int Correct,
        IReadOnlyList<AccumulatorBound> Bounds, AccumulatorStats Observed);

    private sealed record Outcome(double[][] FloatLogits, int[] FloatPredictions, int FloatCorrect, SchemeOutcome Int8, SchemeOutcome Fixed8);

    private static readonly ConcurrentDictionary<string, Lazy<Outcome>> Cache = new();

    private static IEnumerable<string> Models => TestNetworks.ZooNames;

    private static Outcome Evaluate(string model) => Cache.GetOrAdd(model, m => new Lazy<Outcome>(() =>
    {
        var (network, weights) = TestNetworks.LoadZoo(m);
        var validation = TestNetworks.MnistValidation;
        var ranges = Calibration.Ranges(network, weights, TestNetworks.MnistTrain, CalibrationImages);
        var reference = new FloatReference(network, weights);
        int n = validation.Count;
        var floatLogits = new double[n][];
        Parallel.For(0, n, i => floatLogits[i] = reference.Logits(validation.GetImage(i)));
        var floatPredictions = floatLogits.Select(l => EvaluationResult.ArgMax<double>(l)).ToArray();

        SchemeOutcome Run(QuantScheme scheme)
        {
            var q = Quantizer.Quantize(network, weights, ranges, scheme);
            var integer = new IntegerReference(q);
            var logits = new int[n][];
            var observed = new AccumulatorStats();
            var gate = new object();
            Parallel.For(0, n, () => new AccumulatorStats(), (i, _, local) =>
            {
                logits[i] = integer.Output(Quantizer.QuantizeInput(validation.GetImage(i), q), local);
                return local;
            }, local => { lock (gate) observed.Merge(local); });
            var predictions = logits.Select(l => EvaluationResult.ArgMax<int>(l)).ToArray();
            return new SchemeOutcome(q, logits, predictions, predictions.Where((p, i) => p == validation.Labels[i]).Count(), integer.Bounds, observed);
        }

        return new Outcome(floatLogits, floatPredictions, floatPredictions.Where((p, i) => p == validation.Labels[i]).Count(),
            Run(QuantScheme.Int8), Run(QuantScheme.Parse("fixed:8")));
    })).Value;

    [TestCaseSource(nameof(Models))]
    public void FloatReferenceMatchesTheZooManifest(string model)
    {
        var outcome = Evaluate(model);
        var entry = ZooCatalogue.Open().Entry(model);
        TestContext.Out.WriteLine($"{model}: float reference {outcome.FloatCorrect}/2000, manifest (TorchSharp float32) {entry.ValidationCorrect}/{entry.ValidationTotal}");
        Assert.That(outcome.FloatCorrect, Is.EqualTo(entry.ValidationCorrect).Within(1));
    }

    [TestCaseSource(nameof(Models))]
    public void Int8AgreesWithFloat(string model)
    {
        var outcome = Evaluate(model);
        var int8 = outcome.Int8;
        double scale = int8.Network.Tensors[int8.Network.OutputName].Scale;
        var (lo, hi) = Requantizer.SignedRange(int8.Network.Bits);
        int agree = 0, saturated = 0, logits = 0;
        double maxError = 0, maxUnsaturatedError = 0, maxLogit = 0;
        for (int i = 0; i < outcome.FloatLogits.Length; i++)
        {
            if (int8.Predictions[i] == outcome.FloatPredictions[i]) agree++;
            for (int k = 0; k < outcome.FloatLogits[i].Length; k++)
            {
                double error = Math.Abs(int8.Logits[i][k] * scale - outcome.FloatLogits[i][k]);
                maxError = Math.Max(maxError, error);
                logits++;
                if (int8.Logits[i][k] == lo || int8.Logits[i][k] == hi) saturated++;
                else maxUnsaturatedError = Math.Max(maxUnsaturatedError, error);
                maxLogit = Math.Max(maxLogit, Math.Abs(outcome.FloatLogits[i][k]));
            }
        }
        double agreement = (double)agree / outcome.FloatLogits.Length;
        TestContext.Out.WriteLine($"{model}: int8 agrees with float on {agree}/2000 = {agreement:P2}; logit step {scale:G4}, max |float logit| {maxLogit:F2}; " +
            $"max |logit error| {maxError:F3} over all logits ({saturated}/{logits} saturated at the calibrated range), " +
            $"{maxUnsaturatedError:F3} = {maxUnsaturatedError / scale:F1} steps = {maxUnsaturatedError / maxLogit:P2} of max |logit| over unsaturated logits");
        Assert.That(agreement, Is.GreaterThanOrEqualTo(0.99));
        Assert.That(maxUnsaturatedError / maxLogit, Is.LessThan(0.1));
    }

    [TestCaseSource(nameof(Models))]
    public void AccuracyWithoutFineTuning(string model)
    {
        var o = Evaluate(model);
        TestContext.Out.WriteLine($"{model}: float {o.FloatCorrect / 20.0:F2}%  int8 {o.Int8.Correct / 20.0:F2}%  fixed:8 {o.Fixed8.Correct / 20.0:F2}%  (2,000 validation digits, calibration on the first {CalibrationImages} training digits)");
        Assert.That(o.Int8.Correct, Is.GreaterThanOrEqualTo(o.FloatCorrect - 20), "int8 loses more than 1 point");
        Assert.That(o.Fixed8.Correct, Is.GreaterThanOrEqualTo(o.FloatCorrect - 100), "fixed:8 loses more than 5 points");
    }

    [TestCaseSource(nameof(Models))]
    public void AccumulatorsFit32Bits(string model)
    {
        var o = Evaluate(model);
        foreach (var (name, s) in new[] { ("int8", o.Int8), ("fixed:8", o.Fixed8) })
        {
            var worst = s.Bounds.MaxBy(b => b.MaxAbsAccumulator)!;
            var worstProducts = s.Bounds.MaxBy(b => b.MaxAbsProducts)!;
            long observed = s.Observed.MaxAbs.Values.Max();
            string observedAt = s.Observed.MaxAbs.MaxBy(p => p.Value).Key;
            TestContext.Out.WriteLine($"{model} {name}: max possible |acc| {worst.MaxAbsAccumulator:N0} at '{worst.Op}' = 2^{Math.Log2(worst.MaxAbsAccumulator):F2} " +
                $"({(worst.MaxAbsAccumulator < 1L << 31 ? "<" : ">=")} 2^31, {(worst.MaxAbsAccumulator <= 1L << 24 ? "<=" : ">")} 2^24); " +
                $"without bias {worstProducts.MaxAbsProducts:N0} at '{worstProducts.Op}' = 2^{Math.Log2(worstProducts.MaxAbsProducts):F2}; " +
                $"observed on the validation set {observed:N0} at '{observedAt}' = 2^{Math.Log2(observed):F2}");
            foreach (var b in s.Bounds.Where(b => b.MaxAbsAccumulator > 1L << 24))
                TestContext.Out.WriteLine($"    above 2^24: '{b.Op}' {b.MaxAbsAccumulator:N0} (products {b.MaxAbsProducts:N0}, observed {s.Observed.MaxAbs[b.Op]:N0})");
            Assert.That(s.Bounds.All(b => b.FitsInt32), $"{name}: an accumulator can exceed 32 bits");
        }
    }
}
