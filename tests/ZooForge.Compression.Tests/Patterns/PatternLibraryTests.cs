using ZooForge.Core.Errors;
using System.Numerics;
using ZooForge.Compression.Patterns;

namespace ZooForge.Compression.Tests.Patterns;

public class PatternLibraryTests
{
    private static long Choose(int n, int k)
    {
        long c = 1;
        for (int i = 0; i < k; i++) c = c * (n - i) / (i + 1);
        return c;
    }

    [TestCase(1, 8)]
    [TestCase(2, 28)]
    [TestCase(3, 56)]
    [TestCase(4, 70)]
    public void ThreeByThreeCountsMatchTheIssue(int zeros, int expected)
    {
        Assert.That(PatternLibrary.Enumerate(3, zeros).Count, Is.EqualTo(expected));
        Assert.That(PatternLibrary.Count(3, zeros), Is.EqualTo(expected));
    }

    [Test]
    public void ThreeByThreePatternsKeepTheCentreAreDistinctAndHaveNineMinusZNonZeros()
    {
        for (int z = 1; z <= 8; z++)
        {
            var table = PatternLibrary.Enumerate(3, z);
            Assert.That(table.Kernel, Is.EqualTo(3));
            Assert.That(table.Count, Is.EqualTo(Choose(8, z)), $"z={z}");
            Assert.That(table.Masks, Is.Unique, $"z={z}");
            Assert.That(table.Masks, Is.Ordered.Ascending, $"z={z}");
            foreach (var mask in table.Masks)
            {
                Assert.That(mask >> PatternLibrary.Centre3x3 & 1, Is.EqualTo(1UL), $"centre dropped in {mask:x}");
                Assert.That(BitOperations.PopCount(mask), Is.EqualTo(9 - z));
                Assert.That(mask >> 9, Is.Zero, "bits outside the 3x3 kernel");
            }
            Assert.That(table.MaxNonZeros, Is.EqualTo(9 - z));
        }
    }

    [Test]
    public void FourNonZeroConventionIsFiveZeros()
    {
        var table = PatternLibrary.Enumerate(3, 5);
        Assert.That(table.Count, Is.EqualTo(56));
        Assert.That(table.Masks.All(m => BitOperations.PopCount(m) == 4), Is.True);
    }

    [Test]
    public void FiveByFiveCoreIsHotNasDiamondAndCountsAreComplete()
    {
        Assert.That(PatternLibrary.Core5x5, Is.EquivalentTo(new[] { 2, 10, 14, 22, 6, 7, 8, 11, 12, 13, 16, 17, 18 }));
        Assert.That(PatternLibrary.FreePositions(5), Is.EqualTo(new[] { 0, 1, 3, 4, 5, 9, 15, 19, 20, 21, 23, 24 }));
        ulong core = PatternLibrary.Core5x5.Aggregate(0UL, (m, p) => m | 1UL << p);
        for (int z = 1; z <= 12; z++)
        {
            var table = PatternLibrary.Enumerate(5, z);
            Assert.That(table.Count, Is.EqualTo(Choose(12, z)), $"z={z}");
            Assert.That(table.Masks, Is.Unique);
            Assert.That(table.Masks, Is.Ordered.Ascending);
            foreach (var mask in table.Masks)
            {
                Assert.That(mask & core, Is.EqualTo(core));
                Assert.That(BitOperations.PopCount(mask), Is.EqualTo(25 - z));
                Assert.That(mask >> 25, Is.Zero);
            }
        }
        Assert.That(PatternLibrary.Enumerate(5, 6).Count, Is.EqualTo(924), "HotNAS's 6-zero setting");
    }

    [Test]
    public void OffsetsAndRenderAgreeWithTheMask()
    {
        var table = PatternLibrary.Enumerate(3, 5);
        int[] offsets = table.Offsets(0);
        Assert.That(offsets, Has.Length.EqualTo(4).And.Contains(4));
        string text = PatternLibrary.Render(3, table.Masks[0]);
        Assert.That(text.Count(ch => ch == '1'), Is.EqualTo(4));
        Assert.That(text.Split('\n')[1][1], Is.EqualTo('1'));
    }

    [Test]
    public void KernelOneIsRejectedWithTheStatedMessage()
    {
        var e = Assert.Throws<InvalidInputException>(() => PatternLibrary.Enumerate(1, 1))!;
        Assert.That(e.Message, Does.Contain("patterns need a kernel of at least 3").And.Contain("1"));
    }

    [TestCase(2)]
    [TestCase(4)]
    [TestCase(7)]
    public void UnsupportedKernelsAreRejected(int kernel)
    {
        var e = Assert.Throws<InvalidInputException>(() => PatternLibrary.Enumerate(kernel, 1))!;
        Assert.That(e.Message, Does.Contain(kernel.ToString()));
    }

    [TestCase(3, 0)]
    [TestCase(3, 9)]
    [TestCase(3, -1)]
    [TestCase(5, 13)]
    public void ZerosOutOfRangeAreRejected(int kernel, int zeros)
    {
        var e = Assert.Throws<InvalidInputException>(() => PatternLibrary.Enumerate(kernel, zeros))!;
        Assert.That(e.Message, Does.Contain($"zeros {zeros}").And.Contain($"{kernel}x{kernel}"));
    }
}
