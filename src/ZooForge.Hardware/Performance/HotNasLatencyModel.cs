using ZooForge.Graph.Model;
using ZooForge.Hardware.Accelerator;
using ZooForge.Hardware.Workloads;

namespace ZooForge.Hardware.Performance;

/// <summary>
/// HotNAS's analytical model (its public <c>PM_FPGA_Template.py</c>), reproduced term for term,
/// including its floating-point divisions, so results can be compared with the paper's code.
/// Only convolutions are counted, as there. The differences from running HotNAS's own script
/// are deliberate and limited to the inputs: layers get their true shapes (HotNAS feeds each
/// conv the previous conv's output, which gives ResNet's downsample convs the wrong size),
/// and grouped non-depthwise convolutions are costed as <c>groups</c> independent convolutions.
/// Depthwise layers without a depthwise engine use the conv engine's Tm with HotNAS's depthwise
/// formulas.
/// </summary>
public sealed class HotNasLatencyModel : LatencyModel
{
    /// <inheritdoc />
    public override string Name => "hotnas";

    /// <summary>
    /// HotNAS constrains DSP, BRAM and ports only, and its published ZCU102 designs rely on that:
    /// [70,36,64,64,7,…] at 16 bits would need about 2.8 M LUTs in ZooForge's PE array (a 7×7 window select per PE).
    /// </summary>
    public override bool ConstrainsLogic => false;

    /// <inheritdoc />
    public override string Description => "HotNAS PM_FPGA_Template formulas, conv layers only";

    /// <inheritdoc />
    public override bool Counts(OpKind kind) => kind.IsConvolution();

    /// <inheritdoc />
    public override LayerLatency EvaluateLayer(in LayerWorkload layer, AcceleratorDesign design)
    {
        if (EngineFor(layer, design) is not { } engine || layer.Kind == OpKind.Linear)
            return new LayerLatency(layer, ExecutionUnit.NotModelled, 0, Bottleneck.None, 0, 0, 0, 0);
        var t = Terms(layer, engine, design.Ports, out int tn);
        int b = layer.B * layer.Groups;
        int nN = CeilDiv(layer.N, tn), nR = CeilDiv(layer.R, engine.Tr), nC = CeilDiv(layer.C, engine.Tc), nM = CeilDiv(layer.M, engine.Tm);
        double lat1 = Math.Max(Math.Max(t.Input, t.Weight), t.Compute);
        double lat2 = Math.Max(nN * lat1, t.Output);
        double cycles = (double)((long)b * nR * nC * nM) * lat2;
        // HotNAS tests the terms in this order, so ties resolve the same way.
        var bottleneck = lat2 == t.Output ? Bottleneck.StoreOutput
            : lat1 == t.Input ? Bottleneck.LoadInput
            : lat1 == t.Weight ? Bottleneck.LoadWeight
            : Bottleneck.Compute;
        // Same left-to-right products as the Python, so the floating-point results agree.
        double input = t.Input * nN * b * nR * nC * nM;
        double output = t.Output * b * nR * nC * nM;
        double weight = t.Weight * nN * b * nR * nC * nM;
        double compute = t.Compute * nN * b * nR * nC * nM;
        var unit = layer.Kind == OpKind.DepthwiseConv && design.Depthwise is not null ? ExecutionUnit.DepthwiseEngine : ExecutionUnit.ConvEngine;
        return new LayerLatency(layer, unit, cycles, bottleneck, input, weight, output, compute);
    }

    /// <inheritdoc />
    public override double Cycles(in LayerWorkload layer, AcceleratorDesign design)
    {
        if (!layer.Kind.IsConvolution()) return 0;
        var engine = layer.Kind == OpKind.DepthwiseConv ? design.Depthwise ?? design.Conv : design.Conv;
        var t = Terms(layer, engine, design.Ports, out int tn);
        double lat1 = Math.Max(Math.Max(t.Input, t.Weight), t.Compute);
        double lat2 = Math.Max(CeilDiv(layer.N, tn) * lat1, t.Output);
        long tiles = (long)layer.B * layer.Groups * CeilDiv(layer.R, engine.Tr) * CeilDiv(layer.C, engine.Tc) * CeilDiv(layer.M, engine.Tm);
        return tiles * lat2;
    }

    /// <inheritdoc />
    public override double ComputeBoundCycles(in LayerWorkload layer, AcceleratorDesign design)
    {
        if (!layer.Kind.IsConvolution()) return 0;
        var engine = layer.Kind == OpKind.DepthwiseConv ? design.Depthwise ?? design.Conv : design.Conv;
        int tn = layer.Kind == OpKind.DepthwiseConv ? engine.Tm : engine.Tn;
        long tiles = (long)layer.B * layer.Groups * CeilDiv(layer.R, engine.Tr) * CeilDiv(layer.C, engine.Tc) * CeilDiv(layer.M, engine.Tm);
        return (double)tiles * CeilDiv(layer.N, tn) * ComputeTerm(layer, engine);
    }

    /// <inheritdoc />
    public override string? Incompatibility(in LayerWorkload layer, AcceleratorDesign design)
    {
        if (layer.Kind.IsConvolution() && design.DataBits != 16)
            return $"the hotnas model describes 16-bit designs only (this design is {design.DataBits}-bit); use --perf-model zooforge";
        return base.Incompatibility(layer, design);
    }

    private readonly record struct TileTerms(double Input, double Weight, double Output, double Compute);

    private static TileTerms Terms(in LayerWorkload layer, EngineTiling engine, PortWidths ports, out int tn)
    {
        int tm = engine.Tm, tr = engine.Tr, tc = engine.Tc;
        bool depthwise = layer.Kind == OpKind.DepthwiseConv;
        // HotNAS's dconv template forces Tn = Tm and loads Tm·1·K² weights per tile.
        tn = depthwise ? tm : engine.Tn;
        long weightsPerTile = depthwise ? (long)tm * layer.K * layer.K : (long)tm * tn * layer.K * layer.K;
        double weight = layer.WeightBits > 0
            ? weightsPerTile / Math.Floor(ports.Weight * 16 / (double)layer.WeightBits)
            : weightsPerTile / (double)ports.Weight;
        double input = (double)((long)Math.Min(tn, layer.N) * Math.Min(tr, layer.R) * Math.Min(tc, layer.C)) / ports.Input;
        double output = (double)((long)Math.Min(tm, layer.M) * CeilDiv(Math.Min(tr, layer.R), layer.S) * CeilDiv(Math.Min(tc, layer.C), layer.S)) / ports.Output;
        return new TileTerms(input, weight, output, ComputeTerm(layer, engine));
    }

    private static double ComputeTerm(in LayerWorkload layer, EngineTiling engine) =>
        (double)layer.PatternOnes
        * CeilDiv(Math.Min(engine.Tr, layer.R + 2 * layer.P), layer.S)
        * CeilDiv(Math.Min(engine.Tc, layer.C + 2 * layer.P), layer.S);

    private static int CeilDiv(int a, int b) => (a + b - 1) / b;
}
