using ZooForge.Graph.Model;
using ZooForge.Graph.Zoo;
using ZooForge.Hardware.Accelerator;
using ZooForge.Hardware.Workloads;

namespace ZooForge.Hardware.Tests;

/// <summary>Builders shared by the hardware tests: layers in HotNAS's notation and designs in its [Tm,Tn,Tr,Tc,Tk,W_p,I_p,O_p] order.</summary>
internal static class TestData
{
    public static LayerWorkload Conv(string name, int m, int n, int r, int k, int s, int p,
        int? c = null, int? h = null, int? w = null, int? patternOnes = null, int weightBits = 0, int groups = 1, int batch = 1)
    {
        int cols = c ?? r;
        return new LayerWorkload
        {
            Name = name,
            Kind = OpKind.Conv,
            B = batch,
            M = m,
            N = n,
            R = r,
            C = cols,
            H = h ?? InputExtent(r, k, s, p),
            W = w ?? InputExtent(cols, k, s, p),
            K = k,
            S = s,
            P = p,
            Groups = groups,
            PatternOnes = patternOnes ?? k * k,
            IsPatternPruned = patternOnes is not null,
            WeightBits = weightBits,
            InputCount = 1,
        };
    }

    public static LayerWorkload Depthwise(string name, int channels, int r, int k, int s, int p, int? h = null) =>
        Conv(name, channels, channels, r, k, s, p, h: h, w: h) with { Kind = OpKind.DepthwiseConv };

    /// <summary>Smallest input extent giving <paramref name="outExtent"/> outputs: (out−1)·S + K − 2P.</summary>
    public static int InputExtent(int outExtent, int k, int s, int p) => Math.Max(1, (outExtent - 1) * s + k - 2 * p);

    public static AcceleratorDesign Design(int tm, int tn, int tr, int tc, int tk, int wp, int ip, int op,
        EngineTiling? depthwise = null, int dataBits = 16) => new()
    {
        Conv = new EngineTiling(tm, tn, tr, tc, tk),
        Ports = new PortWidths(wp, ip, op),
        Depthwise = depthwise,
        DataBits = dataBits,
    };

    /// <summary>HotNAS's published ZCU102 design for resnet18, [70,36,64,64,7,18,6,6].</summary>
    public static AcceleratorDesign HotNasResNet18 => Design(70, 36, 64, 64, 7, 18, 6, 6);

    public static LayerWorkload[] WorkloadsOf(string model) => WorkloadExtractor.Extract(BuiltinModels.Create(model));

    /// <summary>A seed derived from text that, unlike string.GetHashCode, is the same in every run.</summary>
    public static int StableSeed(string text) => text.Aggregate(17, (h, ch) => unchecked(h * 31 + ch));

    public static IEnumerable<string> AllModels => BuiltinModels.Names;
}
