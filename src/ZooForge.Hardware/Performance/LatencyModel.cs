using ZooForge.Graph.Model;
using ZooForge.Hardware.Accelerator;
using ZooForge.Hardware.Workloads;

namespace ZooForge.Hardware.Performance;

/// <summary>
/// A latency model of the accelerator template. Every model answers three questions about a
/// layer on a design: the detailed breakdown (for reports), the cycles alone (the fast path
/// the DSE calls millions of times) and a lower bound that ignores memory bandwidth (which
/// lets the DSE discard whole tilings without losing the optimum).
/// </summary>
public abstract class LatencyModel
{
    /// <summary>Name used on the command line.</summary>
    public abstract string Name { get; }

    /// <summary>One-line description for help text and reports.</summary>
    public abstract string Description { get; }

    /// <summary>Latency of one layer with its breakdown.</summary>
    public abstract LayerLatency EvaluateLayer(in LayerWorkload layer, AcceleratorDesign design);

    /// <summary>Cycles of one layer; equal to <see cref="EvaluateLayer"/>'s but without the breakdown.</summary>
    public abstract double Cycles(in LayerWorkload layer, AcceleratorDesign design);

    /// <summary>
    /// A lower bound on <see cref="Cycles"/> that holds for every port configuration: the
    /// latency with unlimited memory bandwidth.
    /// </summary>
    public abstract double ComputeBoundCycles(in LayerWorkload layer, AcceleratorDesign design);

    /// <summary>
    /// Whether the DSE holds designs to the device's LUTs and FFs as well as its DSPs, BRAM18 and
    /// port bits. True for ZooForge's template, whose PE array is mostly LUTs.
    /// </summary>
    public virtual bool ConstrainsLogic => true;

    /// <summary>
    /// Whether a layer's latency never increases when an activation port (I_p or O_p) widens, all
    /// else equal. Every model's latency is non-increasing in W_p (the weight term is a ceiling
    /// division by the values per beat and nothing else depends on it); the DSE leaves out
    /// narrower activation ports only where this holds as well.
    /// </summary>
    public virtual bool MonotoneInActivationPorts => true;

    /// <summary>Why the model's template cannot use these port widths at all, or null if it can.</summary>
    public virtual string? PortIncompatibility(PortWidths ports) => null;

    /// <summary>Whether the model counts layers of this kind at all (HotNAS counts convolutions only).</summary>
    public virtual bool Counts(OpKind kind) => true;

    /// <summary>Why the design cannot run this layer, or null if it can.</summary>
    public virtual string? Incompatibility(in LayerWorkload layer, AcceleratorDesign design)
    {
        var engine = EngineFor(layer, design);
        if (engine is not { } t) return null;
        if (layer.K > t.Tk)
            return $"layer '{layer.Name}': kernel {layer.K}x{layer.K} exceeds the engine's Tk={t.Tk}";
        return null;
    }

    /// <summary>Evaluates every layer; throws <see cref="WorkloadException"/> naming the first layer the design cannot run.</summary>
    public NetworkLatency Evaluate(IReadOnlyList<LayerWorkload> layers, AcceleratorDesign design)
    {
        var result = new LayerLatency[layers.Count];
        for (int i = 0; i < layers.Count; i++)
        {
            var layer = layers[i];
            if (Incompatibility(layer, design) is { } problem) throw new WorkloadException(problem);
            result[i] = EvaluateLayer(layer, design);
        }
        return new NetworkLatency(Name, design, result);
    }

    /// <summary>Sum of <see cref="Cycles"/> over the layers, without checks or allocation.</summary>
    public double TotalCycles(LayerWorkload[] layers, AcceleratorDesign design)
    {
        double sum = 0;
        for (int i = 0; i < layers.Length; i++) sum += Cycles(layers[i], design);
        return sum;
    }

    /// <summary>Sum of <see cref="ComputeBoundCycles"/> over the layers.</summary>
    public double TotalComputeBoundCycles(LayerWorkload[] layers, AcceleratorDesign design)
    {
        double sum = 0;
        for (int i = 0; i < layers.Length; i++) sum += ComputeBoundCycles(layers[i], design);
        return sum;
    }

    /// <summary>
    /// The engine a layer runs on: depthwise layers use the depthwise engine when the design has
    /// one and otherwise the conv engine; pooling and additions have none.
    /// </summary>
    protected static EngineTiling? EngineFor(in LayerWorkload layer, AcceleratorDesign design) => layer.Kind switch
    {
        OpKind.DepthwiseConv => design.Depthwise ?? design.Conv,
        OpKind.Conv or OpKind.GroupedConv or OpKind.Linear => design.Conv,
        _ => null,
    };
}
