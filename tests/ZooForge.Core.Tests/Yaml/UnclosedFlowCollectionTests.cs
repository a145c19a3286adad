using YamlDotNet.RepresentationModel;
using ZooForge.Core.Yaml;

namespace ZooForge.Core.Tests.Yaml;

/// <summary>YamlDotNet's positionless failure on a '[' or '{' left open across lines, located.</summary>
[TestFixture]
public sealed class UnclosedFlowCollectionTests
{
    private static InvalidOperationException LoadFailure(string text) =>
        Assert.Throws<InvalidOperationException>(() => new YamlStream().Load(new StringReader(text)))!;

    [TestCase("a: 1\nb: [1, 2\nc: 3\n", "2:4:")]
    [TestCase("a: {x: [1, 2], y: 3\nb: 4\n", "1:4:")]
    [TestCase("a: {x: [1, 2\nb: 4\n", "1:8:")]
    public void The_innermost_open_collection_is_named(string text, string position)
    {
        var failure = LoadFailure(text);
        Assert.That(UnclosedFlowCollection.IsScannerFailure(failure), Is.True, "the scanner's failure is recognised");
        Assert.That(UnclosedFlowCollection.Describe(text), Is.EqualTo(position + " invalid YAML: the '[' list or '{' mapping opened here is not closed"));
    }

    [Test]
    public void Other_invalid_operations_are_not_taken_for_it() =>
        Assert.That(UnclosedFlowCollection.IsScannerFailure(new InvalidOperationException("elsewhere")), Is.False);
}
