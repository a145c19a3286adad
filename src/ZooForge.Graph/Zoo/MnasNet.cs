using System.Globalization;
using ZooForge.Graph.Model;

namespace ZooForge.Graph.Zoo;

/// <summary>
/// torchvision's MNASNet (B1 variant), version 2 of its definition: the stem is scaled by the
/// depth multiplier too (<c>_get_depths</c>), which is what the published weights use.
/// </summary>
public static class MnasNet
{
    // Index into the depths of each stack's output, kernel, first stride, expansion, repeats.
    private static readonly (int Depth, int Kernel, int Stride, int Expansion, int Repeats)[] Stacks =
    [
        (2, 3, 2, 3, 3), (3, 5, 2, 3, 3), (4, 5, 2, 6, 3), (5, 3, 1, 6, 2), (6, 5, 2, 6, 4), (7, 3, 1, 6, 1),
    ];

    /// <summary>
    /// Builds MNASNet with depth multiplier <paramref name="alpha"/> at 3×224×224, named as
    /// torchvision's constructor: 0.5 gives <c>mnasnet0_5</c>, 1.0 gives <c>mnasnet1_0</c>.
    /// </summary>
    public static Network Create(double alpha)
    {
        if (!(alpha > 0)) throw new GraphException($"mnasnet: alpha must be positive, got {alpha}");
        string name = "mnasnet" + alpha.ToString("0.0##", CultureInfo.InvariantCulture).Replace('.', '_');
        int[] d = GetDepths(alpha);
        var b = new NetworkBuilder(name, BuiltinModels.ImageNetInput);
        string x = b.Conv("layers.0", b.Input, d[0], kernel: 3, stride: 2, padding: 1, bias: false);
        x = b.BatchNorm("layers.1", x);
        x = b.Relu("layers.2", x);
        x = b.DepthwiseConv("layers.3", x, kernel: 3, padding: 1, bias: false);
        x = b.BatchNorm("layers.4", x);
        x = b.Relu("layers.5", x);
        x = b.Conv("layers.6", x, d[1], kernel: 1, bias: false);
        x = b.BatchNorm("layers.7", x);
        for (int s = 0; s < Stacks.Length; s++)
        {
            var stack = Stacks[s];
            for (int i = 0; i < stack.Repeats; i++)
            {
                x = InvertedResidual(b, $"layers.{8 + s}.{i}", x, d[stack.Depth], stack.Kernel,
                    i == 0 ? stack.Stride : 1, stack.Expansion);
            }
        }
        x = b.Conv("layers.14", x, 1280, kernel: 1, bias: false);
        x = b.BatchNorm("layers.15", x);
        x = b.Relu("layers.16", x);
        // torchvision takes x.mean([2, 3]); as a graph that is a global average pool and a flatten.
        x = b.AdaptiveAvgPool("avgpool", x, 1, 1);
        x = b.Flatten("flatten", x);
        // classifier.0 is Dropout.
        b.Linear("classifier.1", x, BuiltinModels.ImageNetClasses);
        return b.Build();
    }

    private static string InvertedResidual(NetworkBuilder b, string p, string input, int outChannels, int kernel, int stride, int expansion)
    {
        int inChannels = b.ShapeOf(input).Channels;
        string x = b.Conv($"{p}.layers.0", input, inChannels * expansion, kernel: 1, bias: false);
        x = b.BatchNorm($"{p}.layers.1", x);
        x = b.Relu($"{p}.layers.2", x);
        x = b.DepthwiseConv($"{p}.layers.3", x, kernel, stride, padding: kernel / 2, bias: false);
        x = b.BatchNorm($"{p}.layers.4", x);
        x = b.Relu($"{p}.layers.5", x);
        x = b.Conv($"{p}.layers.6", x, outChannels, kernel: 1, bias: false);
        x = b.BatchNorm($"{p}.layers.7", x);
        return stride == 1 && inChannels == outChannels ? b.Sum($"{p}.add", x, input) : x;
    }

    /// <summary>torchvision's <c>_get_depths</c>: the base depths scaled by <paramref name="alpha"/>, rounded to multiples of 8.</summary>
    private static int[] GetDepths(double alpha) =>
        [.. new[] { 32, 16, 24, 40, 80, 96, 192, 320 }.Select(depth => RoundToMultipleOf(depth * alpha, 8))];

    /// <summary>
    /// torchvision's <c>_round_to_multiple_of</c>: rounds to the nearest multiple, but rounds up
    /// when rounding down would lose more than 10%, e.g. (83, 8) → 80 but (84, 8) → 88, and
    /// 24 × 0.75 = 18 becomes 24 rather than 16.
    /// </summary>
    private static int RoundToMultipleOf(double value, int divisor, double roundUpBias = 0.9)
    {
        int rounded = Math.Max(divisor, (int)(value + divisor / 2.0) / divisor * divisor);
        return rounded >= roundUpBias * value ? rounded : rounded + divisor;
    }
}
