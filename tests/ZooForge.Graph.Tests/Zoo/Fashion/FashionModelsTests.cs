using ZooForge.Graph.Model;
using ZooForge.Graph.Serialization;
using ZooForge.Graph.Zoo;
using ZooForge.Graph.Zoo.Fashion;
using ZooForge.Graph.Zoo.Mnist;

namespace ZooForge.Graph.Tests.Zoo.Fashion;

public class FashionModelsTests
{
    [Test]
    public void Each_fashion_architecture_is_its_mnist_namesake_under_another_name()
    {
        Assert.That(FashionModels.Names, Has.Count.GreaterThanOrEqualTo(3));
        foreach (string name in FashionModels.Names)
        {
            var fashion = FashionModels.Create(name);
            var mnist = MnistModels.Create(name.Replace("fashion_", "mnist_"));
            Assert.That(fashion.Name, Is.EqualTo(name));
            Assert.That(GraphJson.Write(fashion).Replace(name, "x"), Is.EqualTo(GraphJson.Write(mnist).Replace(mnist.Name, "x")), name);
        }
    }

    [Test]
    public void Tasks_are_found_by_name_and_unknown_ones_name_the_known()
    {
        Assert.That(ZooTask.Find("Fashion"), Is.SameAs(ZooTask.Fashion));
        Assert.That(ZooTask.Fashion.Contains("fashion_vgg") && !ZooTask.Fashion.Contains("mnist_vgg"), Is.True);
        var e = Assert.Throws<GraphException>(() => ZooTask.Find("cifar10"));
        Assert.That(e!.Message, Is.EqualTo("unknown task 'cifar10'; tasks: mnist, fashion"));
    }

    [Test]
    public void Every_shipped_fashion_checkpoint_loads_and_matches_its_architecture()
    {
        var zoo = ZooCatalogue.Open(ZooCatalogue.FashionFolder);
        Assert.That(zoo.Manifest.Models, Is.Not.Empty);
        foreach (var entry in zoo.Manifest.Models)
        {
            var contents = zoo.Load(entry.Name);
            Assert.That(contents.Network.ParameterCount, Is.EqualTo(entry.Parameters), entry.Name);
            Assert.That(FashionModels.Contains(entry.Name), Is.True, entry.Name);
        }
    }
}
