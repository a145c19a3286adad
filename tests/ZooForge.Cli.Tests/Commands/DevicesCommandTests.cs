using ZooForge.TestSupport;
using System.Text.Json;

namespace ZooForge.Cli.Tests.Commands;

[TestFixture]
public class DevicesCommandTests
{
    private static readonly string[] BuiltIns = ["alveo-u250", "pynq-z2", "ultra96-v2", "vc707", "zc706", "zcu102"];

    private TempFolder _dir = null!;

    [SetUp]
    public void CreateDirectory() => _dir = new TempFolder();

    [TearDown]
    public void DeleteDirectory() => _dir.Dispose();

    private static List<string> Names(JsonElement devices) =>
        devices.EnumerateArray().Select(d => d.GetProperty("name").GetString()!).ToList();

    [Test]
    public void TableListsTheSixBuiltIns()
    {
        var result = CliRunner.Run("devices");
        Assert.That(result.Code, Is.Zero, result.Stderr);
        var rows = CliRunner.TableRows(result.Stdout);
        Assert.That(rows[0][0], Is.EqualTo("name"));
        Assert.That(rows.Skip(1).Select(r => r[0]), Is.EqualTo(BuiltIns));
        var zcu102 = rows.Single(r => r[0] == "zcu102");
        Assert.That(zcu102, Does.Contain("2,520").And.Contain("1,824").And.Contain("512"));
    }

    [Test]
    public void JsonListsTheSixBuiltInsWithSnakeCaseFields()
    {
        var json = CliRunner.RunJson("devices", "--json");
        Assert.That(Names(json), Is.EqualTo(BuiltIns));
        var zcu102 = json.EnumerateArray().Single(d => d.GetProperty("name").GetString() == "zcu102");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(zcu102.GetProperty("board").GetString(), Is.EqualTo("ZCU102"));
            Assert.That(zcu102.GetProperty("part").GetString(), Is.EqualTo("xczu9eg-ffvb1156-2-e"));
            Assert.That(zcu102.GetProperty("dsp").GetInt32(), Is.EqualTo(2520));
            Assert.That(zcu102.GetProperty("bram18").GetInt32(), Is.EqualTo(1824));
            Assert.That(zcu102.GetProperty("axi_port_bits").GetInt32(), Is.EqualTo(512));
            Assert.That(zcu102.GetProperty("clock_mhz").GetDouble(), Is.EqualTo(200));
        }
    }

    [Test]
    public void DevicesDirectoryAddsACustomDevice()
    {
        _dir.Write("my-board.yaml", Yaml.CustomDevice);
        var result = CliRunner.Run("devices", "--devices", _dir.Path);
        Assert.That(result.Code, Is.Zero, result.Stderr);
        var rows = CliRunner.TableRows(result.Stdout).Skip(1).ToList();
        Assert.That(rows.Select(r => r[0]), Is.EqualTo(BuiltIns.Append("my-board").Order(StringComparer.Ordinal)));
        Assert.That(rows.Single(r => r[0] == "my-board"), Does.Contain("My Board").And.Contain("125"));
    }

    [Test]
    public void DevicesFileAddsACustomDeviceToTheJson()
    {
        string file = _dir.Write("custom.yaml", Yaml.CustomDevice);
        var json = CliRunner.RunJson("devices", "--devices", file, "--json");
        Assert.That(Names(json), Has.Count.EqualTo(7).And.Contain("my-board"));
        var mine = json.EnumerateArray().Single(d => d.GetProperty("name").GetString() == "my-board");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(mine.GetProperty("dsp").GetInt32(), Is.EqualTo(220));
            Assert.That(mine.GetProperty("clock_mhz").GetDouble(), Is.EqualTo(125));
            Assert.That(mine.GetProperty("uram").GetInt32(), Is.Zero);
            Assert.That(mine.GetProperty("source").GetString(), Is.EqualTo("test fixture"));
        }
    }

    [Test]
    public void ADeviceWithABuiltInNameReplacesIt()
    {
        string file = _dir.Write("zcu102.yaml", Yaml.CustomDevice.Replace("name: my-board", "name: zcu102"));
        var json = CliRunner.RunJson("devices", "--devices", file, "--json");
        Assert.That(Names(json), Is.EqualTo(BuiltIns));
        var zcu102 = json.EnumerateArray().Single(d => d.GetProperty("name").GetString() == "zcu102");
        Assert.That(zcu102.GetProperty("clock_mhz").GetDouble(), Is.EqualTo(125));
    }

    [Test]
    public void ACustomDeviceCanBeTargetedByEstimate()
    {
        _dir.Write("my-board.yaml", Yaml.CustomDevice);
        var json = CliRunner.RunJson("estimate", "--devices", _dir.Path, "--device", "my-board",
            "--design", "4,5,32,32,7,4,4,4", "--json");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(json.GetProperty("device").GetString(), Is.EqualTo("my-board"));
            Assert.That(json.GetProperty("design").GetProperty("clock_mhz").GetDouble(), Is.EqualTo(125));
            Assert.That(json.GetProperty("resources").GetProperty("device_dsp").GetInt32(), Is.EqualTo(220));
        }
    }
}
