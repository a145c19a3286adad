using ZooForge.TestSupport;
using ZooForge.Data.Datasets;
using ZooForge.Data.Formats;

namespace ZooForge.Data.Tests.Formats;

[TestFixture]
public sealed class Cifar10ReaderTests
{
    private TempFolder temp = null!;

    [SetUp]
    public void SetUp() => temp = new TempFolder();

    [TearDown]
    public void TearDown() => temp.Dispose();

    /// <summary>Records with the given labels; record r has R plane = r, G plane = 100 + r, B plane = 200 + r, except pixel 0 of R = 255.</summary>
    private static byte[] Batch(params byte[] labels)
    {
        var bytes = new byte[labels.Length * 3073];
        for (int r = 0; r < labels.Length; r++)
        {
            int o = r * 3073;
            bytes[o] = labels[r];
            bytes.AsSpan(o + 1, 1024).Fill((byte)r);
            bytes.AsSpan(o + 1025, 1024).Fill((byte)(100 + r));
            bytes.AsSpan(o + 2049, 1024).Fill((byte)(200 + r));
            bytes[o + 1] = 255;
        }

        return bytes;
    }

    private string Write(string name, byte[] bytes)
    {
        string path = temp.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Test]
    public void ReadsRecordsAsChannelPlanes()
    {
        var data = Cifar10Reader.Load(Write("data_batch_1.bin", Batch(6, 9, 0)));
        var image = data.GetImage(1).ToArray();
        Assert.Multiple(() =>
        {
            Assert.That(data.Name, Is.EqualTo("cifar10"));
            Assert.That(data.Count, Is.EqualTo(3));
            Assert.That((data.Channels, data.Height, data.Width), Is.EqualTo((3, 32, 32)));
            Assert.That(data.Labels, Is.EqualTo(new[] { 6, 9, 0 }));
            Assert.That(data.ClassNames[6], Is.EqualTo("frog"));
            Assert.That(image[0], Is.EqualTo(1f));
            Assert.That(image[1], Is.EqualTo(1 / 255f));
            Assert.That(image[1023], Is.EqualTo(1 / 255f));
            Assert.That(image[1024], Is.EqualTo(101 / 255f));
            Assert.That(image[2048], Is.EqualTo(201 / 255f));
            Assert.That(image[3071], Is.EqualTo(201 / 255f));
        });
    }

    [Test]
    public void ConcatenatesBatchesInOrder()
    {
        var data = Cifar10Reader.Load(Write("a.bin", Batch(1, 2)), Write("b.bin", Batch(3)));
        Assert.That(data.Labels, Is.EqualTo(new[] { 1, 2, 3 }));
    }

    [TestCase(3073 * 2 + 5)]
    [TestCase(3072)]
    [TestCase(0)]
    public void SizeNotAMultipleOfTheRecordIsNamed(int size)
    {
        string good = Write("good.bin", Batch(1));
        string path = Write("bad.bin", new byte[size]);
        Assert.That(() => Cifar10Reader.Load(good, path),
            Throws.TypeOf<DatasetException>().With.Message.EqualTo(
                $"{path}: size {size} bytes is not a positive multiple of the 3073-byte CIFAR-10 record (1 label + 3×32×32 pixels)"));
    }

    [Test]
    public void LabelAboveNineIsNamed()
    {
        string path = Write("bad.bin", Batch(3, 10, 4));
        Assert.That(() => Cifar10Reader.Load(path),
            Throws.TypeOf<DatasetException>().With.Message.EqualTo($"{path}: record 1 has label 10; CIFAR-10 labels are 0…9"));
    }

    [Test]
    public void NoFilesOrMissingFile()
    {
        Assert.That(() => Cifar10Reader.Load(), Throws.TypeOf<DatasetException>().With.Message.EqualTo("no CIFAR-10 batch files given"));
        string missing = Path.Combine(temp.Path, "nope.bin");
        Assert.That(() => Cifar10Reader.Load(missing), Throws.TypeOf<DatasetException>().With.Message.EqualTo(missing + ": file not found"));
    }
}
