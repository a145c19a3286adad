using System.Diagnostics;
using ZooForge.Compression.Cutting;
using ZooForge.Compression.Expansion;
using ZooForge.Compression.Patterns;
using ZooForge.Compression.Quantization;
using ZooForge.Compression.Reference;
using ZooForge.Data.Datasets;
using ZooForge.Graph.Layers;
using ZooForge.Graph.Model;
using ZooForge.Torch.Quantization;
using ZooForge.Torch.Training;

namespace ZooForge.Torch.Compression;

/// <summary>The compressed model and everything needed to rebuild or report it.</summary>
/// <param name="Quantized">The integer network (what the hardware runs).</param>
/// <param name="Network">The float network after cutting and expansion.</param>
/// <param name="Weights">Its float weights after pruning and fine-tuning.</param>
/// <param name="Patterns">Pattern assignments per layer.</param>
/// <param name="Ranges">Calibrated activation ranges.</param>
/// <param name="Report">Accuracy and size figures.</param>
public sealed record CompressionOutcome(QuantizedNetwork Quantized, Network Network, NetworkWeights Weights,
    IReadOnlyDictionary<string, PatternAssignment> Patterns, IReadOnlyDictionary<string, double> Ranges, CompressionReport Report);

/// <summary>
/// HotNAS's compression applied to a pretrained model, in a fixed order: channel cutting,
/// kernel expansion, pattern (and connectivity) pruning, calibration, quantization, then
/// quantization-aware fine-tuning for a batch budget with pattern-pruned weights kept at zero.
/// Accuracy is always that of the integer network, computed by the integer reference.
/// </summary>
public static class CompressionPipeline
{
    /// <summary>Runs the request on <paramref name="network"/>/<paramref name="weights"/>.</summary>
    /// <exception cref="ArgumentException">An impossible request (the message names the layer or value).</exception>
    public static CompressionOutcome Run(Network network, NetworkWeights weights, CompressionRequest request,
        ImageDataset train, ImageDataset validation, Action<string>? progress = null)
    {
        var (net, w) = (network, weights);
        if (request.Cuts.Count > 0)
        {
            var cut = ChannelCutter.Cut(net, w, request.Cuts);
            (net, w) = (cut.Network, cut.Weights);
        }
        if (request.Expand.Count > 0) (net, w) = KernelExpansion.Expand(net, w, request.Expand);

        IReadOnlyDictionary<string, PatternAssignment> patterns = new Dictionary<string, PatternAssignment>();
        if (request.Patterns is { } p)
        {
            // 3×3 layers take the complete library, 5×5 layers HotNAS's 13-position core scheme.
            var patterned = request.PatternLayers.Count > 0 ? request.PatternLayers.ToList()
                : net.Nodes.Select(n => n.Layer).OfType<Conv2dLayer>().Where(c => c.Kernel is 3 or 5).Select(c => c.Name).ToList();
            var pruned = PatternPruning.Apply(net, w, new PatternPruningOptions
            {
                PatternCount = p, Zeros3x3 = request.Zeros, Zeros5x5 = request.Zeros5x5, ConnectivityFraction = request.Connectivity,
                Layers = patterned,
            });
            (w, patterns) = (pruned.Weights, pruned.Assignments);
        }

        // Structural steps come first so an impossible request fails before any long computation.
        var original = Evaluator.Evaluate(network, weights, validation);
        progress?.Invoke($"original float accuracy {original}");
        if (request.Cuts.Count > 0 || request.Patterns is not null)
            w = BatchNormRecalibration.Run(net, w, train);
        var ranges = Calibration.Ranges(net, w, train, Math.Min(request.CalibrationImages, train.Count));
        var quantized = Quantizer.Quantize(net, w, ranges, request.Scheme, patterns);
        var compressed = Accuracy(quantized, validation);
        progress?.Invoke($"compressed integer accuracy {compressed}");

        Accuracy? tuned = null;
        var clock = Stopwatch.StartNew();
        var phases = new List<TrainingResult>();
        if (request.FineTuneBatches > 0)
        {
            int qatBatches = request.FineTuneBatches;
            if (request.Cuts.Count > 0 || request.Patterns is not null)
            {
                // Pruning moves the network far from its trained point; QAT with frozen batch-norm
                // recovers slowly from there. Two thirds of the budget first go to float training
                // with live batch-norm and the pruned weights held at zero; the rest is QAT.
                int floatBatches = request.FineTuneBatches * 2 / 3;
                qatBatches = request.FineTuneBatches - floatBatches;
                if (floatBatches > 0)
                {
                    var masks = w.Entries.Where(e => e.Key.EndsWith(".weight") && patterns.ContainsKey(e.Key[..^".weight".Length]))
                        .ToDictionary(e => e.Key, e => e.Value.Data.Select(v => v == 0 ? 0f : 1f).ToArray());
                    var floatPhase = Trainer.Train(net, w, train, null, new TrainingOptions
                    {
                        MaxBatches = floatBatches, BatchSize = request.FineTune.BatchSize, LearningRate = request.FloatLearningRate, Momentum = 0.9,
                        GradientClipNorm = request.FineTune.GradientClipNorm,
                        WeightDecay = 0, Seed = request.FineTune.Seed, WeightMasks = masks,
                        Distill = request.DistillWeight > 0 ? new Distillation(network, weights, request.DistillWeight) : null,
                    });
                    phases.Add(floatPhase);
                    w = floatPhase.Weights;
                    ranges = Calibration.Ranges(net, w, train, Math.Min(request.CalibrationImages, train.Count));
                    progress?.Invoke($"integer accuracy after {floatBatches} float batches {Accuracy(Quantizer.Quantize(net, w, ranges, request.Scheme, patterns), validation)}");
                }
            }
            var result = QuantizationAwareTraining.FineTune(net, w, ranges, request.Scheme, patterns, train,
                Math.Max(1, qatBatches), request.FineTune);
            phases.Add(result);
            w = result.Weights;
            quantized = Quantizer.Quantize(net, w, ranges, request.Scheme, patterns);
            tuned = Accuracy(quantized, validation);
            progress?.Invoke($"fine-tuned integer accuracy {tuned} after {request.FineTuneBatches} batches");
        }

        var layers = LayerReports(net, w, patterns);
        var report = new CompressionReport
        {
            Model = network.Name,
            Recipe = Describe(request),
            Original = original,
            Compressed = compressed,
            FineTuned = tuned,
            FineTuneBatches = request.FineTuneBatches,
            FineTuneTime = request.FineTuneBatches > 0 ? clock.Elapsed : TimeSpan.Zero,
            SkippedSteps = phases.Sum(p => p.SkippedSteps), ClippedSteps = phases.Sum(p => p.ClippedSteps),
            MaxGradientNorm = phases.Select(p => p.MaxGradientNorm).DefaultIfEmpty(0).Max(),
            ParametersBefore = network.ParameterCount,
            ParametersAfter = net.ParameterCount,
            NonZeroWeights = layers.Sum(l => l.NonZeros),
            WeightBytes = (layers.Sum(l => l.NonZeros) * request.Scheme.Bits + 7) / 8,
            MacsBefore = network.MacCount,
            EffectiveMacs = layers.Sum(l => l.EffectiveMacs),
            Layers = layers,
        };
        return new CompressionOutcome(quantized, net, w, patterns, ranges, report);
    }

