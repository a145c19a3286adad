using System.Globalization;
using System.Text.Json;

namespace ZooForge.Cli.Tests.Commands;

[TestFixture]
public class ModelsCommandTests
{
    // torchvision's "num_params" for each built-in, in presentation order.
    private static readonly (string Name, long Parameters)[] Expected =
    [
        ("alexnet", 61_100_840L),
        ("vgg16", 138_357_544L),
        ("resnet18", 11_689_512L),
        ("resnet34", 21_797_672L),
        ("resnet50", 25_557_032L),
        ("mobilenet_v2", 3_504_872L),
        ("mnasnet0_5", 2_218_512L),
        ("mnasnet1_0", 4_383_312L),
        ("squeezenet1_1", 1_235_496L),
    ];

    private static IEnumerable<TestCaseData> Models =>
        Expected.Select(e => new TestCaseData(e.Name, e.Parameters).SetArgDisplayNames(e.Name));

    [Test]
    public void TableListsTheNineBuiltInsInOrder()
    {
        var result = CliRunner.Run("models");
        Assert.That(result.Code, Is.Zero, result.Stderr);
        var names = CliRunner.TableRows(result.Stdout).Skip(1).Select(row => row[0]).ToList();
        Assert.That(names, Is.EqualTo(Expected.Select(e => e.Name)));
        Assert.That(result.Stderr, Is.Empty);
    }

    [TestCaseSource(nameof(Models))]
    public void TableShowsTheExactParameterCount(string name, long parameters)
    {
        var result = CliRunner.Run("models");
        var rows = CliRunner.TableRows(result.Stdout);
        int column = Array.IndexOf(rows[0], "parameters");
        Assert.That(column, Is.GreaterThan(0), "no 'parameters' column");
        var row = rows.Single(r => r[0] == name);
        Assert.That(row[column], Is.EqualTo(parameters.ToString("N0", CultureInfo.InvariantCulture)));
    }

    [Test]
    public void JsonHasNineEntriesWithParametersAndMacs()
    {
        var json = CliRunner.RunJson("models", "--json");
        Assert.That(json.ValueKind, Is.EqualTo(JsonValueKind.Array));
        var entries = json.EnumerateArray().ToList();
        Assert.That(entries, Has.Count.EqualTo(9));
        using (Assert.EnterMultipleScope())
        {
            for (int i = 0; i < Expected.Length; i++)
            {
                var e = entries[i];
                Assert.That(e.GetProperty("name").GetString(), Is.EqualTo(Expected[i].Name));
                Assert.That(e.GetProperty("parameters").GetInt64(), Is.EqualTo(Expected[i].Parameters), Expected[i].Name);
                Assert.That(e.GetProperty("macs").GetInt64(), Is.Positive, Expected[i].Name);
                Assert.That(e.GetProperty("input").GetString(), Is.EqualTo("3x224x224"));
            }
        }
    }

    [Test]
    public void JsonAgreesWithTheTable()
    {
        var json = CliRunner.RunJson("models", "--json");
        var rows = CliRunner.TableRows(CliRunner.Run("models").Stdout);
        int macs = Array.IndexOf(rows[0], "MACs");
        var resnet18 = json.EnumerateArray().Single(e => e.GetProperty("name").GetString() == "resnet18");
        Assert.That(rows.Single(r => r[0] == "resnet18")[macs],
            Is.EqualTo(resnet18.GetProperty("macs").GetInt64().ToString("N0", CultureInfo.InvariantCulture)));
        Assert.That(resnet18.GetProperty("macs").GetInt64(), Is.EqualTo(1_814_073_344L));
    }
}
