using ZooForge.Graph.Layers;
using ZooForge.Graph.Model;
using ZooForge.Graph.Zoo;

namespace ZooForge.Graph.Tests.Model;

/// <summary>The one op vocabulary: every kind has one tag, tags parse back, and layers show the tag of their kind.</summary>
public class OpKindTests
{
    [Test]
    public void Every_kind_has_a_distinct_tag_that_parses_back()
    {
        var kinds = Enum.GetValues<OpKind>();
        Assert.That(kinds.Select(k => k.Tag()).Distinct().Count(), Is.EqualTo(kinds.Length));
        foreach (var kind in kinds) Assert.That(OpKinds.TryParse(kind.Tag()), Is.EqualTo(kind));
        Assert.That(OpKinds.TryParse("conv2d"), Is.Null, "the model file's PyTorch-style type names are not op tags");
    }

    [Test]
    public void Layers_report_their_kind_and_its_tag()
    {
        var mobilenet = BuiltinModels.Create("mobilenet_v2");
        var depthwise = mobilenet.Nodes.Select(n => n.Layer).OfType<Conv2dLayer>().First(c => c.IsDepthwise);
        Assert.That((depthwise.Op, depthwise.Kind), Is.EqualTo((OpKind.DepthwiseConv, "dwconv")));
        var kinds = BuiltinModels.Names.SelectMany(n => BuiltinModels.Create(n).Nodes).Select(n => n.Layer.Op).ToHashSet();
        Assert.That(kinds, Is.SupersetOf(new[] { OpKind.Conv, OpKind.DepthwiseConv, OpKind.Linear, OpKind.MaxPool, OpKind.Add, OpKind.Concat, OpKind.Relu, OpKind.Relu6 }));
    }
}
