using ZooForge.Compression.Quantization;
using ZooForge.Graph.Model;

namespace ZooForge.Emit.Passes;

/// <summary>
/// Places every tensor in the DRAM activation buffer: the input at 0, then each op's output in
/// execution order, none reused, so the testbench can compare every op's output after a run. A
/// flatten is a view: its output shares its input's region. Tensors are stored in channel blocks
/// of one activation word (<see cref="ActivationLayout"/>), so offsets and the size count words.
/// </summary>
public sealed class AllocateActivationsPass : IEmitPass
{
    /// <inheritdoc />
    public string Name => "allocate-activations";

    /// <inheritdoc />
    public void Run(EmitContext context)
    {
        long next = 0;
        var layout = ActivationLayout.Of(context);
        void Place(string name)
        {
            context.Offsets[name] = checked((int)next);
            next += layout.Words(context.ShapeOf(name));
        }
        Place(Network.InputName);
        foreach (var op in context.Network.Ops)
        {
            if (op is QFlatten f) context.Offsets[f.Name] = context.Offsets[f.Input];
            else Place(op.Name);
        }
        if (next > int.MaxValue) throw new EmitException($"network '{context.Network.Name}': {next} activation words do not fit a 32-bit offset");
        context.ActivationWords = (int)next;
    }
}
