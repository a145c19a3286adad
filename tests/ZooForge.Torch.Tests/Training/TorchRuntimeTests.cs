using ZooForge.Torch.Training;
using static TorchSharp.torch;

namespace ZooForge.Torch.Tests.Training;

/// <summary>The process-wide torch settings: convolutions are right for every channel count.</summary>
public class TorchRuntimeTests
{
    [OneTimeSetUp]
    public void Configure() => TorchRuntime.Configure();

    // libtorch 2.10's oneDNN pads channel counts to its SIMD block (16 with AVX-512, 8 with AVX2)
    // and then got 24-channel convolutions (the 24 channels left by mnist_vgg's features.7 cut by a quarter) wrong
    // on AVX-512, and 20-channel ones on AVX2: outputs off by up to about 1, NaN in some batches, wrong
    // gradients. 16 and 32 are multiples of both blocks, for contrast.
    [TestCase(24, 24)]
    [TestCase(20, 20)]
    [TestCase(40, 24)]
    [TestCase(16, 24)]
    [TestCase(32, 32)]
    public void A_float32_convolution_and_its_gradients_match_float64(int inChannels, int outChannels)
    {
        Assert.That(TorchRuntime.OneDnnEnabled, Is.False);
        Assert.That(TorchRuntime.NnpackEnabled, Is.False, "NNPACK off too (its probe warns on every convolution where unsupported)");
        manual_seed(11);
        for (int repeat = 0; repeat < 3; repeat++)
        {
            using var scope = NewDisposeScope();
            var x = rand(64, inChannels, 14, 14).requires_grad_();
            var w = (randn(outChannels, inChannels, 3, 3) * 0.1).requires_grad_();
            var y = nn.functional.conv2d(x, w, padding: [1, 1]);
            y.square().sum().backward();

            var x64 = x.detach().to_type(ScalarType.Float64).requires_grad_();
            var w64 = w.detach().to_type(ScalarType.Float64).requires_grad_();
            var y64 = nn.functional.conv2d(x64, w64, padding: [1, 1]);
            y64.square().sum().backward();

            using (Assert.EnterMultipleScope())
            {
                Assert.That(y.isfinite().all().item<bool>(), Is.True, $"repeat {repeat}: non-finite output");
                Assert.That(MaxRelativeError(y, y64), Is.LessThan(1e-5), $"repeat {repeat}: output");
                Assert.That(MaxRelativeError(x.grad!, x64.grad!), Is.LessThan(1e-5), $"repeat {repeat}: input gradient");
                Assert.That(MaxRelativeError(w.grad!, w64.grad!), Is.LessThan(1e-5), $"repeat {repeat}: weight gradient");
            }
        }
    }

    /// <summary>max |a − b| / max |b| (NaN when <paramref name="actual"/> holds a NaN).</summary>
    private static double MaxRelativeError(Tensor actual, Tensor expected) =>
        (actual.detach().to_type(ScalarType.Float64) - expected.detach()).abs().max().item<double>() / expected.detach().abs().max().item<double>();
}
