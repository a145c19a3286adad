using ZooForge.Data.Datasets;

namespace ZooForge.Data.Tests.Datasets;

[TestFixture]
public sealed class ImageDatasetTests
{
    private static ImageDataset Small()
    {
        // 3 images of 2×1×2, pixel value = 10·image + position
        var pixels = new float[3 * 4];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (i / 4 * 10) + (i % 4);
        }

        return new ImageDataset("small", 2, 1, 2, 4, pixels, [3, 0, 1]);
    }

    [Test]
    public void ExposesShapeAndImages()
    {
        var data = Small();
        Assert.Multiple(() =>
        {
            Assert.That(data.Count, Is.EqualTo(3));
            Assert.That(data.ImageSize, Is.EqualTo(4));
            Assert.That(data.Classes, Is.EqualTo(4));
            Assert.That(data.ClassNames, Is.EqualTo(new[] { "0", "1", "2", "3" }));
            Assert.That(data.GetImage(1).ToArray(), Is.EqualTo(new float[] { 10, 11, 12, 13 }));
            Assert.That(data.CountPerClass(), Is.EqualTo(new[] { 1, 1, 0, 1 }));
        });
        Assert.Throws<ArgumentOutOfRangeException>(() => data.GetImage(3));
        Assert.Throws<ArgumentOutOfRangeException>(() => data.GetImage(-1));
    }

    [Test]
    public void SubsetCopiesChosenImagesInOrder()
    {
        var data = Small();
        var subset = data.Subset([2, 0, 2], "picked");
        Assert.Multiple(() =>
        {
            Assert.That(subset.Name, Is.EqualTo("picked"));
            Assert.That(subset.Count, Is.EqualTo(3));
            Assert.That(subset.Labels, Is.EqualTo(new[] { 1, 3, 1 }));
            Assert.That(subset.GetImage(0).ToArray(), Is.EqualTo(new float[] { 20, 21, 22, 23 }));
            Assert.That(subset.GetImage(1).ToArray(), Is.EqualTo(new float[] { 0, 1, 2, 3 }));
            Assert.That(subset.Pixels, Is.Not.SameAs(data.Pixels));
            Assert.That(data.Subset([]).Count, Is.Zero);
        });
        Assert.Throws<ArgumentOutOfRangeException>(() => data.Subset([0, 3]));
    }

    [Test]
    public void ConstructionValidates()
    {
        Assert.Multiple(() =>
        {
            Assert.That(() => new ImageDataset("x", 1, 2, 2, 2, new float[7], [0, 1]),
                Throws.TypeOf<DatasetException>().With.Message.Contains("do not make 2 images"));
            Assert.That(() => new ImageDataset("x", 1, 1, 1, 2, new float[2], [0, 2]),
                Throws.TypeOf<DatasetException>().With.Message.Contains("label 2 of image 1"));
            Assert.That(() => new ImageDataset("x", 1, 1, 1, 2, new float[2], [-1, 0]),
                Throws.TypeOf<DatasetException>().With.Message.Contains("label -1"));
            Assert.That(() => new ImageDataset("x", 0, 1, 1, 2, [], []),
                Throws.TypeOf<DatasetException>().With.Message.Contains("shape"));
            Assert.That(() => new ImageDataset("x", 1, 1, 1, 0, [], []),
                Throws.TypeOf<DatasetException>().With.Message.Contains("class count"));
            Assert.That(() => new ImageDataset("x", 1, 1, 1, 2, [0f, float.NaN], [0, 1]),
                Throws.TypeOf<DatasetException>().With.Message.Contains("image 1 is not finite"));
            Assert.That(() => new ImageDataset("x", 1, 1, 1, 2, new float[2], [0, 1], ["a"]),
                Throws.TypeOf<DatasetException>().With.Message.Contains("1 class names given for 2 classes"));
            Assert.That(() => new ImageDataset("x", 1, 1, 1, 2, new float[2], [0, 1], ["a", "a"]),
                Throws.TypeOf<DatasetException>().With.Message.Contains("not unique"));
        });
    }
}
