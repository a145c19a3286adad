using ZooForge.Graph.Model;

namespace ZooForge.Graph.Zoo;

/// <summary>torchvision's SqueezeNet: Fire modules (1×1 squeeze, then parallel 1×1 and 3×3 expands concatenated).</summary>
public static class SqueezeNet
{
    /// <summary>Builds <c>squeezenet1_1</c> at 3×224×224.</summary>
    public static Network SqueezeNet1_1()
    {
        var b = new NetworkBuilder("squeezenet1_1", BuiltinModels.ImageNetInput);
        string x = b.Conv("features.0", b.Input, 64, kernel: 3, stride: 2);
        x = b.Relu("features.1", x);
        // ceil_mode as torchvision. At 224 input every window fits exactly (111 → 55 → 27 → 13),
        // but at other input sizes floor mode would drop the last row and column.
        x = b.MaxPool("features.2", x, kernel: 3, stride: 2, ceilMode: true);
        x = Fire(b, "features.3", x, 16, 64, 64);
        x = Fire(b, "features.4", x, 16, 64, 64);
        x = b.MaxPool("features.5", x, kernel: 3, stride: 2, ceilMode: true);
        x = Fire(b, "features.6", x, 32, 128, 128);
        x = Fire(b, "features.7", x, 32, 128, 128);
        x = b.MaxPool("features.8", x, kernel: 3, stride: 2, ceilMode: true);
        x = Fire(b, "features.9", x, 48, 192, 192);
        x = Fire(b, "features.10", x, 48, 192, 192);
        x = Fire(b, "features.11", x, 64, 256, 256);
        x = Fire(b, "features.12", x, 64, 256, 256);
        // classifier.0 is Dropout. The classifier is a 1×1 conv, not a linear layer.
        x = b.Conv("classifier.1", x, BuiltinModels.ImageNetClasses, kernel: 1);
        x = b.Relu("classifier.2", x);
        x = b.AdaptiveAvgPool("classifier.3", x, 1, 1);
        b.Flatten("flatten", x);
        return b.Build();
    }

    private static string Fire(NetworkBuilder b, string p, string input, int squeeze, int expand1x1, int expand3x3)
    {
        string s = b.Relu($"{p}.squeeze_activation", b.Conv($"{p}.squeeze", input, squeeze, kernel: 1));
        string e1 = b.Relu($"{p}.expand1x1_activation", b.Conv($"{p}.expand1x1", s, expand1x1, kernel: 1));
        string e3 = b.Relu($"{p}.expand3x3_activation", b.Conv($"{p}.expand3x3", s, expand3x3, kernel: 3, padding: 1));
        return b.Concat($"{p}.cat", e1, e3);
    }
}
