using System.Diagnostics;
using ZooForge.Compression.Patterns;
using ZooForge.Compression.Quantization;
using ZooForge.Data.Datasets;
using ZooForge.Graph.Model;
using ZooForge.Torch.Training;
using static TorchSharp.torch;

namespace ZooForge.Torch.Quantization;

/// <summary>
/// Quantization-aware fine-tuning on a <see cref="FakeQuantNetwork"/>: SGD on the float weights
/// through the straight-through estimator, while every forward pass computes the integer
/// network exactly. Batch-norm statistics stay frozen (inference mode) and pattern-pruned weights
/// stay zero. Steps are guarded as in <see cref="Trainer"/> (<see cref="StepGuard"/>). Runs are deterministic: the batch order comes from <see cref="BatchOrder"/> under
/// the options' seed and <see cref="TorchRuntime"/> fixes the threads.
/// </summary>
public static class QuantizationAwareTraining
{
    /// <summary>
    /// The default fine-tuning options: batches of 32, plain SGD at 0.005 (no momentum, weight
    /// decay or schedule). With batch-norm frozen the networks lose the scale invariance that
    /// batch statistics give them in training; on the zoo's batch-norm models, even float
    /// fine-tuning with frozen statistics diverges at HotNAS's 0.1, or at 0.01 with momentum 0.9,
    /// within 20 batches, and is stable at 0.01 and below without momentum.
    /// </summary>
    public static TrainingOptions DefaultOptions(long seed = 1) => new()
    {
        BatchSize = 32, LearningRate = 0.005, Momentum = 0, WeightDecay = 0, CosineSchedule = false, Seed = seed,
    };

    /// <summary>
    /// Fine-tunes <paramref name="weights"/> for <paramref name="batches"/> batches of quantized
    /// <paramref name="train"/> images and returns the new float weights (the input is not
    /// modified). Options default to <see cref="DefaultOptions"/>; their batch budget is replaced
    /// by <paramref name="batches"/>. With a <paramref name="validation"/> set, each epoch report
    /// carries the integer network's accuracy.
    /// </summary>
    public static TrainingResult FineTune(Network network, NetworkWeights weights, IReadOnlyDictionary<string, double> ranges,
        QuantScheme scheme, IReadOnlyDictionary<string, PatternAssignment>? patterns, ImageDataset train, int batches,
        TrainingOptions? options = null, ImageDataset? validation = null)
    {
        options = (options ?? DefaultOptions()) with { MaxBatches = batches };
        options.Validate();
        Evaluator.CheckShape(network, train);
        TorchRuntime.Configure(options.Threads);
        manual_seed(options.Seed);
        using var model = new FakeQuantNetwork(network, weights, ranges, scheme, patterns);
        using var optimizer = optim.SGD(model.Parameters(), options.LearningRate, options.Momentum, weight_decay: options.WeightDecay);
        var guard = new StepGuard(model.Parameters(), options.GradientClipNorm, "quantization-aware fine-tuning", fineTune: true);

        var reports = new List<EpochReport>();
        var clock = Stopwatch.StartNew();
        var trainingTime = TimeSpan.Zero;
        long imagesSeen = 0;
        int batch = 0;
        for (int epoch = 1; batch < batches; epoch++)
        {
            var epochStart = clock.Elapsed;
            var order = BatchOrder.Permutation(train.Count, options.Seed, epoch);
            double lossSum = 0;
            int epochBatches = 0;
            for (int start = 0; start < train.Count && batch < batches; start += options.BatchSize, batch++, epochBatches++)
            {
                using var scope = NewDisposeScope();
                if (options.CosineSchedule)
                    foreach (var group in optimizer.ParamGroups)
                        group.LearningRate = options.LearningRate * 0.5 * (1 + Math.Cos(Math.PI * batch / batches));
                int n = Math.Min(options.BatchSize, train.Count - start);
                var indices = order.AsSpan(start, n);
                var images = model.QuantizeInputs(train, indices);
                var labels = tensor(indices.ToArray().Select(i => (long)train.Labels[i]).ToArray());
                optimizer.zero_grad();
                var loss = nn.functional.cross_entropy(model.Forward(images), labels);
                float lossValue = loss.item<float>();
                if (StepGuard.IsUsable(lossValue)) loss.backward();
                model.MaskGradients();
                if (guard.AllowStep(lossValue, batch))
                {
                    optimizer.step();
                    model.ApplyPatternMasks();
                    guard.CheckWeights(batch);
                    lossSum += lossValue;
                }
                imagesSeen += n;
            }
            trainingTime += clock.Elapsed - epochStart;
            Accuracy? accuracy = validation is null ? null : model.Evaluate(validation);
            reports.Add(new EpochReport(epoch, batch, lossSum / Math.Max(1, epochBatches), accuracy, clock.Elapsed));
        }
        guard.Finish();
        var trained = model.ExportWeights();
        trained.Validate(network);
        return new TrainingResult(trained, reports, imagesSeen / Math.Max(trainingTime.TotalSeconds, 1e-9))
        {
            SkippedSteps = guard.Skipped, ClippedSteps = guard.Clipped, MaxGradientNorm = guard.MaxGradientNorm,
        };
    }

    /// <summary>
    /// Top-1 accuracy of the integer network quantized from <paramref name="weights"/>, computed
    /// by the fake-quant forward (equal to the integer reference's, image for image).
    /// </summary>
    public static Accuracy Evaluate(Network network, NetworkWeights weights, IReadOnlyDictionary<string, double> ranges,
        QuantScheme scheme, IReadOnlyDictionary<string, PatternAssignment>? patterns, ImageDataset data,
        int threads = TorchRuntime.DefaultThreads)
    {
        TorchRuntime.Configure(threads);
        using var model = new FakeQuantNetwork(network, weights, ranges, scheme, patterns);
        return model.Evaluate(data);
    }
}
