using ZooForge.TestSupport;
using System.Buffers.Binary;
using System.IO.Compression;
using ZooForge.Data.Datasets;
using ZooForge.Data.Formats;

namespace ZooForge.Data.Tests.Formats;

[TestFixture]
public sealed class IdxReaderTests
{
    private TempFolder temp = null!;

    [SetUp]
    public void SetUp() => temp = new TempFolder();

    [TearDown]
    public void TearDown() => temp.Dispose();

    private static byte[] Idx(int magic, int[] dims, byte[] data)
    {
        var bytes = new byte[4 + (4 * dims.Length) + data.Length];
        BinaryPrimitives.WriteInt32BigEndian(bytes, magic);
        for (int d = 0; d < dims.Length; d++)
        {
            BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + (4 * d)), dims[d]);
        }

        data.CopyTo(bytes, 4 + (4 * dims.Length));
        return bytes;
    }

    /// <summary>3 images of 2×3 with pixel = 40·image + position; labels 7, 0, 9.</summary>
    private static byte[] Images() =>
        Idx(0x803, [3, 2, 3], Enumerable.Range(0, 18).Select(i => (byte)((40 * (i / 6)) + (i % 6))).ToArray());

    private static byte[] Labels() => Idx(0x801, [3], [7, 0, 9]);

    private string Write(string name, byte[] bytes, bool gzip = false)
    {
        string path = temp.File(name);
        if (gzip)
        {
            using var file = File.Create(path);
            using var stream = new GZipStream(file, CompressionLevel.Fastest);
            stream.Write(bytes);
        }
        else
        {
            File.WriteAllBytes(path, bytes);
        }

        return path;
    }

    [TestCase(false)]
    [TestCase(true)]
    public void ReadsImagesAndLabels(bool gzip)
    {
        string suffix = gzip ? ".gz" : "";
        var data = IdxReader.LoadIdx(
            Write("t10k-images-idx3-ubyte" + suffix, Images(), gzip), Write("t10k-labels-idx1-ubyte" + suffix, Labels(), gzip));
        Assert.Multiple(() =>
        {
            Assert.That(data.Name, Is.EqualTo("t10k-images-idx3-ubyte"));
            Assert.That(data.Count, Is.EqualTo(3));
            Assert.That((data.Channels, data.Height, data.Width), Is.EqualTo((1, 2, 3)));
            Assert.That(data.Classes, Is.EqualTo(10));
            Assert.That(data.Labels, Is.EqualTo(new[] { 7, 0, 9 }));
            Assert.That(data.GetImage(2).ToArray(), Is.EqualTo(new[] { 80, 81, 82, 83, 84, 85 }.Select(b => b / 255f)));
        });
    }

    [Test]
    public void GzipIsRecognisedByContentNotName()
    {
        var data = IdxReader.LoadIdx(Write("images.idx", Images(), gzip: true), Write("labels.idx.gz", Labels()), name: "mine");
        Assert.That((data.Name, data.Count), Is.EqualTo(("mine", 3)));
    }

    [Test]
    public void BadMagicIsNamed()
    {
        string images = Write("images", Images());
        string labels = Write("labels", Labels());
        var ex = Assert.Throws<DatasetException>(() => IdxReader.LoadIdx(labels, images))!;
        Assert.That(ex.Message, Is.EqualTo($"{labels}: bad magic number 0x00000801; expected 0x00000803 (IDX images: unsigned bytes, 3 dimensions)"));

        string float32 = Write("float-images", Idx(0x0D03, [1, 1, 1], [0, 0, 0, 0]));
        Assert.That(() => IdxReader.ReadImages(float32),
            Throws.TypeOf<DatasetException>().With.Message.StartWith(float32 + ": bad magic number 0x00000D03"));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void TruncatedDataIsNamed(bool gzip)
    {
        byte[] images = Images();
        string path = Write("images", images[..^1], gzip);
        var ex = Assert.Throws<DatasetException>(() => IdxReader.LoadIdx(path, Write("labels", Labels())))!;
        Assert.That(ex.Message, Is.EqualTo($"{path}: truncated: the header promises 3×2×3 = 18 bytes of data, but only 17 follow"));
    }

    [Test]
    public void TruncatedHeaderIsNamed()
    {
        string labels = Write("labels", Labels()[..6]);
        Assert.That(() => IdxReader.ReadLabels(labels),
            Throws.TypeOf<DatasetException>().With.Message.EqualTo($"{labels}: truncated: 6 bytes, too short for the 8-byte IDX header"));
        string tiny = Write("tiny", [0, 0]);
        Assert.That(() => IdxReader.ReadLabels(tiny),
            Throws.TypeOf<DatasetException>().With.Message.StartWith($"{tiny}: truncated: 2 bytes"));
    }

    [Test]
    public void TrailingBytesAreAnError()
    {
        string labels = Write("labels", [.. Labels(), 1]);
        Assert.That(() => IdxReader.ReadLabels(labels),
            Throws.TypeOf<DatasetException>().With.Message.StartWith($"{labels}: 1 unexpected bytes after"));
    }

    [Test]
    public void CountMismatchNamesBothFiles()
    {
        string images = Write("images", Images());
        string labels = Write("labels", Idx(0x801, [2], [1, 2]));
        var ex = Assert.Throws<DatasetException>(() => IdxReader.LoadIdx(images, labels))!;
        Assert.That(ex.Message, Is.EqualTo($"{labels}: has 2 labels but {images} has 3 images"));
    }

    [Test]
    public void LabelOutOfRangeIsNamed()
    {
        string images = Write("images", Images());
        string labels = Write("labels", Idx(0x801, [3], [1, 10, 2]));
        Assert.That(() => IdxReader.LoadIdx(images, labels),
            Throws.TypeOf<DatasetException>().With.Message.EqualTo($"{labels}: label 10 at index 1 is outside [0, 10)"));
        Assert.That(IdxReader.LoadIdx(images, labels, classes: 26).Labels, Is.EqualTo(new[] { 1, 10, 2 }));
    }

    [Test]
    public void CorruptGzipAndMissingFileAreNamed()
    {
        string corrupt = Write("images.gz", [0x1F, 0x8B, 0x08, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x03, 0xFF, 0xFF, 0xFF]);
        Assert.That(() => IdxReader.ReadImages(corrupt),
            Throws.TypeOf<DatasetException>().With.Message.StartWith(corrupt + ": "));
        string missing = Path.Combine(temp.Path, "missing-images");
        Assert.That(() => IdxReader.ReadImages(missing),
            Throws.TypeOf<DatasetException>().With.Message.EqualTo(missing + ": file not found"));
    }
}
