using ZooForge.Compression.Quantization;
using ZooForge.Graph.Model;

namespace ZooForge.Emit.Passes;

/// <summary>
/// Places every tensor in the DRAM activation buffer: the input at 0, then each op's output in
/// execution order, none reused, so the testbench can compare every op's output after a run. A
/// flatten is a view: its output shares its input's region.
/// </summary>
public sealed class AllocateActivationsPass : IEmitPass
{
    /// <inheritdoc />
    public string Name => "allocate-activations";

    /// <inheritdoc />
    public void Run(EmitContext context)
    {
        long next = 0;
        void Place(string name)
        {
            context.Offsets[name] = checked((int)next);
            next += context.ShapeOf(name).Elements;
        }
        Place(Network.InputName);
        foreach (var op in context.Network.Ops)
        {
            if (op is QFlatten f) context.Offsets[f.Name] = context.Offsets[f.Input];
            else Place(op.Name);
        }
        if (next > int.MaxValue) throw new EmitException($"network '{context.Network.Name}': {next} activation values do not fit a 32-bit offset");
        context.ActivationSize = (int)next;
    }
}
