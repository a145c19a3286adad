using ZooForge.Graph.Model;

namespace ZooForge.Graph.Zoo;

/// <summary>torchvision's <c>alexnet</c> (the single-GPU "one weird trick" variant, 64 first-layer filters).</summary>
public static class AlexNet
{
    /// <summary>Builds <c>alexnet</c> at 3×224×224.</summary>
    public static Network Create()
    {
        var b = new NetworkBuilder("alexnet", BuiltinModels.ImageNetInput);
        string x = b.Conv("features.0", b.Input, 64, kernel: 11, stride: 4, padding: 2);
        x = b.Relu("features.1", x);
        x = b.MaxPool("features.2", x, kernel: 3, stride: 2);
        x = b.Conv("features.3", x, 192, kernel: 5, padding: 2);
        x = b.Relu("features.4", x);
        x = b.MaxPool("features.5", x, kernel: 3, stride: 2);
        x = b.Conv("features.6", x, 384, kernel: 3, padding: 1);
        x = b.Relu("features.7", x);
        x = b.Conv("features.8", x, 256, kernel: 3, padding: 1);
        x = b.Relu("features.9", x);
        x = b.Conv("features.10", x, 256, kernel: 3, padding: 1);
        x = b.Relu("features.11", x);
        x = b.MaxPool("features.12", x, kernel: 3, stride: 2);
        // Already 6×6 at 224 input; kept so the graph matches torchvision at any input size.
        x = b.AdaptiveAvgPool("avgpool", x, 6, 6);
        x = b.Flatten("flatten", x);
        // classifier.0 and classifier.3 are Dropout: no layer, but the numbering is kept.
        x = b.Linear("classifier.1", x, 4096);
        x = b.Relu("classifier.2", x);
        x = b.Linear("classifier.4", x, 4096);
        x = b.Relu("classifier.5", x);
        b.Linear("classifier.6", x, BuiltinModels.ImageNetClasses);
        return b.Build();
    }
}
