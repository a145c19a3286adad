using ZooForge.Core.Errors;
using ZooForge.Compression.Expansion;
using ZooForge.Compression.Tests.Patterns;
using ZooForge.Graph.Layers;
using ZooForge.Graph.Model;
using ZooForge.Graph.Zoo;

namespace ZooForge.Compression.Tests.Expansion;

public class KernelExpansionTests
{
    /// <summary>Direct reference convolution of one C×H×W image.</summary>
    private static float[] Convolve(Conv2dLayer c, TensorShape x, float[] input, WeightTensor weight, WeightTensor? bias, out TensorShape y)
    {
        y = c.InferOutputShape([x]);
        int inPerGroup = c.InChannels / c.Groups, outPerGroup = c.OutChannels / c.Groups, k = c.Kernel;
        var output = new float[y.Elements];
        for (int m = 0; m < c.OutChannels; m++)
        {
            int g = m / outPerGroup;
            for (int oy = 0; oy < y.Height; oy++)
                for (int ox = 0; ox < y.Width; ox++)
                {
                    float acc = bias?.Data[m] ?? 0f;
                    for (int n = 0; n < inPerGroup; n++)
                        for (int r = 0; r < k; r++)
                            for (int s = 0; s < k; s++)
                            {
                                int iy = oy * c.Stride - c.Padding + r, ix = ox * c.Stride - c.Padding + s;
                                if (iy < 0 || ix < 0 || iy >= x.Height || ix >= x.Width) continue;
                                float v = input[((g * inPerGroup + n) * x.Height + iy) * x.Width + ix];
                                acc += weight.Data[((m * inPerGroup + n) * k + r) * k + s] * v;
                            }
                    output[(m * y.Height + oy) * y.Width + ox] = acc;
                }
        }
        return output;
    }

    private static Network Mixed()
    {
        var b = new NetworkBuilder("mixed", new TensorShape(4, 11, 9));
        string x = b.Conv("same", b.Input, 8, kernel: 3, padding: 1);
        x = b.Conv("strided", x, 8, kernel: 3, stride: 2, bias: false);
        x = b.DepthwiseConv("dw", x, kernel: 3, padding: 1, bias: true);
        x = b.Conv("grouped", x, 8, kernel: 3, padding: 1, groups: 2);
        x = b.Conv("five", x, 6, kernel: 5, padding: 2, stride: 1);
        x = b.Conv("one", x, 4, kernel: 1);
        b.Linear("fc", b.Flatten("flatten", x), 3);
        return b.Build();
    }

    [TestCase("same")]
    [TestCase("strided")]
    [TestCase("dw")]
    [TestCase("grouped")]
    [TestCase("five")]
    [TestCase("one")]
    public void ExpandedConvolutionComputesTheSameOutput(string layer)
    {
        var network = Mixed();
        var weights = TestWeights.Random(network, 17);
        var original = TestWeights.Clone(weights);
        var (expanded, expandedWeights) = KernelExpansion.Expand(network, weights, [layer]);
        Assert.That(TestWeights.SameAs(weights, original), Is.True, "input weights were mutated");

        var before = (Conv2dLayer)network[layer].Layer;
        var after = (Conv2dLayer)expanded[layer].Layer;
        Assert.That(after.Kernel, Is.EqualTo(before.Kernel + 2));
        Assert.That(after.Padding, Is.EqualTo(before.Padding + 1));
        Assert.That(after.Stride, Is.EqualTo(before.Stride));
        Assert.That(after.Groups, Is.EqualTo(before.Groups));
        Assert.That(expanded.Nodes.Select(n => n.OutputShape), Is.EqualTo(network.Nodes.Select(n => n.OutputShape)));
        Assert.DoesNotThrow(() => expandedWeights.Validate(expanded));

        var shape = network[layer].InputShapes[0];
        var rng = new Random(99);
        var input = Enumerable.Range(0, (int)shape.Elements).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        weights.TryGet($"{layer}.bias", out var bias);
        var reference = Convolve(before, shape, input, weights.Get($"{layer}.weight"), bias, out var y1);
        expandedWeights.TryGet($"{layer}.bias", out var bias2);
        var result = Convolve(after, shape, input, expandedWeights.Get($"{layer}.weight"), bias2, out var y2);
        Assert.That(y2, Is.EqualTo(y1));
        Assert.That(result, Is.EqualTo(reference), "the expanded convolution must be bit-identical");
    }

    [Test]
    public void WeightsAreCentredInARingOfZeros()
    {
        var w = new WeightTensor([1, 1, 3, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9]);
        var e = KernelExpansion.PadKernel(w);
        Assert.That(e.Shape, Is.EqualTo(new[] { 1, 1, 5, 5 }));
        Assert.That(e.Data, Is.EqualTo(new float[]
        {
            0, 0, 0, 0, 0,
            0, 1, 2, 3, 0,
            0, 4, 5, 6, 0,
            0, 7, 8, 9, 0,
            0, 0, 0, 0, 0,
        }));
    }

    [Test]
    public void WholeZooModelExpandsAndValidates()
    {
        var (network, weights, _) = ZooCatalogue.Open().Load("mnist_resnet");
        var threes = network.Nodes.Select(n => n.Layer).OfType<Conv2dLayer>().Where(c => c.Kernel == 3).Select(c => c.Name).ToList();
        var (expanded, expandedWeights) = KernelExpansion.Expand(network, weights, threes);
        Assert.That(expanded.Nodes.Select(n => n.OutputShape), Is.EqualTo(network.Nodes.Select(n => n.OutputShape)));
        Assert.That(threes.All(n => ((Conv2dLayer)expanded[n].Layer).Kernel == 5), Is.True);
        expandedWeights.Validate(expanded);
    }

    [Test]
    public void UnknownOrNonConvLayersAreRejectedNamingThem()
    {
        var network = Mixed();
        var weights = TestWeights.Random(network, 1);
        var e = Assert.Throws<InvalidInputException>(() => KernelExpansion.Expand(network, weights, ["missing"]))!;
        Assert.That(e.Message, Does.Contain("'missing'"));
        e = Assert.Throws<InvalidInputException>(() => KernelExpansion.Expand(network, weights, ["fc"]))!;
        Assert.That(e.Message, Does.Contain("'fc'"));
    }
}
