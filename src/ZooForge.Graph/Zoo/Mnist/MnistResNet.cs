using ZooForge.Graph.Model;

namespace ZooForge.Graph.Zoo.Mnist;

/// <summary>A small ResNet: a 3×3 stem and three basic blocks (16, 32, 64 channels), the last two strided with 1×1 projections.</summary>
public static class MnistResNet
{
    /// <summary>Builds <c>mnist_resnet</c>.</summary>
    public static Network Create() => Create("mnist_resnet");

    /// <summary>Builds the same architecture under another name (the Fashion-MNIST zoo reuses it).</summary>
    public static Network Create(string name)
    {
        var b = new NetworkBuilder(name, MnistModels.Input);
        string x = b.Conv("conv1", b.Input, 16, kernel: 3, padding: 1, bias: false);
        x = b.BatchNorm("bn1", x);
        x = b.Relu("relu", x);
        x = Block(b, "layer1.0", x, 16, 1);
        x = Block(b, "layer2.0", x, 32, 2);
        x = Block(b, "layer3.0", x, 64, 2);
        x = b.AdaptiveAvgPool("avgpool", x, 1, 1);
        x = b.Flatten("flatten", x);
        b.Linear("fc", x, MnistModels.Classes);
        return b.Build();
    }

    private static string Block(NetworkBuilder b, string p, string input, int planes, int stride)
    {
        string x = b.Conv($"{p}.conv1", input, planes, kernel: 3, stride: stride, padding: 1, bias: false);
        x = b.BatchNorm($"{p}.bn1", x);
        x = b.Relu($"{p}.relu", x);
        x = b.Conv($"{p}.conv2", x, planes, kernel: 3, padding: 1, bias: false);
        x = b.BatchNorm($"{p}.bn2", x);
        string shortcut = input;
        if (stride != 1 || b.ShapeOf(input).Channels != planes)
        {
            shortcut = b.Conv($"{p}.downsample.0", input, planes, kernel: 1, stride: stride, bias: false);
            shortcut = b.BatchNorm($"{p}.downsample.1", shortcut);
        }
        x = b.Sum($"{p}.add", x, shortcut);
        return b.Relu($"{p}.relu_1", x);
    }
}
