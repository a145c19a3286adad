using ZooForge.Graph.Model;
using ZooForge.Graph.Serialization;
using ZooForge.Graph.Zoo;
using ZooForge.Graph.Zoo.Mnist;
using ZooForge.Torch.Modules;
using ZooForge.Torch.Training;
using static TorchSharp.torch;

namespace ZooForge.Torch.Tests.Modules;

public class GraphModuleTests
{
    [OneTimeSetUp]
    public void Configure() => TorchRuntime.Configure();

    // Together these cover every IR layer type: grouped/depthwise conv, linear, batch-norm,
    // ReLU/ReLU6, max/avg/adaptive pooling (incl. ceil mode), add, concat, flatten.
    private static IEnumerable<TestCaseData> Networks() =>
        MnistModels.Names.Select(n => new TestCaseData((Func<Network>)(() => MnistModels.Create(n))).SetArgDisplayNames(n))
            .Concat(new[] { "resnet18", "mobilenet_v2", "squeezenet1_1", "alexnet", "mnasnet0_5" }
                .Select(n => new TestCaseData((Func<Network>)(() => BuiltinModels.Create(n))).SetArgDisplayNames(n)));

    [TestCaseSource(nameof(Networks))]
    public void Weights_round_trip_through_torch_bit_for_bit(Func<Network> create)
    {
        var network = create();
        var weights = TestWeights.Random(network, 7);
        using var module = new GraphModule(network);
        module.LoadWeights(weights);
        var back = module.ExportWeights();

        Assert.That(GraphJson.Write(module.Network), Is.EqualTo(GraphJson.Write(network)));
        Assert.That(back.Entries.Select(e => e.Key), Is.EqualTo(weights.Entries.Select(e => e.Key)));
        foreach (var (key, tensor) in weights.Entries)
            Assert.That(back.Get(key).BitwiseEquals(tensor), Is.True, key);
    }

    [TestCaseSource(nameof(Networks))]
    public void Forward_produces_the_inferred_output_shape(Func<Network> create)
    {
        var network = create();
        using var module = new GraphModule(network);
        module.LoadWeights(TestWeights.Random(network, 3));
        module.eval();
        using var scope = NewDisposeScope();
        var s = network.InputShape;
        var output = module.call(rand(2, s.Channels, s.Height, s.Width));
        var o = network.OutputShape;
        Assert.That(output.shape, Is.EqualTo(new long[] { 2, o.Channels * o.Height * o.Width }).Or.EqualTo(new long[] { 2, o.Channels, o.Height, o.Width }));
    }

    [Test]
    public void Every_parameter_is_registered_with_torch()
    {
        var network = MnistModels.Create("mnist_resnet");
        using var module = new GraphModule(network);
        long torchParameters = module.parameters().Sum(p => p.numel());
        Assert.That(torchParameters, Is.EqualTo(network.ParameterCount));
    }

    [Test]
    public void Loading_weights_of_the_wrong_shape_names_the_tensor()
    {
        var network = MnistModels.Create("mnist_lenet5");
        var weights = TestWeights.Random(network, 1);
        weights.Set("conv1.weight", new WeightTensor([6, 1, 3, 3], new float[54]));
        using var module = new GraphModule(network);
        var e = Assert.Throws<GraphException>(() => module.LoadWeights(weights));
        Assert.That(e!.Message, Does.Contain("conv1.weight").And.Contain("[6,1,5,5]"));
    }

    [Test]
    public void Forward_matches_a_hand_computed_tiny_network()
    {
        // 1x2x2 input -> conv 1x1 (w=2, b=1) -> relu -> flatten -> linear 4->1 (w=1, b=0): sum(relu(2x+1)).
        var b = new NetworkBuilder("tiny", new TensorShape(1, 2, 2));
        string x = b.Conv("conv", b.Input, 1, kernel: 1);
        x = b.Relu("relu", x);
        x = b.Flatten("flatten", x);
        b.Linear("fc", x, 1);
        var network = b.Build();
        var weights = new NetworkWeights();
        weights.Set("conv.weight", new WeightTensor([1, 1, 1, 1], [2f]));
        weights.Set("conv.bias", new WeightTensor([1], [1f]));
        weights.Set("fc.weight", new WeightTensor([1, 4], [1f, 1f, 1f, 1f]));
        weights.Set("fc.bias", new WeightTensor([1], [0f]));
        using var module = new GraphModule(network);
        module.LoadWeights(weights);
        module.eval();
        using var input = tensor(new float[] { 1, -2, 0.5f, -0.25f }, [1, 1, 2, 2]);
        using var output = module.call(input);
        // relu(3) + relu(-3) + relu(2) + relu(0.5) = 5.5
        Assert.That(output.item<float>(), Is.EqualTo(5.5f));
    }
}
