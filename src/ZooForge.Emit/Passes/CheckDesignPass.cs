using ZooForge.Compression.Quantization;
using ZooForge.Hardware.Accelerator;
using ZooForge.Hardware.Performance;

namespace ZooForge.Emit.Passes;

/// <summary>
/// Checks the design against its network before anything is generated: data_bits equal to the
/// network's bits, kernels larger than the engine's Tk run as passes, a depthwise engine for depthwise layers,
/// and only layer shapes the kernels implement (grouped convolutions other than depthwise are
/// rejected, naming the layer).
/// </summary>
public sealed class CheckDesignPass : IEmitPass
{
    /// <summary>Largest tile side the generated buffers accept.</summary>
    public const int MaxTileSide = 256;

    /// <summary>Largest Tm·Tn array (one MAC per DSP plus packing would not fit any catalogue part beyond it).</summary>
    public const int MaxMacs = 16384;

    /// <inheritdoc />
    public string Name => "check-design";

    /// <inheritdoc />
    public void Run(EmitContext context)
    {
        var design = context.Design;
        var a = design.Accelerator;
        var network = context.Network;
        string where = $"design '{design.Name}'";
        if (a.DataBits != network.Bits)
            throw new EmitException($"{where}: field 'data_bits' is {a.DataBits} but network '{network.Name}' ({network.Scheme}) has {network.Bits}-bit values");
        // One activation layout serves both ports (ActivationLayout): the model's rule, so the DSE
        // never picks a design the emitter refuses.
        if (LatencyModels.ZooForge.PortIncompatibility(a.Ports) is not null)
            throw new EmitException($"{where}: fields 'ports.input' and 'ports.output' must be equal (one activation layout of {PortWidths.ValuesPerBeat(a.Ports.Output, a.DataBits)}-value words serves both ports), got {a.Ports.Input} and {a.Ports.Output} lanes");
        CheckEngine(where, "conv", a.Conv.Tm, a.Conv.Tn, a.Conv.Tr, a.Conv.Tc);
        if (a.Depthwise is { } d) CheckEngine(where, "depthwise", d.Tm, d.Tn, d.Tr, d.Tc);
        foreach (var op in network.Ops)
        {
            switch (op)
            {
                case QConv c when c.Groups == 1:
                    // A kernel larger than Tk runs as Tk x Tk passes (KernelDecomposition); the tile holds one pass's window.
                    CheckTile(where, "conv", c, a.Conv.Tr, a.Conv.Tc, a.DataBits, a.Conv.Tk);
                    break;
                case QConv c when c.Groups == c.InChannels && c.Groups == c.OutChannels:
                    if (a.Depthwise is not { } dw)
                        throw new EmitException($"{where}: layer '{c.Name}' is depthwise but the design has no depthwise engine (field 'depthwise')");
                    CheckTile(where, "depthwise", c, dw.Tr, dw.Tc, a.DataBits, dw.Tk);
                    break;
                case QConv c:
                    throw new EmitException($"{where}: layer '{c.Name}': grouped convolution ({c.Groups} groups of {c.InChannels / c.Groups} channels) is not supported by the HLS kernels (only groups = 1 and depthwise)");
                case QPool { IsAdaptive: false } p when p.Kernel > 64:
                    throw new EmitException($"{where}: layer '{p.Name}': pooling window {p.Kernel} exceeds the kernels' limit of 64");
                case QPool or QAdd or QConcat or QClamp or QFlatten:
                    break;
                default:
                    throw new EmitException($"{where}: layer '{op.Name}': op type {op.GetType().Name} is not supported by the HLS kernels");
            }
        }
    }

    // Tr x Tc is the input tile, halo included: it must hold one kernel window. Pattern ids travel
    // in the weight stream as data values, so they must fit one.
    private static void CheckTile(string where, string field, QConv c, int tr, int tc, int bits, int tk)
    {
        int window = KernelDecomposition.Of(c.Kernel, tk).Window;
        if (tr < window || tc < window)
            throw new EmitException($"{where}: layer '{c.Name}': the input tile '{field}.tr' x '{field}.tc' = {tr}x{tc} cannot hold its {window}x{window} kernel window");
        int maxId = (1 << (bits - 1)) - 1;
        if (c.Patterns is { } patterns && patterns.Count - 1 > Math.Min(maxId, 255))
            throw new EmitException($"{where}: layer '{c.Name}' has {patterns.Count} patterns; its pattern ids must fit a {bits}-bit value (at most {Math.Min(maxId, 255) + 1} patterns)");
    }

    private static void CheckEngine(string where, string field, int tm, int tn, int tr, int tc)
    {
        if (tr > MaxTileSide || tc > MaxTileSide)
            throw new EmitException($"{where}: fields '{field}.tr' and '{field}.tc' must be at most {MaxTileSide}, got {tr} and {tc}");
        if ((long)tm * tn > MaxMacs)
            throw new EmitException($"{where}: field '{field}': Tm x Tn = {tm} x {tn} exceeds {MaxMacs} MACs");
    }
}
