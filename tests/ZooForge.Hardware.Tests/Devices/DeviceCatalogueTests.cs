using ZooForge.Hardware.Devices;

namespace ZooForge.Hardware.Tests.Devices;

[TestFixture]
public sealed class DeviceCatalogueTests
{
    private const string ValidYaml = """
        name: my-board
        board: My Board
        part: xc7z020clg400-1
        dsp: 100
        bram18: 200
        lut: 1000
        ff: 2000
        axi_port_bits: 64
        clock_mhz: 150
        """;

    private string tempDir = null!;

    [SetUp]
    public void SetUp()
    {
        tempDir = Path.Combine(Path.GetTempPath(), "zooforge-devices-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(tempDir);
    }

    [TearDown]
    public void TearDown()
    {
        if (Directory.Exists(tempDir))
        {
            Directory.Delete(tempDir, recursive: true);
        }
    }

    [TestCase("zcu102", "ZCU102", "xczu9eg-ffvb1156-2-e", 2520, 912, 0, 274080, 548160, 512, 200.0)]
    [TestCase("zc706", "ZC706", "xc7z045ffg900-2", 900, 545, 0, 218600, 437200, 256, 200.0)]
    [TestCase("pynq-z2", "PYNQ-Z2", "xc7z020clg400-1", 220, 140, 0, 53200, 106400, 256, 100.0)]
    [TestCase("ultra96-v2", "Ultra96-V2", "xczu3eg-sbva484-1-e", 360, 216, 0, 70560, 141120, 512, 200.0)]
    [TestCase("vc707", "VC707", "xc7vx485tffg1761-2", 2800, 1030, 0, 303600, 607200, 512, 200.0)]
    [TestCase("alveo-u250", "Alveo U250", "xcu250-figd2104-2L-e", 12288, 2688, 1280, 1728000, 3456000, 2048, 300.0)]
    public void BuiltInDeviceHasDataSheetFigures(
        string name, string board, string part, int dsp, int bram36, int uram, int lut, int ff, int axiBits, double clockMhz)
    {
        var device = DeviceCatalogue.BuiltIn().Find(name);

        Assert.Multiple(() =>
        {
            Assert.That(device.Name, Is.EqualTo(name));
            Assert.That(device.Board, Is.EqualTo(board));
            Assert.That(device.Part, Is.EqualTo(part));
            Assert.That(device.Dsp, Is.EqualTo(dsp));
            Assert.That(device.Bram18, Is.EqualTo(2 * bram36));
            Assert.That(device.Uram, Is.EqualTo(uram));
            Assert.That(device.Lut, Is.EqualTo(lut));
            Assert.That(device.Ff, Is.EqualTo(ff));
            Assert.That(device.AxiPortBits, Is.EqualTo(axiBits));
            Assert.That(device.ClockMhz, Is.EqualTo(clockMhz));
            Assert.That(device.Source, Is.Not.Null.And.Not.Empty);
            Assert.That(device.Source, Does.Not.Contain("http"));
        });
    }

    [Test]
    public void BuiltInHasExactlySixDevicesSortedByName()
    {
        var names = DeviceCatalogue.BuiltIn().Devices.Select(d => d.Name).ToList();

        Assert.That(
            names,
            Is.EqualTo(new[] { "alveo-u250", "pynq-z2", "ultra96-v2", "vc707", "zc706", "zcu102" }));
    }

    [TestCase("zcu102", "zcu102")]
    [TestCase("ZCU102", "zcu102")]
    [TestCase("Zc706", "zc706")]
    [TestCase("PYNQ-Z2", "pynq-z2")]
    [TestCase("Ultra96-V2", "ultra96-v2")]
    [TestCase("ultra96-V2", "ultra96-v2")]
    [TestCase("Alveo U250", "alveo-u250")]
    [TestCase("alveo u250", "alveo-u250")]
    [TestCase("alveo_u250", "alveo-u250")]
    [TestCase("VC707", "vc707")]
    public void FindIsCaseInsensitiveAndAcceptsBoardNames(string query, string expected)
    {
        var catalogue = DeviceCatalogue.BuiltIn();

        Assert.That(catalogue.Find(query).Name, Is.EqualTo(expected));
        Assert.That(catalogue.TryFind(query, out var device), Is.True);
        Assert.That(device!.Name, Is.EqualTo(expected));
    }

    [Test]
    public void UnknownDeviceMessageListsKnownDevices()
    {
        var catalogue = DeviceCatalogue.BuiltIn();

        var ex = Assert.Throws<DeviceException>(() => catalogue.Find("foo"));

        Assert.That(
            ex!.Message,
            Is.EqualTo("unknown device 'foo'; known devices: alveo-u250, pynq-z2, ultra96-v2, vc707, zc706, zcu102"));
        Assert.That(catalogue.TryFind("foo", out var device), Is.False);
        Assert.That(device, Is.Null);
    }

    [Test]
    public void UserDirectoryExtendsCatalogue()
    {
        File.WriteAllText(Path.Combine(tempDir, "my-board.yaml"), ValidYaml);
        File.WriteAllText(Path.Combine(tempDir, "notes.txt"), "not a device");

        var catalogue = DeviceCatalogue.Load([tempDir]);

        Assert.That(catalogue.Devices, Has.Count.EqualTo(7));
        Assert.That(catalogue.Devices.Select(d => d.Name), Is.Ordered.Using((IComparer<string>)StringComparer.Ordinal));
        var device = catalogue.Find("My Board");
        Assert.Multiple(() =>
        {
            Assert.That(device.Name, Is.EqualTo("my-board"));
            Assert.That(device.Dsp, Is.EqualTo(100));
            Assert.That(device.Uram, Is.Zero);
            Assert.That(device.Source, Is.Null);
            Assert.That(catalogue.Find("zcu102").Dsp, Is.EqualTo(2520));
        });
        Assert.That(DeviceCatalogue.BuiltIn().TryFind("my-board", out _), Is.False, "built-in catalogue is unchanged");
    }

    [Test]
    public void UserFileOverridesBuiltInWithSameName()
    {
        var path = Path.Combine(tempDir, "fast.yml");
        File.WriteAllText(path, """
            name: zcu102
            board: ZCU102
            part: xczu9eg-ffvb1156-2-e
            dsp: 2520
            bram18: 1824
            lut: 274080
            ff: 548160
            axi_port_bits: 512
            clock_mhz: 300
            source: my lab measurement
            """);

        var catalogue = DeviceCatalogue.Load([path]);

        Assert.That(catalogue.Devices, Has.Count.EqualTo(6));
        Assert.That(catalogue.Find("ZCU102").ClockMhz, Is.EqualTo(300.0));
        Assert.That(catalogue.Find("zcu102").Source, Is.EqualTo("my lab measurement"));
        Assert.That(DeviceCatalogue.BuiltIn().Find("zcu102").ClockMhz, Is.EqualTo(200.0));
    }

    [Test]
    public void TwoUserFilesWithSameNameAreRejected()
    {
        File.WriteAllText(Path.Combine(tempDir, "a.yaml"), ValidYaml);
        File.WriteAllText(Path.Combine(tempDir, "b.yaml"), ValidYaml);

        var ex = Assert.Throws<DeviceException>(() => DeviceCatalogue.Load([tempDir]));

        Assert.That(ex!.Message, Does.Contain("b.yaml").And.Contain("a.yaml").And.Contain("'my-board'"));
    }

    [Test]
    public void SameFileGivenTwiceIsReadOnce()
    {
        var path = Path.Combine(tempDir, "my-board.yaml");
        File.WriteAllText(path, ValidYaml);

        var catalogue = DeviceCatalogue.Load([tempDir, path]);

        Assert.That(catalogue.Find("my-board").Dsp, Is.EqualTo(100));
    }

    [Test]
    public void MissingPathNamesThePath()
    {
        var missing = Path.Combine(tempDir, "nope");

        var ex = Assert.Throws<DeviceException>(() => DeviceCatalogue.Load([missing]));

        Assert.That(ex!.Message, Does.Contain(missing));
    }

    [Test]
    public void SyntaxErrorNamesFileAndLine()
    {
        var ex = LoadBad("name: my-board\npart: \"unterminated\ndsp: 3\n");

        Assert.That(ex.Message, Does.StartWith(BadPath + ":2:7: invalid YAML: "));
        Assert.That(ex.Line, Is.EqualTo(2));
    }

    [Test]
    public void MissingFieldIsNamed()
    {
        var ex = LoadBad(ValidYaml.Replace("part: xc7z020clg400-1\n", string.Empty));

        Assert.That(ex.Message, Is.EqualTo(BadPath + ": missing required field 'part'"));
        Assert.That(ex.Field, Is.EqualTo("part"));
    }

    [Test]
    public void SeveralMissingFieldsAreAllNamed()
    {
        var ex = LoadBad("name: my-board\nboard: B\npart: p\ndsp: 1\nbram18: 1\nlut: 1\n");

        Assert.That(ex.Message, Is.EqualTo(BadPath + ": missing required fields 'ff', 'axi_port_bits', 'clock_mhz'"));
    }

    [Test]
    public void UnknownFieldIsNamedWithLine()
    {
        var ex = LoadBad(ValidYaml.Replace("dsp: 100", "dsps: 100"));

        Assert.That(ex.Message, Does.StartWith(BadPath + ":4:1: unknown field 'dsps'"));
        Assert.That(ex.Field, Is.EqualTo("dsps"));
    }

    [Test]
    public void DuplicateKeyIsNamedWithLine()
    {
        var ex = LoadBad(ValidYaml + "\nlut: 5\n");

        Assert.That(ex.Message, Is.EqualTo(BadPath + ":10:1: duplicate key 'lut'"));
    }

    [TestCase("dsp: 100", "dsp: lots", ":4:6: field 'dsp': expected an integer, got 'lots'")]
    [TestCase("dsp: 100", "dsp: 2.5", ":4:6: field 'dsp': expected an integer, got '2.5'")]
    [TestCase("dsp: 100", "dsp: 99999999999", ":4:6: field 'dsp': expected an integer, got '99999999999' (out of range)")]
    [TestCase("dsp: 100", "dsp: [1, 2]", ":4:6: field 'dsp': expected an integer, got a sequence")]
    [TestCase("dsp: 100", "dsp:", ":4:5: field 'dsp': expected an integer, got an empty value")]
    [TestCase("clock_mhz: 150", "clock_mhz: fast", ":9:12: field 'clock_mhz': expected a number, got 'fast'")]
    [TestCase("part: xc7z020clg400-1", "part: {a: 1}", ":3:7: field 'part': expected a string, got a mapping")]
    public void WrongTypeNamesFieldAndPosition(string from, string to, string expected)
    {
        var ex = LoadBad(ValidYaml.Replace(from, to));

        Assert.That(ex.Message, Is.EqualTo(BadPath + expected));
    }

    [TestCase("dsp: 100", "dsp: -4", ":4:6: field 'dsp': must be greater than 0, got -4")]
    [TestCase("lut: 1000", "lut: 0", ":6:6: field 'lut': must be greater than 0, got 0")]
    [TestCase("bram18: 200", "bram18: 200\nuram: -1", ":6:7: field 'uram': must be 0 or more, got -1")]
    [TestCase("axi_port_bits: 64", "axi_port_bits: 100", ":8:16: field 'axi_port_bits': must be a positive multiple of 16, got 100")]
    [TestCase("clock_mhz: 150", "clock_mhz: 0", ":9:12: field 'clock_mhz': must be greater than 0 and at most 1000 (MHz), got 0")]
    [TestCase("clock_mhz: 150", "clock_mhz: 1500", ":9:12: field 'clock_mhz': must be greater than 0 and at most 1000 (MHz), got 1500")]
    [TestCase("clock_mhz: 150", "clock_mhz: -2.5", ":9:12: field 'clock_mhz': must be greater than 0 and at most 1000 (MHz), got -2.5")]
    [TestCase("name: my-board", "name: My_Board", ":1:7: field 'name': must be lower-case letters, digits and '-' (e.g. 'zcu102'), got 'My_Board'")]
    [TestCase("board: My Board", "board: \"  \"", ":2:8: field 'board': must not be empty")]
    public void OutOfRangeValueNamesFieldAndValue(string from, string to, string expected)
    {
        var ex = LoadBad(ValidYaml.Replace(from, to));

        Assert.That(ex.Message, Is.EqualTo(BadPath + expected));
    }

    [Test]
    public void ClockAtUpperBoundIsAccepted()
    {
        var device = DeviceCatalogue.ParseYaml(ValidYaml.Replace("clock_mhz: 150", "clock_mhz: 1000"), "x.yaml");

        Assert.That(device.ClockMhz, Is.EqualTo(1000.0));
    }

    [TestCase("", "file is empty")]
    [TestCase("# only a comment\n", "file is empty")]
    [TestCase("- a\n- b\n", "1:1: expected a mapping of device fields (key: value), got a sequence")]
    public void WrongDocumentShapeIsRejected(string yaml, string expected)
    {
        var ex = Assert.Throws<DeviceException>(() => DeviceCatalogue.ParseYaml(yaml, "shape.yaml"));

        Assert.That(ex!.Message, Does.StartWith("shape.yaml:").And.Contain(expected));
    }

    [Test]
    public void SecondDocumentIsRejected()
    {
        var ex = Assert.Throws<DeviceException>(() => DeviceCatalogue.ParseYaml(ValidYaml + "\n---\nname: x\n", "two.yaml"));

        Assert.That(ex!.Message, Is.EqualTo("two.yaml:10:1: expected a single YAML document, found a second one"));
    }

    [Test]
    public void MessagesAreOneLine()
    {
        var ex = LoadBad("name: a\n\tpart: b\n");

        Assert.That(ex.Message, Does.Not.Contain("\n"));
    }

    private string BadPath => Path.Combine(tempDir, "bad.yaml");

    private DeviceException LoadBad(string yaml)
    {
        File.WriteAllText(BadPath, yaml);
        var ex = Assert.Throws<DeviceException>(() => DeviceCatalogue.Load([tempDir]));
        Assert.That(ex!.SourceName, Is.EqualTo(BadPath));
        return ex;
    }
}
