using ZooForge.Graph.Layers;
using ZooForge.Graph.Model;

namespace ZooForge.Graph.Tests.Model;

[TestFixture]
public class NetworkTests
{
    private static readonly TensorShape Image = new(3, 32, 32);

    private static Network Small()
    {
        var b = new NetworkBuilder("small", Image);
        string x = b.Conv("conv", b.Input, 8, 3, padding: 1, bias: false);
        x = b.BatchNorm("bn", x);
        x = b.Relu("relu", x);
        string y = b.Conv("branch", x, 8, 1);
        x = b.Sum("add", x, y);
        x = b.AdaptiveAvgPool("avgpool", x, 1, 1);
        x = b.Flatten("flatten", x);
        b.Linear("fc", x, 10);
        return b.Build();
    }

    [Test]
    public void SumsParametersAndMacsOverLayers()
    {
        var network = Small();
        using (Assert.EnterMultipleScope())
        {
            // conv 8·3·9, bn 2·8, branch 8·8 + 8, fc 8·10 + 10
            Assert.That(network.ParameterCount, Is.EqualTo(216L + 16 + 72 + 90));
            Assert.That(network.MacCount, Is.EqualTo(8L * 32 * 32 * 27 + 8L * 32 * 32 * 8 + 80));
            Assert.That(network.OutputShape, Is.EqualTo(new TensorShape(10, 1, 1)));
            Assert.That(network.Nodes.Select(n => n.Layer.Name), Is.EqualTo(new[] { "conv", "bn", "relu", "branch", "add", "avgpool", "flatten", "fc" }));
        }
    }

    [Test]
    public void NodesCarryInferredInputShapes()
    {
        var add = Small()["add"];
        Assert.That(add.InputShapes, Is.EqualTo(new[] { new TensorShape(8, 32, 32), new TensorShape(8, 32, 32) }));
    }

    [Test]
    public void DuplicateNameIsRejectedByTheNetwork()
    {
        Layer[] layers = [new ActivationLayer("relu", Network.InputName, ActivationFunction.Relu), new ActivationLayer("relu", "relu", ActivationFunction.Relu6)];
        var ex = Assert.Throws<GraphException>(() => new Network("dup", Image, layers));
        Assert.That(ex!.Message, Does.Contain("'relu'").And.Contain("twice"));
    }

    [Test]
    public void DuplicateNameIsRejectedByTheBuilder()
    {
        var b = new NetworkBuilder("dup", Image);
        b.Relu("relu", b.Input);
        var ex = Assert.Throws<GraphException>(() => b.Relu("relu", "relu"));
        Assert.That(ex!.Message, Does.Contain("'relu'").And.Contain("twice"));
    }

    [Test]
    public void ReadingAnUndefinedInputNamesBothLayers()
    {
        Layer[] layers = [new ActivationLayer("relu", "conv1", ActivationFunction.Relu)];
        var ex = Assert.Throws<GraphException>(() => new Network("undefined", Image, layers));
        Assert.That(ex!.Message, Does.Contain("'relu'").And.Contain("'conv1'"));
    }

    [Test]
    public void ReadingALaterLayerIsRejected()
    {
        // Inputs must come earlier in the order: no forward references, so no cycles.
        Layer[] layers =
        [
            new ActivationLayer("a", "b", ActivationFunction.Relu),
            new ActivationLayer("b", Network.InputName, ActivationFunction.Relu),
        ];
        var ex = Assert.Throws<GraphException>(() => new Network("forward", Image, layers));
        Assert.That(ex!.Message, Does.Contain("'a'").And.Contain("'b'"));
    }

    [Test]
    public void BuilderRejectsAnUndefinedInput()
    {
        var b = new NetworkBuilder("undefined", Image);
        var ex = Assert.Throws<GraphException>(() => b.Conv("conv1", "missing", 8, 3));
        Assert.That(ex!.Message, Does.Contain("'missing'"));
    }

    [Test]
    public void LinearOnUnflattenedInputFailsAtBuildTime()
    {
        var b = new NetworkBuilder("noflatten", Image);
        string x = b.Conv("conv", b.Input, 8, 3);
        var ex = Assert.Throws<GraphException>(() => b.Linear("fc", x, 10));
        Assert.That(ex!.Message, Does.Contain("'fc'").And.Contain("flatten"));
    }

    [Test]
    public void ShapeMismatchInAddNamesTheLayer()
    {
        var b = new NetworkBuilder("mismatch", Image);
        string a = b.Conv("a", b.Input, 8, 3, padding: 1);
        string c = b.Conv("c", b.Input, 8, 3, stride: 2, padding: 1);
        var ex = Assert.Throws<GraphException>(() => b.Sum("add", a, c));
        Assert.That(ex!.Message, Does.Contain("'add'"));
    }

    [Test]
    public void EmptyNetworkIsRejected()
    {
        Assert.Throws<GraphException>(() => new Network("empty", Image, []));
    }

    [TestCase(0)]
    [TestCase(-1)]
    public void BatchMustBePositive(int batch)
    {
        var layers = Small().Nodes.Select(n => n.Layer).ToArray();
        Assert.Throws<GraphException>(() => new Network("batch", Image, layers, batch));
    }

    [Test]
    public void InvalidInputShapeIsRejected()
    {
        Layer[] layers = [new ActivationLayer("relu", Network.InputName, ActivationFunction.Relu)];
        Assert.Throws<GraphException>(() => new Network("zero", new TensorShape(3, 0, 224), layers));
    }

    [Test]
    public void LookupOfAnUnknownLayerNamesIt()
    {
        var network = Small();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(network.Contains("fc"), Is.True);
            Assert.That(network.Contains("fc2"), Is.False);
            Assert.That(() => network["fc2"], Throws.TypeOf<GraphException>().With.Message.Contains("'fc2'"));
        }
    }

    [Test]
    public void BatchIsKeptButCountsArePerImage()
    {
        var layers = Small().Nodes.Select(n => n.Layer);
        var batched = new Network("batched", Image, layers, batch: 8);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(batched.Batch, Is.EqualTo(8));
            Assert.That(batched.MacCount, Is.EqualTo(Small().MacCount));
        }
    }
}
