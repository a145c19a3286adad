using ZooForge.Compression.Reference;
using ZooForge.Compression.Tests.Quantization;
using ZooForge.Graph.Model;

namespace ZooForge.Compression.Tests.Reference;

public class FloatReferenceTests
{
    private static readonly float[] Grid = [1, 2, 3, 4, -5, 6, 7, 8, -9];

    private static double[] RunOne(Func<NetworkBuilder, string> build, TensorShape input, float[] image, NetworkWeights? weights = null)
    {
        var b = new NetworkBuilder("t", input);
        string name = build(b);
        return FloatReference.Run(b.Build(), weights ?? new NetworkWeights(), image)[name];
    }

    [Test]
    public void AveragePoolingDividesByTheWindowClippedToThePaddedInput()
    {
        // ceil_mode: 3x3 -> 2x2 with windows of 4, 2, 2 and 1 positions.
        var y = RunOne(b => b.AvgPool("p", b.Input, kernel: 2, stride: 2, ceilMode: true), new(1, 3, 3), Grid);
        Assert.That(y, Is.EqualTo(new[] { 0.5, 4.5, 7.5, -9.0 }));
        // count_include_pad: padding 1 counts, every window divides by 9.
        y = RunOne(b => b.AvgPool("p", b.Input, kernel: 3, stride: 2, padding: 1), new(1, 3, 3), Grid);
        Assert.That(y, Is.EqualTo(new[] { 2 / 9.0, 6 / 9.0, 14 / 9.0, 0.0 }).Within(1e-15));
    }

    [Test]
    public void MaxPoolingNeverPicksPadding()
    {
        var negative = Grid.Select(v => -Math.Abs(v)).ToArray();
        var y = RunOne(b => b.MaxPool("p", b.Input, kernel: 3, stride: 2, padding: 1), new(1, 3, 3), negative);
        Assert.That(y, Is.EqualTo(new[] { -1.0, -2.0, -4.0, -5.0 }));
        y = RunOne(b => b.MaxPool("p", b.Input, kernel: 2, stride: 2, ceilMode: true), new(1, 3, 3), Grid);
        Assert.That(y, Is.EqualTo(new[] { 4.0, 6.0, 8.0, -9.0 }));
    }

    [Test]
    public void AdaptivePoolingUsesTorchWindows()
    {
        var image = Enumerable.Range(0, 25).Select(i => (float)i).ToArray();
        var y = RunOne(b => b.AdaptiveAvgPool("p", b.Input, 3, 3), new(1, 5, 5), image);
        // rows/cols windows [0,2), [1,4), [3,5)
        double Mean(int r0, int r1, int c0, int c1)
        {
            double s = 0;
            for (int r = r0; r < r1; r++) for (int c = c0; c < c1; c++) s += r * 5 + c;
            return s / ((r1 - r0) * (c1 - c0));
        }
        var windows = new[] { (0, 2), (1, 4), (3, 5) };
        var expected = windows.SelectMany(r => windows.Select(c => Mean(r.Item1, r.Item2, c.Item1, c.Item2))).ToArray();
        Assert.That(y, Is.EqualTo(expected).Within(1e-12));
        Assert.That(WindowGeometry.AdaptiveWindow(1, 5, 3), Is.EqualTo((1, 4)));
    }

    [Test]
    public void GroupedConvolutionMatchesTheDefinition()
    {
        var b = new NetworkBuilder("g", new TensorShape(4, 6, 5));
        b.Conv("conv", b.Input, 6, kernel: 3, stride: 2, padding: 1, groups: 2);
        var network = b.Build();
        var weights = TestNetworks.RandomWeights(network, 4);
        var image = TestNetworks.Synthetic(network.InputShape, 1, 8).GetImage(0).ToArray();
        var y = FloatReference.Run(network, weights, image)["conv"];
        var w = weights.Get("conv.weight").Data;
        var bias = weights.Get("conv.bias").Data;
        var shape = network["conv"].OutputShape;
        for (int m = 0; m < 6; m++)
            for (int oh = 0; oh < shape.Height; oh++)
                for (int ow = 0; ow < shape.Width; ow++)
                {
                    double sum = bias[m];
                    for (int n = 0; n < 2; n++)
                        for (int kr = 0; kr < 3; kr++)
                            for (int kc = 0; kc < 3; kc++)
                            {
                                int ih = oh * 2 + kr - 1, iw = ow * 2 + kc - 1, channel = m / 3 * 2 + n;
                                if (ih >= 0 && ih < 6 && iw >= 0 && iw < 5)
                                    sum += (double)w[((m * 2 + n) * 3 + kr) * 3 + kc] * image[(channel * 6 + ih) * 5 + iw];
                            }
                    Assert.That(y[(m * shape.Height + oh) * shape.Width + ow], Is.EqualTo(sum).Within(1e-12));
                }
    }

    [Test]
    public void BatchNormUsesRunningStatisticsAndEpsilon()
    {
        var b = new NetworkBuilder("bn", new TensorShape(1, 1, 2));
        b.BatchNorm("bn", b.Input);
        var weights = new NetworkWeights();
        weights.Set("bn.weight", new WeightTensor([1], [2f]));
        weights.Set("bn.bias", new WeightTensor([1], [0.5f]));
        weights.Set("bn.running_mean", new WeightTensor([1], [1f]));
        weights.Set("bn.running_var", new WeightTensor([1], [4f]));
        var y = FloatReference.Run(b.Build(), weights, [3f, -1f])["bn"];
        double k = 2 / Math.Sqrt(4 + 1e-5);
        Assert.That(y, Is.EqualTo(new[] { 2 * k + 0.5, -2 * k + 0.5 }));
    }

    [Test]
    public void ReturnsEveryLayerAndTheInput()
    {
        var network = TestNetworks.EveryLayer();
        var weights = TestNetworks.RandomWeights(network, 1);
        var t = FloatReference.Run(network, weights, TestNetworks.Synthetic(network.InputShape, 1, 1).GetImage(0));
        Assert.That(t.Keys, Is.EquivalentTo(network.Nodes.Select(n => n.Layer.Name).Append("input")));
        foreach (var node in network.Nodes) Assert.That(t[node.Layer.Name], Has.Length.EqualTo(node.OutputShape.Elements), node.Layer.Name);
        Assert.That(t["dwrelu"].Max(), Is.LessThanOrEqualTo(6));
        Assert.That(t["relu1"].Min(), Is.GreaterThanOrEqualTo(0));
    }
}