    /// <summary>Top-1 accuracy of an integer network by the integer reference.</summary>
    public static Accuracy Accuracy(QuantizedNetwork quantized, ImageDataset data)
    {
        var result = IntegerReference.Evaluate(quantized, data);
        return new Accuracy(result.Correct, result.Total);
    }

    private static List<LayerCompressionReport> LayerReports(Network net, NetworkWeights w, IReadOnlyDictionary<string, PatternAssignment> patterns)
    {
        var list = new List<LayerCompressionReport>();
        foreach (var node in net.Nodes)
        {
            if (node.Layer is not (Conv2dLayer or LinearLayer)) continue;
            var weight = w.Get(node.Layer.Name + ".weight");
            long nonZeros = weight.Data.LongCount(v => v != 0);
            long macs = node.Macs;
            int k = node.Layer is Conv2dLayer c ? c.Kernel : 1;
            int m = node.Layer is Conv2dLayer c1 ? c1.OutChannels : ((LinearLayer)node.Layer).OutFeatures;
            int n = node.Layer is Conv2dLayer c2 ? c2.InChannels / c2.Groups : ((LinearLayer)node.Layer).InFeatures;
            patterns.TryGetValue(node.Layer.Name, out var assignment);
            // Zero weights are skipped by the pattern-sparse engine: MACs scale with the kept weights.
            long effective = weight.Length == 0 ? 0 : (long)Math.Round((double)macs * nonZeros / weight.Length);
            list.Add(new LayerCompressionReport(node.Layer.Name, node.Layer.Kind, k, m, n, weight.Length, nonZeros,
                assignment?.Table.Count ?? 0, assignment?.Table.MaxNonZeros ?? k * k, macs, effective));
        }
        return list;
    }

    private static string Describe(CompressionRequest r)
    {
        var parts = new List<string>();
        if (r.Cuts.Count > 0) parts.Add("cut " + string.Join(", ", r.Cuts.Select(c => $"{c.Key}={c.Value:0.##}")));
        if (r.Expand.Count > 0) parts.Add("expand " + string.Join(", ", r.Expand));
        if (r.Patterns is { } p)
            parts.Add($"{p} patterns of {9 - r.Zeros} non-zeros (3x3) / {25 - r.Zeros5x5} (5x5)" + (r.Connectivity > 0 ? $", connectivity {r.Connectivity:0.##}" : ""));
        parts.Add(r.Scheme.ToString());
        if (r.FineTuneBatches > 0) parts.Add($"{r.FineTuneBatches} fine-tuning batches of {r.FineTune.BatchSize}");
        if (r.FineTuneBatches > 0 && (r.Cuts.Count > 0 || r.Patterns is not null))
            parts.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"float phase lr {r.FloatLearningRate:0.####}")
                + (r.DistillWeight > 0 ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $", distilled from the uncompressed model (weight {r.DistillWeight:0.##})") : ""));
        return string.Join("; ", parts);
    }
}
