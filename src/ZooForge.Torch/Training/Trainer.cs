using System.Diagnostics;
using ZooForge.Data.Datasets;
using ZooForge.Graph.Model;
using ZooForge.Torch.Modules;
using static TorchSharp.torch;

namespace ZooForge.Torch.Training;

/// <summary>
/// Trains an IR network from scratch or fine-tunes given weights with SGD and cross-entropy.
/// Runs are deterministic: the seed fixes the initial weights and the batch order, and
/// <see cref="TorchRuntime"/> fixes threads and kernels. Every step is guarded
/// (<see cref="StepGuard"/>): a batch with a non-finite loss or gradient is skipped, gradients are
/// clipped when <see cref="TrainingOptions.GradientClipNorm"/> is set, and a run that diverges or
/// ends with a non-finite weight or statistic throws a <see cref="NonFiniteValueException"/>.
/// </summary>
public static class Trainer
{
    /// <summary>
    /// Trains <paramref name="network"/>, starting from <paramref name="initial"/> weights (a hot
    /// start) or from torch's seeded default initialisation when null.
    /// </summary>
    public static TrainingResult Train(Network network, NetworkWeights? initial, ImageDataset train, ImageDataset? validation,
        TrainingOptions options, Action<EpochReport>? progress = null)
    {
        options.Validate();
        Evaluator.CheckShape(network, train);
        TorchRuntime.Configure(options.Threads);
        manual_seed(options.Seed);
        using var module = new GraphModule(network);
        if (initial is not null) module.LoadWeights(initial);
        if (options.WeightMasks is { } masks) module.ApplyMasks(masks);

        using var teacher = options.Distill is { } distill ? new GraphModule(distill.Teacher) : null;
        if (teacher is not null)
        {
            teacher.LoadWeights(options.Distill!.Weights);
            teacher.eval();
        }
        using var optimizer = optim.SGD(module.parameters(), options.LearningRate, options.Momentum, weight_decay: options.WeightDecay);
        var guard = new StepGuard(module.parameters(), options.GradientClipNorm, initial is null ? "training" : "fine-tuning", fineTune: initial is not null);
        int batchesPerEpoch = (train.Count + options.BatchSize - 1) / options.BatchSize;
        int totalBatches = options.MaxBatches ?? options.Epochs * batchesPerEpoch;
        var reports = new List<EpochReport>();
        var clock = Stopwatch.StartNew();
        var trainingTime = TimeSpan.Zero;
        long imagesSeen = 0;
        int batch = 0;
        for (int epoch = 1; batch < totalBatches; epoch++)
        {
            var epochStart = clock.Elapsed;
            module.train();
            var order = BatchOrder.Permutation(train.Count, options.Seed, epoch);
            double lossSum = 0;
            int epochBatches = 0;
            for (int start = 0; start < train.Count && batch < totalBatches; start += options.BatchSize, batch++, epochBatches++)
            {
                using var scope = NewDisposeScope();
                if (options.CosineSchedule)
                    SetLearningRate(optimizer, options.LearningRate * 0.5 * (1 + Math.Cos(Math.PI * batch / totalBatches)));
                int n = Math.Min(options.BatchSize, train.Count - start);
                var (images, labels) = Batches.Make(train, order.AsSpan(start, n));
                optimizer.zero_grad();
                // Training-mode batch-norm updates its running statistics in the forward pass; a
                // skipped step must not leave the statistics of a non-finite batch behind.
                var statistics = module.SnapshotStatistics();
                var logits = module.call(images);
                var loss = teacher is null ? nn.functional.cross_entropy(logits, labels) : DistillationLoss(logits, labels, teacher, images, options.Distill!);
                float lossValue = loss.item<float>();
                if (StepGuard.IsUsable(lossValue)) loss.backward();
                if (guard.AllowStep(lossValue, batch))
                {
                    optimizer.step();
                    if (options.WeightMasks is { } stepMasks) module.ApplyMasks(stepMasks);
                    guard.CheckWeights(batch);
                    lossSum += lossValue;
                }
                else GraphModule.RestoreStatistics(statistics);
                imagesSeen += n;
            }
            trainingTime += clock.Elapsed - epochStart;
            Accuracy? accuracy = validation is null ? null : Evaluator.Evaluate(module, validation);
            var report = new EpochReport(epoch, batch, lossSum / Math.Max(1, epochBatches), accuracy, clock.Elapsed);
            reports.Add(report);
            progress?.Invoke(report);
        }
        guard.Finish();
        var trained = module.ExportWeights();
        trained.Validate(network);
        return new TrainingResult(trained, reports, imagesSeen / Math.Max(trainingTime.TotalSeconds, 1e-9))
        {
            SkippedSteps = guard.Skipped, ClippedSteps = guard.Clipped, MaxGradientNorm = guard.MaxGradientNorm,
        };
    }

    /// <summary>
    /// Fine-tunes pretrained weights for a batch budget (HotNAS's hot start: e.g. 100 batches of 32)
    /// and returns the new weights; the input weights are not modified.
    /// </summary>
    public static TrainingResult FineTune(Network network, NetworkWeights pretrained, ImageDataset train, int batches,
        TrainingOptions? options = null, ImageDataset? validation = null) =>
        Train(network, pretrained, train, validation, (options ?? TrainingOptions.HotNasFineTune(1)) with { MaxBatches = batches });

    private static Tensor DistillationLoss(Tensor logits, Tensor labels, GraphModule teacher, Tensor images, Distillation distill)
    {
        Tensor soft;
        using (no_grad()) soft = nn.functional.log_softmax(teacher.call(images) / distill.Temperature, 1);
        // Both sides as log-probabilities, said explicitly: TorchSharp's kl_div defaults differ from PyTorch's.
        var kl = nn.functional.kl_div(nn.functional.log_softmax(logits / distill.Temperature, 1), soft, reduction: nn.Reduction.Sum, log_target: true) / logits.shape[0];
        return (1 - distill.Weight) * nn.functional.cross_entropy(logits, labels) + distill.Weight * distill.Temperature * distill.Temperature * kl;
    }

    private static void SetLearningRate(optim.Optimizer optimizer, double rate)
    {
        foreach (var group in optimizer.ParamGroups) group.LearningRate = rate;
    }
}
