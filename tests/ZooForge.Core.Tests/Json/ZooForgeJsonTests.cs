using System.Text.Json;
using ZooForge.Core.Json;

namespace ZooForge.Core.Tests.Json;

/// <summary>The one set of JSON conventions.</summary>
[TestFixture]
public sealed class ZooForgeJsonTests
{
    private enum Status { Passed, NotRun }

    private sealed record Row(string DesignName, double Objective, Status Status);

    [Test]
    public void Names_and_enums_are_snake_case_and_nan_is_a_literal() =>
        Assert.That(JsonSerializer.Serialize(new Row("a<b>+é", double.NaN, Status.NotRun), ZooForgeJson.Compact),
            Is.EqualTo("{\"design_name\":\"a<b>+é\",\"objective\":\"NaN\",\"status\":\"not_run\"}"));

    [Test]
    public void Values_round_trip_and_numeric_enums_of_older_files_still_read()
    {
        var row = new Row("x", 1.5, Status.Passed);
        Assert.That(JsonSerializer.Deserialize<Row>(JsonSerializer.Serialize(row, ZooForgeJson.Indented), ZooForgeJson.Indented), Is.EqualTo(row));
        Assert.That(JsonSerializer.Deserialize<Row>("{\"design_name\":\"x\",\"objective\":1.5,\"status\":1}", ZooForgeJson.Indented)!.Status, Is.EqualTo(Status.NotRun));
    }

    [Test]
    public void Strict_refuses_a_member_the_type_lacks()
    {
        Assert.That(JsonSerializer.Deserialize<Row>("{\"design_name\":\"x\",\"objective\":1,\"status\":\"passed\",\"extra\":1}", ZooForgeJson.Indented), Is.Not.Null);
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Row>("{\"design_name\":\"x\",\"objective\":1,\"status\":\"passed\",\"extra\":1}", ZooForgeJson.Strict));
    }
}
