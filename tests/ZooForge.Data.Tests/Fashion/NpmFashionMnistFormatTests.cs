using ZooForge.TestSupport;
using System.Text;
using ZooForge.Data.Cache;
using ZooForge.Data.Datasets;
using ZooForge.Data.Fashion;

namespace ZooForge.Data.Tests.Fashion;

/// <summary>The class-file loader on small synthetic copies of the package layout, and the cache errors.</summary>
[TestFixture]
public sealed class NpmFashionMnistFormatTests
{
    private TempFolder temp = null!;

    [SetUp]
    public void SetUp() => temp = new TempFolder();

    [TearDown]
    public void TearDown() => temp.Dispose();

    private string ClassPath(int label) => temp.File("package", "src", "clothes", $"{label}.json");

    private static string Image(int level) => "[" + string.Join(',', Enumerable.Repeat(level, 784)) + "]";

    /// <summary>Class c holds c+1 images of grey level 10·c, and class 0 also an empty entry, as the published 0.json does.</summary>
    private void WriteValidPackage()
    {
        for (int c = 0; c < 10; c++)
        {
            var images = Enumerable.Range(0, c + 1).Select(_ => Image(10 * c)).ToList();
            if (c == 0) images.Add("[]");
            File.WriteAllText(ClassPath(c), "{\"data\":[" + string.Join(',', images) + "]}");
        }
    }

    [Test]
    public void LoadsClassFilesInOrderSkippingEmptyEntries()
    {
        WriteValidPackage();
        var data = NpmFashionMnist.LoadFrom(temp.Path);
        Assert.Multiple(() =>
        {
            Assert.That(data.Count, Is.EqualTo(55));
            Assert.That(data.Name, Is.EqualTo("fashion-mnist"));
            Assert.That(data.CountPerClass(), Is.EqualTo(Enumerable.Range(1, 10).ToArray()));
            Assert.That(data.ClassNames![9], Is.EqualTo("ankle boot"));
            Assert.That(data.GetImage(54)[0], Is.EqualTo(90 / 255f));
            Assert.That(data.Labels[54], Is.EqualTo(9));
        });
    }

    [TestCase("{\"data\":[[1,2,3]]}", "entry 0 of \"data\" has 3 pixels, not 784")]
    [TestCase("{\"data\":[[256" + "]]}", "pixel 0 is 256, not an integer grey level 0…255")]
    [TestCase("{\"data\":[[0.5]]}", "pixel 0 is 0.5, not an integer grey level")]
    [TestCase("{\"data\":[7]}", "entry 0 of \"data\" is a Number, not an array")]
    [TestCase("{\"pixels\":[]}", "unexpected member 'pixels'")]
    [TestCase("{\"data\":[]}", "holds no images")]
    [TestCase("{\"data\":[[1,2", "invalid JSON")]
    public void RejectsMalformedClassFilesNamingTheFile(string text, string expected)
    {
        WriteValidPackage();
        File.WriteAllText(ClassPath(3), text);
        var e = Assert.Throws<DatasetException>(() => NpmFashionMnist.LoadFrom(temp.Path));
        Assert.That(e!.Message, Does.StartWith(ClassPath(3) + ": ").And.Contain(expected));
    }

    [Test]
    public void MissingClassFileNamesTheFetchCommand()
    {
        WriteValidPackage();
        File.Delete(ClassPath(7));
        var e = Assert.Throws<DatasetException>(() => NpmFashionMnist.LoadFrom(temp.Path));
        Assert.That(e!.Message, Does.Contain("Fashion-MNIST").And.Contain("zooforge data fetch"));
    }

    [Test]
    public void EmptyCacheAndTruncatedCopyAreMissingDataNotAParseError()
    {
        var cache = new DataCache(temp.Path);
        var missing = Assert.Throws<DatasetException>(() => NpmFashionMnist.Load(cache));
        Assert.That(missing!.Message, Does.Contain("missing or incomplete").And.Contain(NpmFashionMnist.PackageDirectory(cache)).And.Contain("zooforge data fetch"));

        // A copy with the right file names but not the published sizes (a truncated download) is incomplete too.
        string dir = NpmFashionMnist.PackageDirectory(cache);
        for (int c = 0; c < 10; c++)
        {
            string path = Path.Combine(dir, NpmFashionMnist.ClassFile(c));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, "{\"data\":[" + Image(1) + "]}", Encoding.UTF8);
        }
        Assert.That(NpmFashionMnist.IsComplete(dir), Is.False);
        Assert.Throws<DatasetException>(() => NpmFashionMnist.Load(cache));
    }

    [Test]
    public void SplitIsSeededDisjointAndSized()
    {
        var a = NpmFashionMnist.DefaultSplit();
        var b = NpmFashionMnist.DefaultSplit();
        Assert.Multiple(() =>
        {
            Assert.That(a.Train, Has.Length.EqualTo(60_000));
            Assert.That(a.Validation, Has.Length.EqualTo(10_000));
            Assert.That(a.Train.Intersect(a.Validation), Is.Empty);
            Assert.That(b.Validation, Is.EqualTo(a.Validation));
            Assert.That(a.Validation.Take(5), Is.Not.EqualTo(Enumerable.Range(0, 5)), "shuffled, not the first images");
        });
    }
}
