using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;
using ZooForge.Core.Errors;
using ZooForge.Core.Yaml;

namespace ZooForge.Core.Tests.Yaml;

/// <summary>Every loader's YAML goes through <see cref="YamlReading.Read"/>: the unclosed-collection failure, bare or wrapped, gets a position.</summary>
[TestFixture]
public sealed class YamlReadingTests
{
    private const string Unclosed = "a: 1\nb: [1, 2\nc: 3\n";

    private static ZooForgeException Fail(string message, Exception inner) => new(message, inner);

    [Test]
    public void The_bare_scanner_failure_of_the_representation_model_is_located()
    {
        var e = Assert.Throws<ZooForgeException>(() => YamlReading.Read(Unclosed, "x.yaml", () => { new YamlStream().Load(new StringReader(Unclosed)); return 0; }, Fail))!;
        Assert.That(e.Message, Is.EqualTo("x.yaml:2:4: invalid YAML: the '[' list or '{' mapping opened here is not closed"));
    }

    [Test]
    public void The_deserializer_s_wrapped_failure_is_located_too()
    {
        var deserializer = new DeserializerBuilder().Build();
        var e = Assert.Throws<ZooForgeException>(() => YamlReading.Read(Unclosed, "y.yaml", () => deserializer.Deserialize<Dictionary<string, object>>(Unclosed), Fail))!;
        Assert.That(e.Message, Does.StartWith("y.yaml:2:4: invalid YAML"));
    }

    [Test]
    public void Other_failures_and_results_pass_unchanged()
    {
        Assert.That(YamlReading.Read("a: 1", "z.yaml", () => 42, Fail), Is.EqualTo(42));
        Assert.Catch<YamlException>(() => YamlReading.Read("a: b: c", "z.yaml", () => { new YamlStream().Load(new StringReader("a: b: c")); return 0; }, Fail));
        Assert.Throws<InvalidOperationException>(() => YamlReading.Read("a: 1", "z.yaml", int () => throw new InvalidOperationException("mine"), Fail));
    }
}
