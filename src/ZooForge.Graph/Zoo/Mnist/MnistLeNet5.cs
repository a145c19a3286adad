using ZooForge.Graph.Model;

namespace ZooForge.Graph.Zoo.Mnist;

/// <summary>LeNet-5 (LeCun et al., 1998) with ReLU and max pooling: the zoo's 5×5-kernel member.</summary>
public static class MnistLeNet5
{
    /// <summary>Builds <c>mnist_lenet5</c>.</summary>
    public static Network Create() => Create("mnist_lenet5");

    /// <summary>Builds the same architecture under another name (the Fashion-MNIST zoo reuses it).</summary>
    public static Network Create(string name)
    {
        var b = new NetworkBuilder(name, MnistModels.Input);
        // Padding 2 keeps the classic 28 -> 28 -> 14 -> 10 -> 5 sizes on unpadded digits.
        string x = b.Conv("conv1", b.Input, 6, kernel: 5, padding: 2);
        x = b.Relu("relu1", x);
        x = b.MaxPool("pool1", x, kernel: 2);
        x = b.Conv("conv2", x, 16, kernel: 5);
        x = b.Relu("relu2", x);
        x = b.MaxPool("pool2", x, kernel: 2);
        x = b.Flatten("flatten", x);
        x = b.Linear("fc1", x, 120);
        x = b.Relu("relu3", x);
        x = b.Linear("fc2", x, 84);
        x = b.Relu("relu4", x);
        b.Linear("fc3", x, MnistModels.Classes);
        return b.Build();
    }
}
