using ZooForge.Compression.Quantization;

namespace ZooForge.Compression.Tests.Quantization;

public class RequantizerTests
{
    [TestCase(5L, 1, 3L)]    // 2.5 -> 3 (half up)
    [TestCase(-5L, 1, -2L)]  // -2.5 -> -2 (half up, not away from zero)
    [TestCase(1L, 1, 1L)]    // 0.5 -> 1
    [TestCase(-1L, 1, 0L)]   // -0.5 -> 0
    [TestCase(3L, 1, 2L)]    // 1.5 -> 2
    [TestCase(-3L, 1, -1L)]  // -1.5 -> -1
    [TestCase(7L, 2, 2L)]    // 1.75 -> 2
    [TestCase(-7L, 2, -2L)]  // -1.75 -> -2
    [TestCase(6L, 2, 2L)]    // 1.5 -> 2
    [TestCase(-6L, 2, -1L)]  // -1.5 -> -1
    [TestCase(5L, 2, 1L)]    // 1.25 -> 1
    [TestCase(-5L, 2, -1L)]  // -1.25 -> -1
    [TestCase(42L, 0, 42L)]
    [TestCase(-42L, 0, -42L)]
    [TestCase(long.MaxValue / 2, 62, 1L)]
    public void RoundShiftRoundsHalfUp(long x, int shift, long expected) =>
        Assert.That(Requantizer.RoundShift(x, shift), Is.EqualTo(expected));

    [Test]
    public void RoundShiftMatchesFloorOfHalfUpEverywhere()
    {
        for (int shift = 1; shift <= 6; shift++)
            for (long x = -300; x <= 300; x++)
                Assert.That(Requantizer.RoundShift(x, shift), Is.EqualTo((long)Math.Floor(x / Math.Pow(2, shift) + 0.5)), $"x={x} shift={shift}");
    }

    [TestCase(-1)]
    [TestCase(63)]
    public void RoundShiftRejectsShiftsOutsideRange(int shift) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Requantizer.RoundShift(1, shift));

    [Test]
    public void DecomposeKeeps31SignificantBits()
    {
        var random = new Random(7);
        var values = new List<double>();
        // m in [2^-31, 2^31 - 0.5): the whole representable range.
        for (int e = -31; e <= 29; e++)
        {
            values.Add(Math.Pow(2, e));
            values.Add(Math.Pow(2, e) * 1.5);
            values.Add(Math.Pow(2, e) * (2 - 1e-12));
            for (int i = 0; i < 20; i++) values.Add(Math.Pow(2, e) * (1 + random.NextDouble()));
        }
        values.Add(Math.Pow(2, 30) * 1.5);
        values.Add(2147483647.49);
        values.Add(2147483646.0);
        foreach (double m in values)
        {
            var (m0, shift) = Requantizer.Decompose(m);
            double represented = m0 * Math.Pow(2, -shift);
            Assert.Multiple(() =>
            {
                Assert.That(Math.Abs(represented - m) / m, Is.LessThan(Math.Pow(2, -30)), $"m={m:R}");
                Assert.That(m0, Is.GreaterThanOrEqualTo(1 << 30), $"m={m:R}: M0 below 2^30 loses precision");
                Assert.That(shift, Is.InRange(0, 62));
            });
        }
    }

    [Test]
    public void DecomposeOfPowersOfTwoIsExact()
    {
        Assert.That(Requantizer.Decompose(1.0), Is.EqualTo((1 << 30, 30)));
        Assert.That(Requantizer.Decompose(0.5), Is.EqualTo((1 << 30, 31)));
        Assert.That(Requantizer.Decompose(Math.Pow(2, -7)), Is.EqualTo((1 << 30, 37)));
    }

    [TestCase(0.0)]
    [TestCase(-1.0)]
    [TestCase(double.NaN)]
    [TestCase(double.PositiveInfinity)]
    [TestCase(2147483648.0)]
    [TestCase(2147483647.5)]
    [TestCase(2147483647.9)]
    public void DecomposeRejectsUnrepresentable(double m) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Requantizer.Decompose(m));

    [Test]
    public void RequantizeSaturates()
    {
        var (m0, shift) = Requantizer.Decompose(0.5);
        Assert.Multiple(() =>
        {
            Assert.That(Requantizer.Requantize(1000, m0, shift, -128, 127), Is.EqualTo(127));
            Assert.That(Requantizer.Requantize(-1000, m0, shift, -128, 127), Is.EqualTo(-128));
            Assert.That(Requantizer.Requantize(-1000, m0, shift, 0, 127), Is.EqualTo(0));
            Assert.That(Requantizer.Requantize(201, m0, shift, -128, 127), Is.EqualTo(101)); // 100.5 -> 101
            Assert.That(Requantizer.Requantize(-201, m0, shift, -128, 127), Is.EqualTo(-100)); // -100.5 -> -100
            Assert.That(Requantizer.Requantize(int.MaxValue, int.MaxValue, 62, -128, 127), Is.EqualTo(1));
            Assert.That(Requantizer.Saturate(long.MaxValue, -8, 7), Is.EqualTo(7));
            Assert.That(Requantizer.Saturate(long.MinValue, -8, 7), Is.EqualTo(-8));
        });
    }

    [Test]
    public void QuantizeRoundsHalfAwayAndClamps()
    {
        Assert.Multiple(() =>
        {
            Assert.That(Requantizer.Quantize(2.5, 1, -128, 127), Is.EqualTo(3));
            Assert.That(Requantizer.Quantize(-2.5, 1, -128, 127), Is.EqualTo(-3));
            Assert.That(Requantizer.Quantize(1000, 1, -128, 127), Is.EqualTo(127));
            Assert.That(Requantizer.Quantize(-1000, 1, -128, 127), Is.EqualTo(-128));
            Assert.That(Requantizer.SignedRange(8), Is.EqualTo((-128, 127)));
            Assert.That(Requantizer.SignedRange(16), Is.EqualTo((-32768, 32767)));
        });
    }
}
