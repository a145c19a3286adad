using ZooForge.Core.Errors;
using ZooForge.Asic.Problem;

namespace ZooForge.Asic.Tests.Problem;

public class AsicLayerTests
{
    private static AsicLayer Conv(int inputHeight, int inputWidth = 0) => new()
    {
        Name = "c", Kind = LayerKind.Conv, K = 8, C = 4, R = 3, S = 3, P = 28, Q = 28, Stride = 2, InputHeight = inputHeight, InputWidth = inputWidth,
    };

    [Test]
    public void Leftover_rows_are_the_padded_input_past_the_last_window()
    {
        using (Assert.EnterMultipleScope())
        {
            Assert.That(Conv(0).LeftoverRows, Is.Zero);
            Assert.That(Conv(57).LeftoverRows, Is.Zero);
            Assert.That(Conv(58).LeftoverRows, Is.EqualTo(1));
            Assert.That(Conv(0, 58).LeftoverColumns, Is.EqualTo(1));
        }
    }

    [TestCase(56, 0)]
    [TestCase(59, 0)]
    [TestCase(58, 60)]
    public void An_input_the_windows_do_not_fit_is_refused(int height, int width)
    {
        var e = Assert.Throws<InvalidInputException>(() => Conv(height, width).Validate());
        Assert.That(e!.Message, Does.Contain("does not fit"));
    }
}
