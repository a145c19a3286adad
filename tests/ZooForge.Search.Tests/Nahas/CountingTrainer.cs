using ZooForge.Graph.Model;
using ZooForge.Search.Nahas;

namespace ZooForge.Search.Tests.Nahas;

/// <summary>
/// Stands in for the TorchSharp fine-tuner (tested in ZooForge.Torch.Tests) where a test is about
/// caching, constraints and persistence: a network with more MACs scores higher, every call is
/// counted, and <see cref="Fail"/> makes a call throw as a diverged fine-tune does.
/// </summary>
internal sealed class CountingTrainer : INahasTrainer
{
    public int Calls { get; private set; }

    public Func<MnasNetArchitecture, bool> Fail { get; init; } = _ => false;

    public (int Correct, int Total) Evaluate(MnasNetArchitecture architecture, long seed)
    {
        Calls++;
        if (Fail(architecture)) throw new NonFiniteValueException($"fine-tune of {architecture} diverged: loss NaN");
        long macs = Asic.Problem.AsicLayers.FromNetwork(architecture.Build()).Sum(l => l.Macs);
        return ((int)Math.Min(1000, 800 + macs / 50_000), 1000);
    }
}
