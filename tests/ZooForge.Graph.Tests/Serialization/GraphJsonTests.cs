using ZooForge.Graph.Model;
using ZooForge.Graph.Serialization;
using ZooForge.Graph.Zoo;
using ZooForge.Graph.Zoo.Mnist;

namespace ZooForge.Graph.Tests.Serialization;

public class GraphJsonTests
{
    private static IEnumerable<string> AllNetworks => BuiltinModels.Names.Concat(MnistModels.Names);

    private static Network Create(string name) => MnistModels.Contains(name) ? MnistModels.Create(name) : BuiltinModels.Create(name);

    [TestCaseSource(nameof(AllNetworks))]
    public void Every_network_round_trips_through_json(string name)
    {
        var network = Create(name);
        string json = GraphJson.Write(network);
        var back = GraphJson.Read(json, "test.json");
        Assert.That(GraphJson.Write(back), Is.EqualTo(json));
        Assert.That(back.ParameterCount, Is.EqualTo(network.ParameterCount));
        Assert.That(back.MacCount, Is.EqualTo(network.MacCount));
        Assert.That(back.Nodes.Select(n => n.OutputShape), Is.EqualTo(network.Nodes.Select(n => n.OutputShape)));
    }

    [TestCase("conv2d", "\"kernel\": \"three\"", "field 'kernel' must be an integer")]
    [TestCase("conv2d", "\"kernel\": 5, \"colour\": 1", "unknown field 'colour'")]
    [TestCase("softmax", "", "unknown layer type 'softmax'")]
    public void Malformed_layers_are_rejected_naming_file_layer_and_field(string type, string extra, string expected)
    {
        string json = GraphJson.Write(MnistModels.Create("mnist_lenet5"))
            .Replace("\"type\": \"conv2d\"", $"\"type\": \"{type}\"")
            .Replace("\"kernel\": 5,", extra.Length > 0 ? extra + "," : "\"kernel\": 5,");
        var e = Assert.Throws<GraphException>(() => GraphJson.Read(json, "bad.json"));
        Assert.That(e!.Message, Does.StartWith("bad.json").And.Contain("conv1").And.Contain(expected));
    }

    [Test]
    public void Invalid_json_names_the_file()
    {
        var e = Assert.Throws<GraphException>(() => GraphJson.Read("{ not json", "broken.json"));
        Assert.That(e!.Message, Does.StartWith("broken.json").And.Contain("invalid JSON"));
    }

    [Test]
    public void Shape_errors_surface_through_network_validation()
    {
        string json = GraphJson.Write(MnistModels.Create("mnist_lenet5")).Replace("\"in_features\": 400", "\"in_features\": 401");
        var e = Assert.Throws<GraphException>(() => GraphJson.Read(json, "x.json"));
        Assert.That(e!.Message, Does.Contain("fc1").And.Contain("401"));
    }
}
