using ZooForge.Compression.Golden;
using ZooForge.Compression.Quantization;
using ZooForge.Compression.Reference;
using ZooForge.Compression.Tests.Quantization;
using ZooForge.Compression.Tests.Reference;

namespace ZooForge.Compression.Tests.Golden;

public class GoldenVectorsTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = Directory.CreateTempSubdirectory("zf-golden-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private static QuantizedNetwork PatternResNet()
    {
        var (network, weights) = TestNetworks.LoadZoo("mnist_resnet");
        var (masked, patterns) = IntegerReferenceTests.CrossPatterns(network, weights);
        var ranges = Calibration.Ranges(network, masked, TestNetworks.Synthetic(network.InputShape, 8, 4), 8);
        return Quantizer.Quantize(network, masked, ranges, QuantScheme.Int8, patterns);
    }

    [Test]
    [Category("Data")] // the zoo checkpoint (inputs are synthetic)
    public void WrittenVectorsReadBackEqualToAFreshReferenceRun()
    {
        var q = PatternResNet();
        var data = TestNetworks.Synthetic(q.InputShape, 3, 17);
        string folder = Path.Combine(_dir, "tb_data");
        var manifest = GoldenVectors.Write(folder, q, data, 3);
        var set = GoldenVectors.Read(folder);
        var reference = new IntegerReference(q);
        Assert.Multiple(() =>
        {
            Assert.That(set.Manifest.Tensors.Select(t => t.Name), Is.EqualTo(q.Ops.Select(o => o.Name).Prepend("input")));
            Assert.That(set.Manifest.Tensors[1].File, Is.EqualTo("op_000"));
            Assert.That(set.Manifest.Predictions, Is.EqualTo(manifest.Predictions));
            Assert.That(set.Manifest.Labels, Is.EqualTo(data.Labels));
            Assert.That(QuantizedNetworkFile.ToBytes(set.Network), Is.EqualTo(QuantizedNetworkFile.ToBytes(q)));
        });
        for (int i = 0; i < 3; i++)
        {
            var fresh = reference.Run(Quantizer.QuantizeInput(data.GetImage(i), q));
            foreach (var t in set.Manifest.Tensors)
                Assert.That(set.Images[i][t.Name], Is.EqualTo(fresh[t.Name]), $"image {i} tensor {t.Name}");
            Assert.That(set.Manifest.Predictions[i], Is.EqualTo(EvaluationResult.ArgMax<int>(fresh[q.OutputName])));
        }

        // The text forms a testbench reads.
        var firstInput = File.ReadAllLines(Path.Combine(folder, "image_0000", "input.txt"));
        var firstHex = File.ReadAllLines(Path.Combine(folder, "image_0000", "input.hex"));
        Assert.That(firstInput, Has.Length.EqualTo(784));
        Assert.That(firstHex.Select(h => h.Length), Is.All.EqualTo(2));
        Assert.That(File.ReadAllLines(Path.Combine(folder, "predictions.txt")), Has.Length.EqualTo(3));
        Assert.That(File.ReadAllText(Path.Combine(folder, "manifest.json")), Does.Contain("\"format\": \"zooforge-golden/1\""));

        // Rewriting replaces the earlier set (a trailing separator names the same folder).
        GoldenVectors.Write(folder + Path.DirectorySeparatorChar, q, data, 1);
        Assert.That(GoldenVectors.Read(folder).Images, Has.Count.EqualTo(1));
        Assert.That(Directory.Exists(Path.Combine(folder, "image_0001")), Is.False);
    }

    [Test]
    public void HexIsTwosComplement()
    {
        Assert.Multiple(() =>
        {
            Assert.That(GoldenVectors.Hex(-1, 8, 2), Is.EqualTo("ff"));
            Assert.That(GoldenVectors.Hex(-128, 8, 2), Is.EqualTo("80"));
            Assert.That(GoldenVectors.Hex(127, 8, 2), Is.EqualTo("7f"));
            Assert.That(GoldenVectors.Hex(5, 8, 2), Is.EqualTo("05"));
            Assert.That(GoldenVectors.Hex(-1, 12, 3), Is.EqualTo("fff"));
            Assert.That(GoldenVectors.Hex(-2048, 12, 3), Is.EqualTo("800"));
            Assert.That(GoldenVectors.Hex(-3, 4, 1), Is.EqualTo("d"));
        });
    }

    [Test]
    public void DamagedSetsAndForeignFoldersAreReported()
    {
        var network = TestNetworks.EveryLayer();
        var weights = TestNetworks.RandomWeights(network, 11);
        var data = TestNetworks.Synthetic(network.InputShape, 2, 5);
        var q = Quantizer.Quantize(network, weights, Calibration.Ranges(network, weights, data, 2), QuantScheme.Int8);
        string folder = Path.Combine(_dir, "set");
        GoldenVectors.Write(folder, q, data, 2);

        string file = Path.Combine(folder, "image_0001", "op_003.txt");
        var lines = File.ReadAllLines(file);
        File.WriteAllLines(file, lines[..^1]);
        var e = Assert.Throws<InvalidDataException>(() => GoldenVectors.Read(folder));
        Assert.That(e!.Message, Does.StartWith(file));

        File.WriteAllLines(file, lines);
        string hex = Path.Combine(folder, "image_0000", "op_000.hex");
        var hexLines = File.ReadAllLines(hex);
        hexLines[3] = hexLines[3] == "00" ? "01" : "00";
        File.WriteAllLines(hex, hexLines);
        e = Assert.Throws<InvalidDataException>(() => GoldenVectors.Read(folder));
        Assert.That(e!.Message, Does.StartWith(hex));

        string foreign = Path.Combine(_dir, "foreign");
        Directory.CreateDirectory(foreign);
        File.WriteAllText(Path.Combine(foreign, "keep.txt"), "mine");
        Assert.Throws<IOException>(() => GoldenVectors.Write(foreign, q, data, 1));
        Assert.That(File.Exists(Path.Combine(foreign, "keep.txt")));
    }
}
