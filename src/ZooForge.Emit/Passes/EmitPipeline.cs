using System.Globalization;
using System.Text;
using ZooForge.Compression.Quantization;
using ZooForge.Emit.Model;
using ZooForge.Graph.Model;
using ZooForge.Hardware.Accelerator;
using ZooForge.Hardware.Designs;
using ZooForge.Hardware.Devices;

namespace ZooForge.Emit.Passes;

/// <summary>The named passes, in order, and the <see cref="EmitModel"/> they produce.</summary>
public static class EmitPipeline
{
    /// <summary>Kernel headers every project carries (under <c>kernels/</c>).</summary>
    public static readonly IReadOnlyList<string> KernelHeaders =
        ["zf_ap.h", "zf_ap_compat.h", "zf_types.h", "zf_count.h", "zf_requant.h", "zf_conv.h", "zf_pool.h", "zf_eltwise.h"];

    /// <summary>Scripts every project carries (under <c>scripts/</c>), run by its Makefile.</summary>
    public static readonly IReadOnlyList<string> Scripts = ["zf_check_ii.tcl"];

    /// <summary>The passes <see cref="Build"/> runs.</summary>
    public static IReadOnlyList<IEmitPass> Passes { get; } =
        [new CheckDesignPass(), new AllocateActivationsPass(), new ScheduleLayersPass()];

    /// <summary>Runs every pass over the design and builds the template model.</summary>
    /// <exception cref="EmitException">The design cannot be emitted (names the field or layer).</exception>
    public static EmitModel Build(DesignDocument design, QuantizedNetwork network, Device device)
    {
        EmitContext context;
        try
        {
            context = new EmitContext(design, network, device);
        }
        catch (QuantizationException e)
        {
            throw new EmitException($"{design.NetworkPath}: {e.Message}", e);
        }
        foreach (var pass in Passes) pass.Run(context);
        return ToModel(context);
    }

    private static EmitModel ToModel(EmitContext context)
    {
        var design = context.Design;
        var a = design.Accelerator;
        var network = context.Network;
        var convs = network.Ops.OfType<QConv>().ToArray();
        var pools = network.Ops.OfType<QPool>().Where(p => !p.IsAdaptive).ToArray();
        var layers = context.Layers;
        var conv = new EmitEngine(a.Conv.Tm, a.Conv.Tn, a.Conv.Tr, a.Conv.Tc, a.Conv.Tk);
        var depthwise = a.Depthwise is { } d ? new EmitEngine(d.Tm, 1, d.Tr, d.Tc, d.Tk) : conv with { Tn = 1 };
        var ops = network.Ops.Select((op, i) =>
        {
            var shape = context.ShapeOf(op.Name);
            var stored = op is QFlatten f ? context.ShapeOf(f.Input) : shape;
            return new EmitOp(i, op.Name, QuantizedNetworkChecks.KindOf(op), $"op_{i:D3}", context.Offsets[op.Name], (int)shape.Elements, shape.ToString(),
                stored.Channels, stored.Height, stored.Width);
        }).ToArray();
        int maxWindow = Math.Max(1, pools.Select(p => p.Kernel).DefaultIfEmpty(1).Max());
        foreach (var op in network.Ops.OfType<QPool>().Where(p => p.IsAdaptive))
        {
            var input = context.ShapeOf(op.Inputs[0]);
            var output = context.ShapeOf(op.Name);
            // The widest adaptive window: ceil(size/out) + 1 bounds every one.
            maxWindow = Math.Max(maxWindow, Math.Max((input.Height + output.Height - 1) / output.Height + 1, (input.Width + output.Width - 1) / output.Width + 1));
        }
        int weightWord = PortWidths.ValuesPerBeat(a.Ports.Weight, network.Bits);
        return new EmitModel
        {
            Name = design.Name,
            Network = network.Name,
            Scheme = network.Scheme.ToString(),
            Bits = network.Bits,
            Device = context.Device.Name,
            Part = context.Device.Part,
            ClockMhz = a.ClockMhz.ToString("R", CultureInfo.InvariantCulture),
            ClockPeriodNs = (1000.0 / a.ClockMhz).ToString("0.###", CultureInfo.InvariantCulture),
            Conv = conv,
            Depthwise = depthwise,
            Dense = a.Dense ? 1 : 0,
            MaxStride = Math.Max(1, convs.Select(c => c.Stride).DefaultIfEmpty(1).Max()),
            MaxTaps = Math.Max(1, layers.Select(l => l.Taps).DefaultIfEmpty(1).Max()),
            MaxWindow = maxWindow,
            MaxPatterns = Math.Max(1, layers.Select(l => l.Patterns).DefaultIfEmpty(1).Max()),
            WeightWord = weightWord,
            WeightWords = context.Weights.Count / weightWord,
            MacsPerDsp = a.MacsPerDsp,
            WeightPortBits = PortBits(a.Ports.Weight),
            ActivationWord = ActivationLayout.Of(context).ValuesPerWord,
            ActivationWords = context.ActivationWords,
            MaxElements = (int)Math.Max(network.InputShape.Elements, context.Shapes.Values.Max(s => s.Elements)),
            MaxPoolPlane = Math.Max(1, network.Ops.OfType<QPool>().Select(p => context.ShapeOf(p.Inputs[0])).Select(s => s.Height * s.Width).DefaultIfEmpty(1).Max()),
            InputChannels = network.InputShape.Channels,
            InputHeight = network.InputShape.Height,
            InputWidth = network.InputShape.Width,
            InputElements = (int)network.InputShape.Elements,
            InputShape = network.InputShape.ToString(),
            Ops = ops,
            Layers = layers.ToArray(),
            OutputOp = ops.Length - 1,
            WeightCount = context.Weights.Count,
            WeightRows = Rows(context.Weights),
            WeightStorage = network.Bits <= 8 ? "int8_t" : "int16_t",
            ParamCount = context.Params.Count,
            ParamRows = Rows(context.Params),
            UsesConv = layers.Any(l => l.Kind == KernelKinds.Conv),
            UsesDepthwise = layers.Any(l => l.Kind == KernelKinds.Depthwise),
            UsesPool = layers.Any(l => KernelKinds.IsPool(l.Kind)),
            UsesEltwise = layers.Any(l => KernelKinds.IsEltwise(l.Kind)),
            KernelHeaders = KernelHeaders,
        };
    }

    // 16 bits per lane, rounded down to a power of two.
    private static int PortBits(int lanes) => Math.Clamp(1 << (31 - int.LeadingZeroCount(16 * lanes)), 8, 1024);

    // C initializer rows of 24 values; at least one row so an empty array still compiles.
    private static IReadOnlyList<string> Rows(List<int> values)
    {
        if (values.Count == 0) return ["0,"];
        var rows = new List<string>();
        for (int i = 0; i < values.Count; i += 24)
        {
            var row = new StringBuilder();
            for (int j = i; j < Math.Min(i + 24, values.Count); j++)
                row.Append(values[j].ToString(CultureInfo.InvariantCulture)).Append(',');
            rows.Add(row.ToString());
        }
        return rows;
    }
}
