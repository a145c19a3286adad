using ZooForge.TestSupport;
using ZooForge.Core.Errors;
using ZooForge.Data.Datasets;
using ZooForge.Data.Formats;

namespace ZooForge.Data.Tests.Formats;

[TestFixture]
public sealed class ImageFolderReaderTests
{
    private TempFolder temp = null!;

    [SetUp]
    public void SetUp() => temp = new TempFolder();

    [TearDown]
    public void TearDown() => temp.Dispose();

    /// <summary>2×2 RGB: red, green / blue, white.</summary>
    private static readonly byte[] Quad = [255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 255];

    private void Write(string relative, byte[] bytes) => File.WriteAllBytes(temp.File(relative.Split('/')), bytes);

    /// <summary>
    /// Classes "Dog" and "cat" (ordinal: upper case first) plus ignored entries; "cat" holds a PNG
    /// and a BMP whose ordinal order differs from their write order.
    /// </summary>
    private void WriteTree()
    {
        Write("cat/b.png", TestImages.Png(2, 2, 3, Quad));
        Write("cat/a.BMP", TestImages.Bmp(2, 2, [10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120]));
        Write("cat/notes.txt", [1, 2, 3]);
        Write("cat/.hidden.png", [1, 2, 3]);
        Write("Dog/x.png", TestImages.Png(2, 2, 1, [0, 51, 102, 255]));
        Write("top-level.png", TestImages.Png(2, 2, 1, [0, 0, 0, 0]));
        Write(".git/ignored.png", [1, 2, 3]);
    }

    [Test]
    public void ClassesAndImagesAreSortedOrdinally()
    {
        WriteTree();
        var data = ImageFolderReader.Load(temp.Path, 3, 2, 2, "pets");
        Assert.Multiple(() =>
        {
            Assert.That(data.Name, Is.EqualTo("pets"));
            Assert.That(data.ClassNames, Is.EqualTo(new[] { "Dog", "cat" }));
            Assert.That(data.Labels, Is.EqualTo(new[] { 0, 1, 1 }));
            Assert.That((data.Channels, data.Height, data.Width), Is.EqualTo((3, 2, 2)));
        });
    }

    [Test]
    public void RgbPlanesAreKeptExactlyAtNativeSize()
    {
        WriteTree();
        var data = ImageFolderReader.Load(temp.Path, 3, 2, 2);
        float[] Expected(params int[] bytes) => bytes.Select(b => b / 255f).ToArray();
        Assert.Multiple(() =>
        {
            // cat/a.BMP comes first: R plane, G plane, B plane
            Assert.That(data.GetImage(1).ToArray(), Is.EqualTo(Expected(10, 40, 70, 100, 20, 50, 80, 110, 30, 60, 90, 120)));
            // cat/b.png: red, green / blue, white
            Assert.That(data.GetImage(2).ToArray(), Is.EqualTo(Expected(255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255)));
            // Dog/x.png is grey: repeated into all three planes
            Assert.That(data.GetImage(0).ToArray(), Is.EqualTo(Expected(0, 51, 102, 255, 0, 51, 102, 255, 0, 51, 102, 255)));
        });
    }

    [Test]
    public void GreyscaleUsesBt601Luma()
    {
        WriteTree();
        var data = ImageFolderReader.Load(temp.Path, 1, 2, 2);
        Assert.Multiple(() =>
        {
            Assert.That(data.Channels, Is.EqualTo(1));
            Assert.That(data.GetImage(0).ToArray(), Is.EqualTo(new[] { 0f, 51 / 255f, 102 / 255f, 1f }), "grey stays exact");
            Assert.That(data.GetImage(2).ToArray(),
                Is.EqualTo(new[] { 299 * 255 / 1000f / 255f, 587 * 255 / 1000f / 255f, 114 * 255 / 1000f / 255f, 1f }));
            Assert.That(data.GetImage(2)[0], Is.EqualTo(0.299f).Within(1e-6f));
        });
    }

    [Test]
    public void AlphaIsDropped()
    {
        Write("only/rgba.png", TestImages.Png(1, 1, 4, [200, 100, 50, 0]));
        var data = ImageFolderReader.Load(temp.Path, 3, 1, 1);
        Assert.That(data.GetImage(0).ToArray(), Is.EqualTo(new[] { 200 / 255f, 100 / 255f, 50 / 255f }));
    }

