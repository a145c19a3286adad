using ZooForge.Asic.Cost;
using ZooForge.Asic.Dataflows;
using ZooForge.Asic.Description;
using ZooForge.Asic.Problem;

namespace ZooForge.Asic.Tests.Cost;

/// <summary>
/// One recorded MAESTRO run: the layer, MAESTRO's dataflow file, the hardware file's num_pes,
/// noc_bw_cstr and offchip_bw_cstr, --num_simd_lanes, and the CSV's "Runtime (Cycles)".
/// </summary>
public sealed record MaestroCase(string Layer, string MaestroDataflow, int Pes, int NocBandwidth, int OffChipBandwidth, long MaestroCycles, int SimdLanes = 1)
{
    /// <summary>Largest relative runtime difference the issue allows.</summary>
    public const double Tolerance = 0.15;

    // MAESTRO's files and the template each stands for: its three dataflow files, its depthwise
    // file dpt.m, and the two files with their output-channel directives written on C for DSCONV.
    private static readonly Dictionary<string, Dataflow> Templates = new()
    {
        ["kcp_ws"] = Dataflow.WeightStationary, ["ykp_os"] = Dataflow.OutputStationary, ["rs"] = Dataflow.RowStationary,
        ["dpt"] = Dataflow.WeightStationary, ["ykp_os_dw"] = Dataflow.OutputStationary, ["rs_dw"] = Dataflow.RowStationary,
    };

    /// <summary>
    /// The layer of a MAESTRO layer file: its K, C, R = S, Y and X (the padded input, so that MAESTRO's
    /// unpadded output size is torchvision's) and stride. A depthwise (DSCONV) layer has K = 1 and its
    /// channels in C; a 1×1 layer on a 1×1 input is fully connected.
    /// </summary>
    public static AsicLayer LayerOf(string name, int k, int c, int r, int y, int x, int stride, bool depthwise) => new()
    {
        Name = name,
        Kind = depthwise ? LayerKind.Depthwise : r == 1 && y == 1 ? LayerKind.FullyConnected : LayerKind.Conv,
        K = depthwise ? 1 : k, C = c, R = r, S = r,
        P = (y - r) / stride + 1, Q = (x - r) / stride + 1, Stride = stride, InputHeight = y, InputWidth = x,
    };

    /// <summary>The hardware file as a description: no buffer limit, one MAC per SIMD lane.</summary>
    public SpatialAccelerator Hardware() => new()
    {
        Name = "maestro", PeX = Pes, PeY = 1, L1Bytes = 1_000_000, L2Bytes = 100_000_000,
        NocBandwidth = NocBandwidth, OffChipBandwidth = OffChipBandwidth, ClockMhz = 1000, MacsPerPe = SimdLanes,
    };

    /// <summary>Our runtime of <paramref name="layer"/> under the template MAESTRO's file stands for.</summary>
    public long OurCycles(in AsicLayer layer)
    {
        var hw = Hardware();
        var mapping = DataflowTemplates.Create(Templates[MaestroDataflow], layer, hw.Pes);
        return LoopNestCostModel.Evaluate(layer, hw, mapping).Cycles;
    }

    /// <summary>Asserts that our runtime is within <see cref="Tolerance"/> of MAESTRO's, and logs both.</summary>
    public void AssertAgrees(in AsicLayer layer)
    {
        long cycles = OurCycles(layer);
        double diff = (cycles - MaestroCycles) / (double)MaestroCycles;
        TestContext.Out.WriteLine($"GOLDEN {this} maestro={MaestroCycles} ours={cycles} diff={diff * 100:+0.0;-0.0}%");
        Assert.That(Math.Abs(diff), Is.LessThanOrEqualTo(Tolerance), $"ours {cycles} vs MAESTRO {MaestroCycles} ({diff * 100:+0.0;-0.0}%)");
    }

    /// <inheritdoc />
    public override string ToString() => $"{Layer} {MaestroDataflow} {Pes}PE noc{NocBandwidth} off{OffChipBandwidth}{(SimdLanes > 1 ? $" simd{SimdLanes}" : "")}";
}
