using ZooForge.Graph.Layers;
using ZooForge.Graph.Model;
using ZooForge.Graph.Zoo.Mnist;

namespace ZooForge.Graph.Tests.Zoo;

public class MnistModelsTests
{
    [TestCaseSource(typeof(MnistModels), nameof(MnistModels.Names))]
    public void Every_zoo_model_maps_a_digit_to_ten_classes(string name)
    {
        var network = MnistModels.Create(name);
        Assert.That(network.InputShape, Is.EqualTo(new TensorShape(1, 28, 28)));
        Assert.That(network.OutputShape, Is.EqualTo(new TensorShape(10, 1, 1)));
        Assert.That(network.ParameterCount, Is.InRange(20_000, 200_000), "small enough to commit and to fit on chip");
    }

    [Test]
    public void The_zoo_covers_the_families_the_search_needs()
    {
        var nets = MnistModels.Names.Select(MnistModels.Create).ToList();
        var convs = nets.SelectMany(n => n.Nodes.Select(x => x.Layer).OfType<Conv2dLayer>()).ToList();
        Assert.That(nets.Any(n => n.Nodes.Any(x => x.Layer is AddLayer)), Is.True, "residual");
        Assert.That(convs.Any(c => c.IsDepthwise), Is.True, "depthwise");
        Assert.That(convs.Any(c => c.Kernel == 5 && !c.IsDepthwise), Is.True, "5x5 conventional kernels");
        Assert.That(convs.Any(c => c.Kernel == 5 && c.IsDepthwise), Is.True, "5x5 depthwise (MnasNet)");
        Assert.That(nets.Any(n => n.Nodes.Any(x => x.Layer is ActivationLayer { Function: ActivationFunction.Relu6 })), Is.True, "ReLU6");
    }

    [Test]
    public void Unknown_zoo_names_list_the_known_ones()
    {
        var e = Assert.Throws<GraphException>(() => MnistModels.Create("mnist_alexnet"));
        Assert.That(e!.Message, Does.Contain("mnist_alexnet").And.Contain("mnist_vgg"));
    }
}
