using ZooForge.Asic.Dataflows;
using ZooForge.Asic.Description;
using ZooForge.Asic.Estimation;
using ZooForge.Asic.Mapping;
using ZooForge.Asic.Problem;
using ZooForge.Graph.Zoo;
using ZooForge.Graph.Zoo.Mnist;

namespace ZooForge.Asic.Tests.Estimation;

public class NetworkEstimatorTests
{
    [TestCase("resnet18", Dataflow.RowStationary)]
    [TestCase("resnet18", Dataflow.WeightStationary)]
    [TestCase("mobilenet_v2", Dataflow.OutputStationary)]
    [TestCase("mobilenet_v2", Dataflow.RowStationary)]
    public void Built_in_models_map_on_eyeriss(string model, Dataflow dataflow)
    {
        var network = BuiltinModels.Create(model);
        var estimate = NetworkEstimator.Estimate(network, AcceleratorCatalogue.Resolve("eyeriss-like"), dataflow, new MapperOptions());
        var layers = AsicLayers.FromNetwork(network);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(estimate.Layers, Has.Count.EqualTo(layers.Length));
            Assert.That(estimate.TotalMacs, Is.EqualTo(layers.Sum(l => l.Macs)));
            Assert.That(estimate.Utilisation, Is.GreaterThan(0).And.LessThanOrEqualTo(1));
            Assert.That(estimate.Layers.Select(l => l.Cost.Layer.Name), Is.EqualTo(layers.Select(l => l.Name)));
        }
    }

    [Test]
    public void Resnet18_has_the_torchvision_shapes()
    {
        var layers = AsicLayers.FromNetwork(BuiltinModels.Create("resnet18"));
        var conv1 = layers.Single(l => l.Name == "conv1");
        Assert.That((conv1.K, conv1.C, conv1.R, conv1.P, conv1.Stride), Is.EqualTo((64, 3, 7, 112, 2)));
        // 224 + 2·3 padding: one row past the last window, which MAESTRO's folds count.
        Assert.That((conv1.InputHeight, conv1.LeftoverRows), Is.EqualTo((230, 1)));
        Assert.That(layers.Single(l => l.Name == "fc").Kind, Is.EqualTo(LayerKind.FullyConnected));
        var dw = AsicLayers.FromNetwork(BuiltinModels.Create("mobilenet_v2")).First(l => l.Kind == LayerKind.Depthwise);
        Assert.That((dw.K, dw.C), Is.EqualTo((1, 32)));
    }

    [Test]
    public void Every_zoo_model_maps_under_every_dataflow()
    {
        var hw = AcceleratorCatalogue.Resolve("shidiannao-like");
        foreach (var name in MnistModels.Names)
        foreach (var dataflow in new[] { Dataflow.WeightStationary, Dataflow.OutputStationary, Dataflow.RowStationary })
        {
            var estimate = NetworkEstimator.Estimate(MnistModels.Create(name), hw, dataflow, new MapperOptions { Budget = 200 });
            Assert.That(estimate.TotalCycles, Is.GreaterThan(0), $"{name} {dataflow}");
        }
    }

    [Test]
    public void Template_defaults_reproduce_the_maestro_mapping()
    {
        var network = BuiltinModels.Create("resnet18");
        var estimate = NetworkEstimator.Estimate(network, AcceleratorCatalogue.Resolve("maestro-256"), Dataflow.WeightStationary, null);
        Assert.That(estimate.Objective, Is.Null);
        Assert.That(estimate.Layers.All(l => l.Mapping.Name == "ws"), Is.True);
    }
}
