using ZooForge.Graph.Model;

namespace ZooForge.Graph.Zoo;

/// <summary>torchvision's <c>mobilenet_v2</c> at width multiplier 1.0.</summary>
public static class MobileNetV2
{
    // torchvision's inverted_residual_setting: expansion t, output channels c, repeats n, first stride s.
    private static readonly (int T, int C, int N, int S)[] Settings =
    [
        (1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2), (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1),
    ];

    /// <summary>Builds <c>mobilenet_v2</c> at 3×224×224.</summary>
    public static Network Create()
    {
        var b = new NetworkBuilder("mobilenet_v2", BuiltinModels.ImageNetInput);
        string x = ConvBnRelu6(b, "features.0", b.Input, 32, kernel: 3, stride: 2);
        int index = 1;
        foreach (var (t, c, n, s) in Settings)
        {
            for (int i = 0; i < n; i++)
                x = InvertedResidual(b, $"features.{index++}", x, c, i == 0 ? s : 1, t);
        }
        x = ConvBnRelu6(b, $"features.{index}", x, 1280, kernel: 1, stride: 1);
        // torchvision pools functionally (adaptive_avg_pool2d + flatten); the names are ours.
        x = b.AdaptiveAvgPool("avgpool", x, 1, 1);
        x = b.Flatten("flatten", x);
        // classifier.0 is Dropout.
        b.Linear("classifier.1", x, BuiltinModels.ImageNetClasses);
        return b.Build();
    }

    private static string InvertedResidual(NetworkBuilder b, string p, string input, int outChannels, int stride, int expansion)
    {
        int inChannels = b.ShapeOf(input).Channels;
        // The Sequential is numbered from 0 whether or not the expansion conv is present.
        int index = 0;
        string x = input;
        if (expansion != 1)
            x = ConvBnRelu6(b, $"{p}.conv.{index++}", x, inChannels * expansion, kernel: 1, stride: 1);
        int hidden = b.ShapeOf(x).Channels;
        x = ConvBnRelu6(b, $"{p}.conv.{index++}", x, hidden, kernel: 3, stride: stride, groups: hidden);
        // The projection is linear: no activation, so the residual sum is not clipped.
        x = b.Conv($"{p}.conv.{index++}", x, outChannels, kernel: 1, bias: false);
        x = b.BatchNorm($"{p}.conv.{index}", x);
        return stride == 1 && inChannels == outChannels ? b.Sum($"{p}.add", input, x) : x;
    }

    /// <summary>torchvision's <c>Conv2dNormActivation</c>: conv (<c>.0</c>), batch-norm (<c>.1</c>), ReLU6 (<c>.2</c>), "same" padding.</summary>
    private static string ConvBnRelu6(NetworkBuilder b, string p, string input, int outChannels, int kernel, int stride, int groups = 1)
    {
        string x = b.Conv($"{p}.0", input, outChannels, kernel, stride, padding: (kernel - 1) / 2, groups: groups, bias: false);
        x = b.BatchNorm($"{p}.1", x);
        return b.Relu6($"{p}.2", x);
    }
}
