using ZooForge.Compression.Quantization;
using ZooForge.Emit.Model;
using ZooForge.Graph.Model;
using ZooForge.Hardware.Designs;
using ZooForge.Hardware.Devices;

namespace ZooForge.Emit.Passes;

/// <summary>The state the emit passes read and fill in, in pipeline order.</summary>
public sealed class EmitContext
{
    /// <summary>Starts a pipeline over a design, its loaded network and its device.</summary>
    public EmitContext(DesignDocument design, QuantizedNetwork network, Device device)
    {
        Design = design;
        Network = network;
        Device = device;
        Shapes = QuantizedNetworkChecks.Validate(network);
    }

    /// <summary>The design.</summary>
    public DesignDocument Design { get; }
    /// <summary>Its quantized network.</summary>
    public QuantizedNetwork Network { get; }
    /// <summary>Its device.</summary>
    public Device Device { get; }
    /// <summary>Shape of every tensor (input and op outputs).</summary>
    public IReadOnlyDictionary<string, TensorShape> Shapes { get; }
    /// <summary>Activation-buffer offset of every tensor (<see cref="AllocateActivationsPass"/>).</summary>
    public Dictionary<string, int> Offsets { get; } = new(StringComparer.Ordinal);
    /// <summary>Words of the activation buffer (<see cref="AllocateActivationsPass"/>).</summary>
    public int ActivationWords { get; set; }
    /// <summary>Packed weights (<see cref="ScheduleLayersPass"/>).</summary>
    public List<int> Weights { get; } = [];
    /// <summary>Packed parameters (<see cref="ScheduleLayersPass"/>).</summary>
    public List<int> Params { get; } = [];
    /// <summary>The schedule (<see cref="ScheduleLayersPass"/>).</summary>
    public List<EmitLayer> Layers { get; } = [];

    /// <summary>Shape of tensor <paramref name="name"/>.</summary>
    public TensorShape ShapeOf(string name) => Shapes[name];
}

/// <summary>One named step of the emit pipeline (hls4ml's optimizer passes, FINN's build steps).</summary>
public interface IEmitPass
{
    /// <summary>Name shown in errors and timing output.</summary>
    string Name { get; }

    /// <summary>Runs the pass; throws <see cref="EmitException"/> naming the field or layer at fault.</summary>
    void Run(EmitContext context);
}