    [Test]
    public void ImagesAreResizedBilinearly()
    {
        // A linear ramp f(x, y) = x + 4y on 4×4 grey levels is reproduced exactly by bilinear
        // interpolation; 4×4 → 2×2 samples the centres (0.5, 2.5) of each 2×2 block.
        var ramp = Enumerable.Range(0, 16).Select(i => (byte)(10 * ((i % 4) + (4 * (i / 4))))).ToArray();
        Write("ramp/r.png", TestImages.Png(4, 4, 1, ramp));
        var small = ImageFolderReader.Load(temp.Path, 1, 2, 2).GetImage(0).ToArray();
        Assert.That(small, Is.EqualTo(new[] { 25f, 45f, 105f, 125f }.Select(v => v / 255f)).Within(1e-6f));

        var wide = ImageFolderReader.Load(temp.Path, 1, 4, 8).GetImage(0).ToArray();
        Assert.That(wide, Has.Length.EqualTo(32));
        Assert.That(wide[0], Is.EqualTo(0f));
        Assert.That(wide[31], Is.EqualTo(150 / 255f).Within(1e-6f));
    }

    [Test]
    public void ResizeFollowsTheDocumentedFormula()
    {
        float[] source = [0, 1, 2, 3]; // 2×2: f = x + 2y
        float[] up = ImageFolderReader.Resize(source, 1, 2, 2, 4, 4);
        // source coordinates for 2 → 4: (i + ½)·½ − ½ = −¼ (clamped to 0), ¼, ¾, 1¼ (clamped to 1)
        double[] s = [0, 0.25, 0.75, 1];
        var expected = from y in s from x in s select (float)(x + (2 * y));
        Assert.Multiple(() =>
        {
            Assert.That(up, Is.EqualTo(expected));
            Assert.That(ImageFolderReader.Resize(source, 1, 2, 2, 2, 2), Is.EqualTo(source), "same size copies");
            Assert.That(ImageFolderReader.Resize([1, 2, 3, 4, 5, 6, 7, 8], 2, 2, 2, 1, 1), Is.EqualTo(new[] { 2.5f, 6.5f }), "planes separately");
        });
    }

    [Test]
    public void UndecodableImageIsNamed()
    {
        WriteTree();
        Write("cat/c.jpg", [0xFF, 0xD8, 0xFF, 0x00, 0x01, 0x02]);
        string path = Path.Combine(temp.Path, "cat", "c.jpg");
        var ex = Assert.Throws<DatasetException>(() => ImageFolderReader.Load(temp.Path, 3, 2, 2))!;
        Assert.Multiple(() =>
        {
            Assert.That(ex.Message, Does.StartWith(path + ": cannot decode image"));
            Assert.That(ex.SourceName, Is.EqualTo(path));
        });
    }

    [Test]
    public void EmptyClassFolderIsAnError()
    {
        WriteTree();
        Directory.CreateDirectory(Path.Combine(temp.Path, "empty"));
        File.WriteAllText(Path.Combine(temp.Path, "empty", "readme.txt"), "no images");
        var ex = Assert.Throws<DatasetException>(() => ImageFolderReader.Load(temp.Path, 3, 2, 2))!;
        Assert.That(ex.Message, Does.StartWith(Path.Combine(temp.Path, "empty") + ": class folder has no images"));
    }

    [Test]
    public void RootWithoutClassFoldersIsAnError()
    {
        Write("loose.png", TestImages.Png(1, 1, 1, [0]));
        Assert.That(() => ImageFolderReader.Load(temp.Path, 1, 1, 1),
            Throws.TypeOf<DatasetException>().With.Message.EqualTo(temp.Path + ": no class folders; expected root/<class name>/<image files>"));
        Assert.That(() => ImageFolderReader.Load(Path.Combine(temp.Path, "nope"), 1, 1, 1),
            Throws.TypeOf<DatasetException>().With.Message.Contains("image folder not found"));
    }

    [Test]
    public void ChannelsMustBeOneOrThree()
    {
        Assert.Throws<InvalidInputException>(() => ImageFolderReader.Load(temp.Path, 2, 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageFolderReader.Load(temp.Path, 3, 0, 1));
    }
}
