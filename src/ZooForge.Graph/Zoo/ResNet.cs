using ZooForge.Graph.Model;

namespace ZooForge.Graph.Zoo;

/// <summary>
/// torchvision's ResNets. Each block reuses one <c>nn.ReLU</c> module several times; IR names
/// are unique, so the uses are numbered as torch.fx numbers repeated calls:
/// <c>layer1.0.relu</c>, <c>layer1.0.relu_1</c> (and <c>relu_2</c> in a bottleneck), the last
/// one always after the residual <c>layer1.0.add</c>.
/// </summary>
public static class ResNet
{
    private enum BlockKind { Basic, Bottleneck }

    /// <summary>Builds <c>resnet18</c> (BasicBlock ×[2, 2, 2, 2]) at 3×224×224.</summary>
    public static Network ResNet18() => Build("resnet18", BlockKind.Basic, [2, 2, 2, 2]);

    /// <summary>Builds <c>resnet34</c> (BasicBlock ×[3, 4, 6, 3]) at 3×224×224.</summary>
    public static Network ResNet34() => Build("resnet34", BlockKind.Basic, [3, 4, 6, 3]);

    /// <summary>Builds <c>resnet50</c> (Bottleneck ×[3, 4, 6, 3], stride on the 3×3 conv as ResNet v1.5) at 3×224×224.</summary>
    public static Network ResNet50() => Build("resnet50", BlockKind.Bottleneck, [3, 4, 6, 3]);

    private static Network Build(string name, BlockKind kind, int[] blocksPerStage)
    {
        var b = new NetworkBuilder(name, BuiltinModels.ImageNetInput);
        string x = b.Conv("conv1", b.Input, 64, kernel: 7, stride: 2, padding: 3, bias: false);
        x = b.BatchNorm("bn1", x);
        x = b.Relu("relu", x);
        x = b.MaxPool("maxpool", x, kernel: 3, stride: 2, padding: 1);
        for (int stage = 0; stage < blocksPerStage.Length; stage++)
        {
            int planes = 64 << stage;
            for (int i = 0; i < blocksPerStage[stage]; i++)
            {
                // Only the first block of stages 2-4 halves the resolution.
                int stride = stage > 0 && i == 0 ? 2 : 1;
                string prefix = $"layer{stage + 1}.{i}";
                x = kind == BlockKind.Basic
                    ? BasicBlock(b, prefix, x, planes, stride)
                    : Bottleneck(b, prefix, x, planes, stride);
            }
        }
        x = b.AdaptiveAvgPool("avgpool", x, 1, 1);
        x = b.Flatten("flatten", x);
        b.Linear("fc", x, BuiltinModels.ImageNetClasses);
        return b.Build();
    }

    private static string BasicBlock(NetworkBuilder b, string p, string input, int planes, int stride)
    {
        string x = b.Conv($"{p}.conv1", input, planes, kernel: 3, stride: stride, padding: 1, bias: false);
        x = b.BatchNorm($"{p}.bn1", x);
        x = b.Relu($"{p}.relu", x);
        x = b.Conv($"{p}.conv2", x, planes, kernel: 3, padding: 1, bias: false);
        x = b.BatchNorm($"{p}.bn2", x);
        return Residual(b, p, input, x, stride, "relu_1");
    }

    private static string Bottleneck(NetworkBuilder b, string p, string input, int planes, int stride)
    {
        string x = b.Conv($"{p}.conv1", input, planes, kernel: 1, bias: false);
        x = b.BatchNorm($"{p}.bn1", x);
        x = b.Relu($"{p}.relu", x);
        // v1.5: the stride sits on the 3×3 conv, not on conv1 as in the original paper.
        x = b.Conv($"{p}.conv2", x, planes, kernel: 3, stride: stride, padding: 1, bias: false);
        x = b.BatchNorm($"{p}.bn2", x);
        x = b.Relu($"{p}.relu_1", x);
        x = b.Conv($"{p}.conv3", x, planes * 4, kernel: 1, bias: false);
        x = b.BatchNorm($"{p}.bn3", x);
        return Residual(b, p, input, x, stride, "relu_2");
    }

    /// <summary>Adds the shortcut (projected when the shape changes, as torchvision's <c>_make_layer</c>) and applies the block's last ReLU.</summary>
    private static string Residual(NetworkBuilder b, string p, string input, string branch, int stride, string reluName)
    {
        int outChannels = b.ShapeOf(branch).Channels;
        string identity = input;
        if (stride != 1 || b.ShapeOf(input).Channels != outChannels)
        {
            identity = b.Conv($"{p}.downsample.0", input, outChannels, kernel: 1, stride: stride, bias: false);
            identity = b.BatchNorm($"{p}.downsample.1", identity);
        }
        string sum = b.Sum($"{p}.add", branch, identity);
        return b.Relu($"{p}.{reluName}", sum);
    }
}
