using ZooForge.Core.Errors;
using ZooForge.Graph.Model;
using ZooForge.Graph.Serialization;
using ZooForge.Graph.Zoo;
using ZooForge.Graph.Zoo.Mnist;
using ZooForge.Search.Nahas;

namespace ZooForge.Search.Tests.Nahas;

public class MnasNetArchitectureTests
{
    private static readonly NetworkWeights Zoo = ZooCatalogue.Open().Load("mnist_mnasnet").Weights;

    [Test]
    public void The_zoo_choices_rebuild_the_zoo_network_and_its_weights_bit_for_bit()
    {
        var network = MnasNetArchitecture.Zoo.Build();
        Assert.That(GraphJson.Write(network), Is.EqualTo(GraphJson.Write(MnistMnasNet.Create())));
        var weights = WeightTransfer.Transfer(Zoo, network);
        Assert.That(weights.Entries.All(e => e.Value.BitwiseEquals(Zoo.Get(e.Key))), Is.True);
    }

    [Test]
    public void Widths_depths_kernels_and_expansions_change_the_layers()
    {
        var arch = new MnasNetArchitecture([new(6, 5, 0.5, 1), new(3, 3, 0.75, 2), new(6, 3, 1.0, 1), new(3, 5, 1.0, 1)]);
        var net = arch.Build();
        var w = NetworkWeights.Expected(net).ToDictionary(e => e.Key, e => e.Shape);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(arch.Channels(0), Is.EqualTo(8));
            Assert.That(arch.Channels(1), Is.EqualTo(20), "24 × 0.75 = 18, rounded to a multiple of 4");
            Assert.That(w["layers.8.0.layers.0.weight"], Is.EqualTo(new[] { 48, 8, 1, 1 }), "expansion 6 of the stem's 8 channels");
            Assert.That(w["layers.8.0.layers.3.weight"], Is.EqualTo(new[] { 48, 1, 5, 5 }));
            Assert.That(w.ContainsKey("layers.8.1.layers.0.weight"), Is.False, "depth 1 drops the stage's second block");
            Assert.That(w.ContainsKey("layers.9.1.layers.0.weight"), Is.True);
            Assert.That(arch.Key, Is.EqualTo("e6k5w0.5d1-e3k3w0.75d2-e6k3w1d1-e3k5w1d1"));
        }
        Assert.Throws<ArgumentException>(() => new MnasNetArchitecture([new(3, 3, 1, 3), new(3, 3, 1, 1), new(3, 3, 1, 1), new(3, 3, 1, 1)]).Build());
    }

    [Test]
    public void Transfer_slices_channels_embeds_larger_kernels_and_crops_smaller_ones()
    {
        var arch = new MnasNetArchitecture([new(3, 5, 0.5, 2), new(3, 3, 1, 2), new(6, 5, 1, 2), new(6, 3, 1, 1)]);
        var w = WeightTransfer.Transfer(Zoo, arch.Build());
        var dw5 = w.Get("layers.8.0.layers.3.weight");          // zoo 3x3 -> 5x5
        var dw3 = w.Get("layers.9.0.layers.3.weight");          // zoo 5x5 -> 3x3
        var zoo3 = Zoo.Get("layers.8.0.layers.3.weight");
        var zoo5 = Zoo.Get("layers.9.0.layers.3.weight");
        var project = w.Get("layers.8.0.layers.6.weight");      // 24 -> 8 output channels (width 0.5)
        using (Assert.EnterMultipleScope())
        {
            Assert.That(dw5.Shape, Is.EqualTo(new[] { 24, 1, 5, 5 }));
            Assert.That(Enumerable.Range(0, 5).All(i => dw5.Data[i] == 0 && dw5.Data[20 + i] == 0), Is.True, "the border of the 5x5 is zero");
            Assert.That(dw5.Data[6], Is.EqualTo(zoo3.Data[0]), "the 3x3 sits in the centre");
            Assert.That(dw5.Data[18], Is.EqualTo(zoo3.Data[8]));
            Assert.That(dw3.Data[0], Is.EqualTo(zoo5.Data[6]), "a 3x3 keeps the 5x5's centre");
            Assert.That(project.Shape, Is.EqualTo(new[] { 8, 24, 1, 1 }));
            Assert.That(project.Data.Take(24), Is.EqualTo(Zoo.Get("layers.8.0.layers.6.weight").Data.Take(24)), "sliced output channels keep the first filters");
        }
        var missing = new NetworkWeights();
        Assert.That(Assert.Throws<InvalidInputException>(() => WeightTransfer.Transfer(missing, arch.Build()))!.Message, Does.Contain("the source has no tensor 'layers.0.weight'"));
    }

    [Test]
    public void Tiled_input_channels_are_divided_by_their_copies()
    {
        // Expansion 3 -> 6 in stage 3 (zoo 6): choose stage 1 (zoo 3) at 6: the projection's 48 inputs are two copies of 24.
        var arch = new MnasNetArchitecture([new(6, 3, 1, 2), new(3, 5, 1, 2), new(6, 5, 1, 2), new(6, 3, 1, 1)]);
        var w = WeightTransfer.Transfer(Zoo, arch.Build());
        var tiled = w.Get("layers.8.0.layers.6.weight");
        var zoo = Zoo.Get("layers.8.0.layers.6.weight");
        Assert.That(tiled.Shape, Is.EqualTo(new[] { 16, 48, 1, 1 }));
        Assert.That(tiled.Data[0], Is.EqualTo(zoo.Data[0] / 2));
        Assert.That(tiled.Data[24], Is.EqualTo(zoo.Data[0] / 2), "input channel 24 repeats channel 0");
        Assert.That(w.Get("layers.8.0.layers.1.running_mean").Data[24], Is.EqualTo(Zoo.Get("layers.8.0.layers.1.running_mean").Data[0]));
    }
}
